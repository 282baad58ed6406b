import * as http from 'node:http';
import { expectStatus, request } from './http-json';
import { runPool } from './pool';
import { progress } from './report';
import { Tenant } from './tenant';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface SeededUser {
  id: string;
  userName: string;
}

/** Entra's usual create body (about 700 bytes): meets the default provisioning policy. */
export function entraUser(userName: string): Record<string, unknown> {
  return {
    schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
    externalId: userName,
    userName,
    active: true,
    displayName: 'Bench User',
    title: 'Engineer',
    emails: [{ primary: true, type: 'work', value: userName }],
    meta: { resourceType: 'User' },
    name: { formatted: 'Bench User', familyName: 'User', givenName: 'Bench' },
    [ENTERPRISE_SCHEMA]: { employeeNumber: '701984', department: 'Tour Operations' },
    roles: [],
  };
}

/** Entra's attribute update: 3 Replace ops; `n` makes every value new, so every PATCH writes. */
export function threeReplaceOps(n: number): Record<string, unknown> {
  return {
    schemas: [PATCH_OP_SCHEMA],
    Operations: [
      { op: 'Replace', path: 'title', value: `Engineer ${n}` },
      { op: 'Replace', path: 'displayName', value: `Bench User ${n}` },
      { op: 'Replace', path: 'name.familyName', value: `User ${n}` },
    ],
  };
}

export const userNameOf = (prefix: string, index: number) => `${prefix}-${index}@contoso.test`;

/**
 * Creates users through POST /Users (the only way in: no direct database writes), `concurrency`
 * requests in flight over keep-alive connections. Progress goes to stderr.
 */
export async function seedUsers(
  tenant: Tenant,
  options: { prefix: string; from: number; count: number; concurrency: number },
): Promise<SeededUser[]> {
  if (options.count <= 0) return [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const users: SeededUser[] = new Array<SeededUser>(options.count);
  const started = Date.now();
  let done = 0;
  let reported = started;
  try {
    await runPool(options.count, options.concurrency, async (i) => {
      const userName = userNameOf(options.prefix, options.from + i);
      const created = expectStatus(
        await request(`${tenant.baseUrl}/Users`, 'POST', {
          headers: tenant.headers,
          body: entraUser(userName),
          agent,
        }),
        201,
        `POST /Users ${userName}`,
      );
      users[i] = { id: (created.body as { id: string }).id, userName };
      done++;
      if (Date.now() - reported > 10_000) {
        reported = Date.now();
        const rate = done / ((reported - started) / 1000);
        progress(
          `  seeded ${done.toLocaleString('en-US')}/${options.count.toLocaleString('en-US')} users (${rate.toFixed(0)}/s)`,
        );
      }
    });
  } finally {
    agent.destroy();
  }
  const seconds = (Date.now() - started) / 1000;
  progress(
    `  seeded ${options.count.toLocaleString('en-US')} users in ${seconds.toFixed(1)} s (${(options.count / seconds).toFixed(0)}/s, ${options.concurrency} in flight)`,
  );
  return users;
}

/**
 * Every user of the subscription, through GET /Users pages of 1,000 (the service's own API): the
 * users other scenarios created (POST) are in it too.
 */
export async function listUsers(tenant: Tenant): Promise<SeededUser[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const users: SeededUser[] = [];
  try {
    for (let startIndex = 1; ; startIndex += 1000) {
      const page = expectStatus(
        await request(
          `${tenant.baseUrl}/Users?attributes=userName&startIndex=${startIndex}&count=1000`,
          'GET',
          {
            headers: tenant.headers,
            agent,
          },
        ),
        200,
        `GET /Users page at ${startIndex}`,
      ).body as { Resources?: SeededUser[]; totalResults: number };
      const resources = page.Resources ?? [];
      users.push(...resources.map(({ id, userName }) => ({ id, userName })));
      if (resources.length === 0 || users.length >= page.totalResults) return users;
    }
  } finally {
    agent.destroy();
  }
}
