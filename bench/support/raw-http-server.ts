/**
 * The machine's ceiling: a bare node:http server answering fixed bodies captured from the real
 * service. No routing, parsing, auth or storage: what is left is HTTP itself, JSON bytes on the
 * wire and the load generator sharing the machine. Run as a child process by ceiling-server.ts.
 *
 * RAW_RESPONSES names a JSON file of CannedResponse keyed by responseKey(method, url).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';

export interface CannedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** GET /Users/{id} and GET /Users?filter=... differ by the query string only. */
export function responseKey(method: string, url: string): string {
  return `${method.toUpperCase()}${url.includes('?') ? '?' : ''}`;
}

function serve(): void {
  const file = process.env.RAW_RESPONSES;
  if (!file) throw new Error('RAW_RESPONSES is not set');
  const canned = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, CannedResponse>;
  // Encoded once: the ceiling must not pay per request what a cache could avoid.
  const answers = new Map(
    Object.entries(canned).map(([key, response]) => {
      const body = Buffer.from(response.body, 'utf8');
      return [
        key,
        {
          status: response.status,
          body,
          headers: { ...response.headers, 'content-length': String(body.length) },
        },
      ];
    }),
  );
  const server = http.createServer((req, res) => {
    // Read the request body (POST, PATCH) before answering, like any real handler must.
    req.resume();
    req.on('end', () => {
      if (req.url === '/ready') return void res.writeHead(200).end();
      const answer = answers.get(responseKey(req.method ?? 'GET', req.url ?? '/'));
      if (!answer) return void res.writeHead(404).end();
      res.writeHead(answer.status, answer.headers).end(answer.body);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0));
    // close() alone waits for idle keep-alive sockets: do not let them hang the stop.
    server.closeAllConnections();
  });
}

if (require.main === module) serve();
