import type { Server } from 'node:http';

/**
 * Closes `server` and waits for it. Hung requests keep their sockets open; close() alone would
 * wait for them forever, so every connection is closed first.
 */
export async function closeServer(server: Server | null): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
