import { createServer, type AddressInfo } from 'node:net';

/** A port on 127.0.0.1 free a moment ago, for a server the test cannot start on port 0. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
