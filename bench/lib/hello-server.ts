// The HTTP ceiling: an express hello-world in its own process. It parses a JSON body like the
// ingest route does (express.json) and answers every request with a tiny JSON document — no
// authentication, validation, storage or logging. Run as a child process by startHelloServer().
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startScriptServer, type ServerProcess } from './server-process.ts';

export function startHelloServer(): Promise<ServerProcess> {
  return startScriptServer(fileURLToPath(import.meta.url));
}

if (process.argv.includes('--serve')) {
  const express = (await import('express')).default;
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '10mb' }));
  app.use((req, res) => {
    res.status(req.method === 'POST' ? 201 : 200).json({ hello: 'world' });
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  process.stdout.write(`LISTENING http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
