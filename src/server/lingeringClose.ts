import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** How long a refused client may keep sending before its connection is cut (nginx's lingering_time idea). */
export const LINGER_MS = 2_000;

/**
 * When the server answers before a request's body has arrived (a 413 for a body over the limit),
 * it closes the connection. Closing a socket whose peer is still sending makes the kernel answer
 * the next incoming bytes with a TCP reset, and a reset can make the client's kernel drop the
 * answer it has received but not yet read: the client sees EPIPE/ECONNRESET instead of the 413.
 * So such a connection half-closes (our FIN goes out after the answer), reads and discards what
 * the client still sends, and is destroyed when the client stops or after LINGER_MS at most.
 */
export function lingerOnEarlyClose(server: Server): void {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // Runs before Node's own finish handler, which is what ends the socket.
    res.prependListener('finish', () => {
      const socket = req.socket as Socket & { destroySoon?: () => void };
      if (req.complete || socket.destroyed) return;
      // Only reached when Node closes this connection (a keep-alive one reads the rest instead).
      let lingering = false;
      socket.destroySoon = () => {
        if (!lingering) linger(socket, req);
        lingering = true;
      };
    });
  });
}

function linger(socket: Socket, req: IncomingMessage): void {
  const cut = setTimeout(() => socket.destroy(), LINGER_MS);
  cut.unref();
  socket.once('close', () => clearTimeout(cut));
  socket.once('end', () => socket.destroy());
  socket.once('error', () => socket.destroy());
  socket.end();
  // Unread body bytes flow through the request: drop them so the client's writes are not blocked.
  req.resume();
  socket.resume();
}
