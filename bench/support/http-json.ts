import * as http from 'node:http';

export interface JsonResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Parsed JSON, undefined when the body is empty or not JSON. */
  body: unknown;
}

export interface JsonRequestOptions {
  headers?: Record<string, string>;
  /** Sent as JSON (application/scim+json unless a content-type header is given). */
  body?: unknown;
  /** A keep-alive agent for bulk set-up; none means one connection per request. */
  agent?: http.Agent;
}

/** A plain node:http request for set-up and single timed calls (load itself goes through autocannon). */
export function request(
  url: string,
  method: string,
  options: JsonRequestOptions = {},
): Promise<JsonResponse> {
  const target = new URL(url);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...options.headers };
  if (payload !== undefined) {
    headers['content-type'] ??= 'application/scim+json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method,
        headers,
        agent: options.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text === '' ? undefined : JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Throws with the answer when the status is not the expected one: set-up must not fail silently. */
export function expectStatus(response: JsonResponse, expected: number, what: string): JsonResponse {
  if (response.status !== expected)
    throw new Error(`${what}: expected ${expected}, got ${response.status} ${response.text.slice(0, 500)}`);
  return response;
}
