import { randomBytes } from 'node:crypto';
import { expectStatus, request } from './http-json';
import { ScimServer } from './scim-server';

/** One subscription as Entra sees it: its SCIM token and the Host of its tenant URL. */
export interface Tenant {
  name: string;
  baseUrl: string;
  /** Authorization and Host, as Entra sends them on every SCIM call. */
  headers: Record<string, string>;
}

/** Creates a subscription and issues a SCIM token through the admin API, as an operator would. */
export async function createTenant(server: ScimServer, prefix = 'bench'): Promise<Tenant> {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  const admin = { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' };
  expectStatus(
    await request(`${server.baseUrl}/admin/v1/subscriptions`, 'POST', {
      headers: admin,
      body: { name, companyName: `${name} Inc.` },
    }),
    201,
    'create subscription',
  );
  const issued = expectStatus(
    await request(`${server.baseUrl}/admin/v1/subscriptions/${name}/scim-tokens`, 'POST', {
      headers: admin,
      body: { description: 'benchmark' },
    }),
    201,
    'issue SCIM token',
  );
  const { token } = issued.body as { token: string };
  return {
    name,
    baseUrl: `${server.baseUrl}/scim/v2`,
    // The tenant URL's Host (users-<name>.<domain>): the token guard checks it against the token.
    headers: { authorization: `Bearer ${token}`, host: `users-${name}.localhost` },
  };
}
