import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunningApp, startApp } from '../support/e2e-app';
import {
  ScimUser,
  Tenant,
  USER_SCHEMA,
  createTenant,
  entraUser,
  getUser,
  patchOp,
  patchUser,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

// A value that appears nowhere else, so that finding it in a file means it was stored.
const PASSWORD = 'Pa55-never-stored-7f3a91';

/** Every byte the server wrote under DATA_DIR (event log, read model, provisioning log, WALs). */
function storedBytes(dir: string): Buffer {
  const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return Buffer.concat(files.map((e) => fs.readFileSync(path.join(e.parentPath, e.name))));
}

/** RFC 7643 4.1.1 password: writeOnly, returned never; this product manages no passwords. */
describe('SCIM /Users: password is accepted and ignored', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let user: ScimUser;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('pwd'));
  });
  afterAll(async () => {
    await running?.close();
  });

  it('POST with password answers 201 without it', async () => {
    const response = await tenant.scim.post('/scim/v2/Users', entraUser({ password: PASSWORD }));
    expect(response.status).toBe(201);
    user = response.body as ScimUser;
    expect(response.text).not.toContain(PASSWORD);
    expect(Object.keys(user).map((k) => k.toLowerCase())).not.toContain('password');
  });

  it('PUT with password (also under the core URN) answers 200 and changes the rest', async () => {
    const response = await tenant.scim.put(
      `/scim/v2/Users/${user.id}`,
      entraUser({
        userName: user.userName,
        title: 'Chief',
        password: PASSWORD,
        [`${USER_SCHEMA}:password`]: PASSWORD,
      }),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ title: 'Chief' });
    expect(response.text).not.toContain(PASSWORD);
  });

  it('PATCH with path "password" answers 200 and changes nothing (same version)', async () => {
    const before = await getUser(tenant, user.id);
    const answered = await patchUser(tenant, user.id, { op: 'replace', path: 'password', value: PASSWORD });
    expect(answered).toEqual(before);
  });

  it('a path-less PATCH value with password applies its other attributes', async () => {
    const answered = await patchUser(tenant, user.id, {
      op: 'replace',
      value: { password: PASSWORD, title: 'Captain' },
    });
    expect(answered).toMatchObject({ title: 'Captain' });
    expect(JSON.stringify(answered)).not.toContain(PASSWORD);
  });

  it('password is not advertised in /Schemas', async () => {
    const response = await tenant.scim.get('/scim/v2/Schemas');
    expect(response.status).toBe(200);
    expect(response.text.toLowerCase()).not.toContain('"password"');
  });

  it('is stored nowhere: not in the event log, the read model or the provisioning log', async () => {
    const status = await tenant.scim.patch(
      `/scim/v2/Users/${user.id}`,
      patchOp({ op: 'add', path: 'password', value: PASSWORD }),
    );
    expect(status.status).toBe(200);
    const bytes = storedBytes(running.dataDir);
    expect(bytes.includes('Captain')).toBe(true); // what was sent beside it is there to be found
    expect(bytes.includes(PASSWORD)).toBe(false);
  });
});
