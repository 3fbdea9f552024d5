// A slow link in front of a local server: one shared downstream of `mbit`
// Mbit/s and `rttMs` round trip, for every connection the browser opens
// (the page, its workers and its service worker alike). CDP's network
// emulation throttles the page's own requests but not a dedicated worker's,
// and the kernel archive is fetched by the machine's worker.
import net from 'node:net';

/** Starts the proxy; resolves to its port and a close(). */
export function slowLink(target, { mbit = 10, rttMs = 40 } = {}) {
  const bytesPerMs = (mbit * 1e6) / 8 / 1000;
  const oneWay = rttMs / 2;
  /** When the shared downstream is free again. */
  let linkFreeAt = 0;
  const sockets = new Set();
  const server = net.createServer((client) => {
    sockets.add(client);
    const upstream = net.connect(target.port, target.host);
    sockets.add(upstream);
    // The TCP handshake's round trip, then each chunk one way late.
    const opened = new Promise((r) => setTimeout(r, rttMs));
    // Upstream, order matters too: one promise chain per connection.
    let sent = opened;
    client.on('data', (chunk) => {
      sent = sent
        .then(() => new Promise((r) => setTimeout(r, oneWay)))
        .then(() => upstream.write(chunk));
    });
    // Chunks leave in order, each when its last byte would have crossed the link.
    const queue = [];
    let timer;
    const pump = () => {
      timer = undefined;
      while (queue.length && queue[0].due <= performance.now() + 0.5) {
        const { chunk } = queue.shift();
        if (client.writable) client.write(chunk);
      }
      if (queue.length) timer = setTimeout(pump, queue[0].due - performance.now());
    };
    upstream.on('data', (chunk) => {
      const sendAt = Math.max(performance.now() + oneWay, linkFreeAt);
      linkFreeAt = sendAt + chunk.length / bytesPerMs;
      queue.push({ chunk, due: linkFreeAt });
      if (!timer) timer = setTimeout(pump, linkFreeAt - performance.now());
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', () => setTimeout(end, Math.max(0, linkFreeAt - performance.now())));
    upstream.on('close', () => setTimeout(end, Math.max(0, linkFreeAt - performance.now()) + 1));
    client.on('error', end);
    upstream.on('error', end);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: server.address().port,
        close: () =>
          new Promise((r) => {
            for (const s of sockets) s.destroy();
            server.close(r);
          }),
      }),
    ),
  );
}
