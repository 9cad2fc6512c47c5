export const config = {
  port: Number(process.env.PORT ?? 3000),
  stripeKey: process.env.STRIPE_KEY,
};
