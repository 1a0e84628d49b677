// `npm start`: the built console. Next serves everything, except the unfiltered GETs every open
// browser makes after each revision (`server/live/hot-json.ts`): those are answered here from the
// bytes of the current revision, before Next's router, whose own cost per request (about a
// millisecond of CPU) is what 100 polling clients queue behind. The route handlers in app/api serve
// the same bytes (`next dev`, and any path with a query).
//   npm start -- [--port 3000] [--hostname 0.0.0.0]    (PORT and HOSTNAME are honoured too)
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import next from 'next';

import { replyJson } from '../http/encoded-json';
import { apiSecurityHeaders } from '../http/security-headers';
import { startFleetStore, stopFleetStore } from '../live/global-store';
import { hotJson, isHotPath } from '../live/hot-json';

const root = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p', default: process.env.PORT ?? '3000' },
    hostname: { type: 'string', short: 'H', default: process.env.HOSTNAME },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`segscope start: --port must be a port number, not "${values.port}"`);
  process.exit(2);
}

/** Answers a hot path from the current revision; false leaves the request to Next. */
function serveHot(req: IncomingMessage, res: ServerResponse): boolean {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.url || !isHotPath(req.url))
    return false;
  const encoded = hotJson(req.url);
  if (!encoded) return false;
  const reply = replyJson(encoded, {
    acceptEncoding: req.headers['accept-encoding'],
    ifNoneMatch: req.headers['if-none-match'],
  });
  res.writeHead(reply.status, { ...apiSecurityHeaders(), ...reply.headers });
  res.end(req.method === 'HEAD' ? undefined : reply.body);
  return true;
}

async function main(): Promise<void> {
  const app = next({ dev: false, dir: root, hostname: values.hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  startFleetStore();
  const server = createServer((req, res) => {
    try {
      if (serveHot(req, res)) return;
    } catch (e) {
      console.error('segscope start: fast path failed, leaving it to Next', e);
    }
    void handle(req, res);
  });
  server.listen(port, values.hostname, () => {
    console.log(`segscope: console on http://${values.hostname ?? 'localhost'}:${port}`);
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stopFleetStore();
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`segscope start: ${(e as Error).message}`);
  process.exit(1);
});
