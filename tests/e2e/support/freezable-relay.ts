import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of Temporal that the test can freeze like a stalled network or an
 * overloaded server: bytes wait in the relay until it thaws, connections stay open.
 */
export async function freezableRelay(target: { host: string; port: number }) {
  const pairs: [Socket, Socket][] = [];
  let frozen = false;
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    pairs.push([client, upstream]);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      from.on('data', (chunk) => to.write(chunk));
      from.on('error', () => undefined);
      from.on('close', () => to.destroy());
      if (frozen) from.pause();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    freeze() {
      frozen = true;
      for (const pair of pairs) for (const socket of pair) socket.pause();
    },
    thaw() {
      frozen = false;
      for (const pair of pairs) for (const socket of pair) socket.resume();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of pairs) for (const socket of pair) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
