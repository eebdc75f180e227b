import { createServer, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a test server whose connections can be cut at will (both sides
 * destroyed, as a network drop or a load balancer restart would), to test stream resumption.
 */
export async function cutProxy(target: { port: number }): Promise<{ url: string; cut(): number; close(): Promise<void> }> {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = new (client.constructor as typeof Socket)();
    upstream.connect(target.port, '127.0.0.1');
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const cut = () => {
    const count = open.size;
    for (const socket of open) socket.destroy();
    return count;
  };
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    cut,
    close: async () => {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
