import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeChild, freePort, startNodeChild } from './child-process';
import { JsonResponse } from './http-json';
import { CannedResponse, responseKey } from './raw-http-server';

/** A request and the real service's answer to it, replayed verbatim by the ceiling server. */
export interface Capture {
  method: string;
  path: string;
  response: JsonResponse;
}

// Headers worth replaying: same content type and about the same header bytes as the real answer.
const REPLAYED_HEADERS = ['content-type', 'etag', 'location', 'x-correlation-id'];

/** Starts the raw node:http ceiling (a child process) answering the captured bodies. */
export async function startCeilingServer(captures: Capture[]): Promise<NodeChild> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ceiling-bench-'));
  const file = path.join(dir, 'responses.json');
  const canned: Record<string, CannedResponse> = {};
  for (const { method, path: url, response } of captures) {
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = response.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    canned[responseKey(method, url)] = { status: response.status, headers, body: response.text };
  }
  fs.writeFileSync(file, JSON.stringify(canned));
  const port = await freePort();
  const server = await startNodeChild({
    name: 'ceiling',
    script: path.join(__dirname, 'raw-http-server.js'),
    env: { PORT: String(port), RAW_RESPONSES: file },
    port,
    readyPath: '/ready',
  });
  return {
    ...server,
    async stop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
