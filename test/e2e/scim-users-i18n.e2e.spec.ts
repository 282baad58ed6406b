import { RunningApp, startApp } from '../support/e2e-app';
import {
  ScimUser,
  Tenant,
  createTenant,
  entraUser,
  expectScimError,
  filterQuery,
  listUsers,
  provision,
  unique,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

/**
 * Names from everywhere (found by a black-box audit): one name is one user whatever its case or
 * Unicode normalization form, a part of a name finds it, and text that is not text is refused.
 */
describe('SCIM Users: international names', () => {
  let running: RunningApp;
  let tenant: Tenant;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('intl'));
  });
  afterAll(async () => {
    await running?.close();
  });

  const post = (userName: string) => tenant.scim.post('/scim/v2/Users', entraUser({ userName }));
  const ids = async (expression: string) =>
    (await listUsers(tenant, filterQuery(expression))).Resources.map((u) => (u as ScimUser).id);

  it('NFC and NFD spellings are one userName: the second create is 409, eq finds the user either way', async () => {
    const local = `josé.núñez.${unique('n')}`;
    const nfc = `${local}@contoso.com`.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    const user = await provision(tenant, { userName: nfc });
    expectScimError(await post(nfd), 409, 'uniqueness', /already taken/);
    expect(await ids(`userName eq "${nfd}"`)).toEqual([user.id]);
    expect(await ids(`userName sw "${local.normalize('NFD')}"`)).toEqual([user.id]);
  });

  it('Greek: the final sigma folds like any sigma, so a part of a name finds it and case variants collide', async () => {
    const tag = unique('g');
    const upper = `ΣΩΚΡΑΤΗΣ.ΠΑΠΑΔΟΠΟΥΛΟΣ.${tag}@contoso.gr`;
    const user = await provision(tenant, { userName: upper });
    // toLowerCase makes the Σ before "." a final ς; a Greek user types σ.
    expectScimError(await post(`σωκρατησ.παπαδοπουλοσ.${tag}@contoso.gr`), 409, 'uniqueness');
    expect(await ids(`userName sw "ΣΩΚΡΑΤΗΣ.ΠΑΠΑΔΟΠΟΥΛΟΣ.${tag}"`)).toEqual([user.id]);
    expect(await ids(`userName co "ΚΡΑΤΗΣ.ΠΑΠΑ"`)).toContain(user.id);
    expect(await ids(`userName eq "σωκρατης.παπαδοπουλος.${tag}@contoso.gr"`)).toEqual([user.id]);
  });

  it('a 409 names the userName as sent, not an internal key', async () => {
    const name = `Émilie.${unique('d')}@contoso.com`;
    await provision(tenant, { userName: name });
    const refused = await post(name.toUpperCase());
    expectScimError(refused, 409, 'uniqueness');
    expect((refused.body as { detail: string }).detail).toBe(
      `userName "${name.toUpperCase()}" is already taken by another user of this subscription`,
    );
  });

  it('a very long sw operand answers (it used to overflow the stack: 500)', async () => {
    const search = await tenant.scim.post('/scim/v2/Users/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: `userName sw "${'a'.repeat(200_000)}"`,
    });
    expect(search.status).toBe(200);
    expect(search.body).toMatchObject({ totalResults: 0 });
  });

  it('a body that is not UTF-8 is refused with 400 invalidSyntax, nothing stored', async () => {
    const name = `latin1-${unique('l')}@contoso.com`;
    const json = JSON.stringify(entraUser({ userName: name, displayName: 'René' }));
    const latin1 = Buffer.from(json, 'latin1');
    const cut = Buffer.concat([
      Buffer.from(json.slice(0, 20)),
      Buffer.from([0xf0, 0x9f, 0xa6]),
      Buffer.from(json.slice(20)),
    ]);
    for (const body of [latin1, cut]) {
      const response = await tenant.scim.post('/scim/v2/Users', body);
      expectScimError(response, 400, 'invalidSyntax', /not valid UTF-8/);
    }
    expect(await ids(`userName eq "${name}"`)).toEqual([]);
  });

  it('a lone surrogate (\\ud800) is refused with 400 invalidSyntax; a pair (an emoji) is text', async () => {
    const name = `col-${unique('s')}`;
    const lone = JSON.stringify(entraUser({ userName: `${name}@contoso.com` })).replace(
      `${name}@`,
      `${name}\\ud800@`,
    );
    expectScimError(
      await tenant.scim.post('/scim/v2/Users', lone),
      400,
      'invalidSyntax',
      /lone UTF-16 surrogate/,
    );
    const pair = JSON.stringify(entraUser({ userName: `${name}@contoso.com` })).replace(
      `${name}@`,
      `${name}\\ud83d\\ude00@`,
    );
    const created = await tenant.scim.post('/scim/v2/Users', pair);
    expect(created.status).toBe(201);
    expect((created.body as ScimUser).userName).toBe(`${name}😀@contoso.com`);
  });
});
