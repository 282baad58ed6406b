import type { IncomingHttpHeaders } from 'node:http';

/**
 * The hosts a proxy says the client asked for, first (the client's) to last: X-Forwarded-Host's
 * values, then the host= of each Forwarded element (RFC 7239). A proxy that terminates TLS often
 * sends the back end its own Host and passes the tenant URL's host on in one of these.
 */
export function forwardedHosts(headers: IncomingHttpHeaders): string[] {
  const hosts: string[] = [];
  // Every request asks (the tenant check, then the URLs): most come without either header.
  if (headers['x-forwarded-host'] === undefined && headers.forwarded === undefined) return hosts;
  for (const value of listValues(headers['x-forwarded-host'])) hosts.push(value);
  for (const element of listValues(headers.forwarded))
    for (const pair of element.split(';')) {
      const separator = pair.indexOf('=');
      if (separator < 0 || pair.slice(0, separator).trim().toLowerCase() !== 'host') continue;
      const host = unquote(pair.slice(separator + 1).trim());
      if (host) hosts.push(host);
    }
  return hosts;
}

/** A comma-separated header (Node joins repeated ones with ", "), its values trimmed, the empty ones left out. */
function listValues(header: string | string[] | undefined): string[] {
  const joined = Array.isArray(header) ? header.join(',') : (header ?? '');
  return joined
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1).replace(/\\(.)/g, '$1')
    : value;
}
