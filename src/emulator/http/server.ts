import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApiError } from '../errors';
import { sendError, sendPlain } from './responses';

/** Largest request body the emulator reads (1 MiB); larger ones are refused unread. */
export const MAX_BODY_BYTES = 1024 * 1024;

type BodyHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void>;

function tooLarge(res: ServerResponse, admin: boolean): void {
  res.setHeader('Connection', 'close');
  const msg = `Request body exceeds ${MAX_BODY_BYTES} bytes`;
  if (admin) sendPlain(res, 400, { error: msg });
  else sendError(res, new ApiError('SerializationException', msg));
}

/**
 * The keep-alive HTTP server: reads bodies up to 1 MiB, then hands `/_emulator/...` to the admin
 * handler (when enabled) and everything else to the CloudHSM API handler.
 */
export function createHttpServer(api: BodyHandler, admin: BodyHandler | undefined): Server {
  const server = createServer(
    { keepAlive: true, keepAliveTimeout: 60_000, requestTimeout: 60_000 },
    (req, res) => {
      const adminPath = (req.url ?? '').startsWith('/_emulator/');
      if (adminPath && admin === undefined) {
        // --no-admin: the admin API does not exist (and is not mistaken for a CloudHSM call).
        sendPlain(res, 404, { error: 'the admin API is disabled (--no-admin)' });
        req.resume();
        return;
      }
      const isAdmin = adminPath;
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > MAX_BODY_BYTES) {
        res.on('finish', () => req.destroy());
        tooLarge(res, isAdmin);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let refused = false;
      req.on('data', (c: Buffer) => {
        if (refused) return;
        size += c.length;
        if (size > MAX_BODY_BYTES) {
          refused = true;
          tooLarge(res, isAdmin);
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => {
        if (refused) return;
        const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        void (isAdmin ? admin! : api)(req, res, body);
      });
    },
  );
  return server;
}
