import type { AddressInfo, Server } from 'node:net';

/** Starts `server` on 127.0.0.1 at a port the OS picks, and returns that port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
