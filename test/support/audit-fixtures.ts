import { expect } from '@jest/globals';
import { Client, HttpResponse } from './http-client';

/** One event of `GET .../{entity}/{id}/history`. */
export interface HistoryEntryView {
  revision: number;
  position: string;
  eventId: string;
  time: string;
  type: string;
  schemaVersion: number;
  storedSchemaVersion: number;
  data: Record<string, unknown>;
  actor: string;
  correlationId: string;
  causationId: string | null;
}

export interface HistoryView {
  subscription: string;
  entity: string;
  id: string;
  stream: string;
  fromRevision: number;
  events: HistoryEntryView[];
  next: number | null;
}

/** One NDJSON line of `GET /admin/v1/events` and of `npm run events:export`. */
export interface ExportLine {
  position: string;
  stream: string;
  revision: number;
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: {
    schemaVersion: number;
    correlationId: string;
    causationId: string | null;
    actor: string;
    timestamp: string;
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The correlation id the server gave a request (its events carry it). */
export function correlationOf(response: HttpResponse): string {
  const id = response.headers['x-correlation-id'];
  if (typeof id !== 'string') throw new Error(`no x-correlation-id on a ${response.status} answer`);
  return id;
}

/** Parses an NDJSON body; every line must be a JSON object, the last line ends with \n. */
export function parseNdjson(text: string): ExportLine[] {
  if (text === '') return [];
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as ExportLine);
}

/** The audit calls of the admin API for one subscription. */
export function auditApi(admin: Client, subscription: string) {
  const url = (path: string) => `/admin/v1/subscriptions/${subscription}${path}`;
  return {
    url,
    history: (
      entity: 'users' | 'groups' | 'resources' | 'permissions' | 'ownership-transfers',
      id: string,
      query = '',
    ) => admin.get(url(`/${entity}/${id}/history${query === '' ? '' : `?${query}`}`)),
    /** Every event of the entity, following `next` with pages of `limit`. */
    async fullHistory(
      entity: 'users' | 'groups' | 'resources' | 'permissions' | 'ownership-transfers',
      id: string,
      limit = 1000,
    ): Promise<HistoryEntryView[]> {
      const events: HistoryEntryView[] = [];
      for (let from: number | null = 0; from !== null;) {
        const response = await admin.get(url(`/${entity}/${id}/history?fromRevision=${from}&limit=${limit}`));
        if (response.status !== 200) throw new Error(`history of ${id}: ${response.status} ${response.text}`);
        const page = response.body as HistoryView;
        events.push(...page.events);
        from = page.next;
      }
      return events;
    },
    userAsOf: (id: string, asOf: string) => admin.get(url(`/users/${id}?asOf=${encodeURIComponent(asOf)}`)),
    group: (id: string, asOf?: string) =>
      admin.get(url(`/groups/${id}${asOf === undefined ? '' : `?asOf=${encodeURIComponent(asOf)}`}`)),
  };
}

export function expectAdminError(response: HttpResponse, status: number, message?: RegExp): void {
  expect({ status: response.status, body: response.body }).toEqual({
    status,
    body: { statusCode: status, error: expect.any(String), message: expect.any(String) },
  });
  if (message) expect((response.body as { message: string }).message).toMatch(message);
}
