/** Shows at most a short prefix of a secret: `sk_live_51H…(32 chars)` becomes `sk_l…`. */
export function maskSecret(secret: string): string {
  const visible = Math.min(4, Math.floor(secret.length / 4));
  return `${secret.slice(0, visible)}${'•'.repeat(Math.min(8, Math.max(3, secret.length - visible)))}`;
}
