import { expect } from '@jest/globals';
import { RunningApp, startApp } from '../support/e2e-app';
import {
  ENTERPRISE_SCHEMA,
  Json,
  LIST_RESPONSE_SCHEMA,
  ScimUser,
  Tenant,
  USER_SCHEMA,
  createTenant,
  expectScimContentType,
  expectScimError,
  getUser,
  patchUser,
  provision,
  unique,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

interface SchemaAttribute {
  name: string;
  type: string;
  multiValued: boolean;
  required: boolean;
  caseExact: boolean;
  mutability: string;
  returned: string;
  uniqueness: string;
  description: string;
  canonicalValues?: string[];
  subAttributes?: SchemaAttribute[];
}

interface SchemaDocument {
  schemas: string[];
  id: string;
  name: string;
  attributes: SchemaAttribute[];
}

/** JSON paths of every null in a document (Entra refuses discovery documents with nulls). */
function nullsIn(value: unknown, path = '$'): string[] {
  if (value === null) return [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => nullsIn(item, `${path}[${i}]`));
  if (typeof value === 'object')
    return Object.entries(value as Json).flatMap(([key, inner]) => nullsIn(inner, `${path}.${key}`));
  return [];
}

const ATTRIBUTE_KEYS = [
  'name',
  'type',
  'multiValued',
  'description',
  'required',
  'caseExact',
  'mutability',
  'returned',
  'uniqueness',
];

/** RFC 7643 section 7: every attribute definition carries the full set of characteristics. */
function expectWellFormed(attribute: SchemaAttribute, where: string): void {
  for (const key of ATTRIBUTE_KEYS)
    expect({ where, key, has: key in attribute }).toEqual({ where, key, has: true });
  expect(['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex', 'binary']).toContain(
    attribute.type,
  );
  expect(['readOnly', 'readWrite', 'immutable', 'writeOnly']).toContain(attribute.mutability);
  if (attribute.type === 'complex') expect(attribute.subAttributes?.length).toBeGreaterThan(0);
  for (const sub of attribute.subAttributes ?? []) expectWellFormed(sub, `${where}.${sub.name}`);
}

describe('SCIM discovery: ServiceProviderConfig, ResourceTypes, Schemas', () => {
  let running: RunningApp;
  let tenant: Tenant;
  const base = () => `http://${tenant.host}/scim/v2`;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('disco'));
  });
  afterAll(async () => {
    await running?.close();
  });

  const fetch = async (path: string) => {
    const response = await tenant.scim.get(`/scim/v2/${path}`);
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    expectScimContentType(response);
    expect({ path, nulls: nullsIn(response.body) }).toEqual({ path, nulls: [] });
    return response.body as Json;
  };

  it('/ServiceProviderConfig: patch, filter, sort and etag supported; bulk and changePassword not', async () => {
    const config = await fetch('ServiceProviderConfig');
    expect(config).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: expect.any(Number) },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [
        expect.objectContaining({ type: 'oauthbearertoken', name: expect.any(String) }),
      ],
      meta: { resourceType: 'ServiceProviderConfig', location: `${base()}/ServiceProviderConfig` },
    });
  });

  it('answers 403 to a filter on a discovery endpoint instead of ignoring it (RFC 7644 section 4)', async () => {
    for (const path of [
      `Schemas?filter=${encodeURIComponent('id eq "nope"')}`,
      `ResourceTypes?filter=${encodeURIComponent('name eq "nope"')}`,
      `ServiceProviderConfig?filter=${encodeURIComponent('patch.supported eq false')}`,
      `Schemas/${USER_SCHEMA}?Filter=x`,
      'ResourceTypes/User?FILTER=x',
    ]) {
      const response = await tenant.scim.get(`/scim/v2/${path}`);
      expectScimError(response, 403, undefined, /filtering is not supported on this endpoint/);
    }
    // Without a filter (or with an empty one) they answer as before.
    for (const path of ['Schemas', 'ResourceTypes?filter=', 'ServiceProviderConfig?attributes=patch'])
      expect((await tenant.scim.get(`/scim/v2/${path}`)).status).toBe(200);
  });

  it('/ResourceTypes is a ListResponse holding User (with the enterprise extension); /ResourceTypes/User matches', async () => {
    const list = await fetch('ResourceTypes');
    const resources = list.Resources as Json[];
    expect(list).toMatchObject({
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: resources.length,
      startIndex: 1,
      itemsPerPage: resources.length,
    });
    const user = resources.find((r) => r.id === 'User');
    expect(user).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: expect.any(String),
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
      meta: { resourceType: 'ResourceType', location: `${base()}/ResourceTypes/User` },
    });
    expect(await fetch('ResourceTypes/User')).toEqual(user);
    expectScimError(await tenant.scim.get('/scim/v2/ResourceTypes/Printer'), 404);
  });

  it('/Schemas is a ListResponse of well-formed schemas; /Schemas/{urn} matches its element', async () => {
    const list = await fetch('Schemas');
    const schemas = list.Resources as SchemaDocument[];
    expect(list).toMatchObject({
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: schemas.length,
      startIndex: 1,
      itemsPerPage: schemas.length,
    });
    expect(schemas.map((s) => s.id)).toEqual(expect.arrayContaining([USER_SCHEMA, ENTERPRISE_SCHEMA]));
    for (const schema of schemas) {
      expect(schema).toMatchObject({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
        id: expect.any(String),
        name: expect.any(String),
        attributes: expect.any(Array),
        meta: { resourceType: 'Schema', location: `${base()}/Schemas/${schema.id}` },
      });
      for (const attribute of schema.attributes)
        expectWellFormed(attribute, `${schema.name}.${attribute.name}`);
      expect(await fetch(`Schemas/${schema.id}`)).toEqual(schema);
    }
    const user = schemas.find((s) => s.id === USER_SCHEMA)!;
    expect(user.attributes.find((a) => a.name === 'userName')).toMatchObject({
      required: true,
      caseExact: false,
      uniqueness: 'server',
    });
    expectScimError(await tenant.scim.get('/scim/v2/Schemas/urn:example:unknown'), 404);
  });

  describe('every advertised readWrite attribute of User and EnterpriseUser can be PATCHed and read back', () => {
    let userSchema: SchemaDocument;
    let enterpriseSchema: SchemaDocument;
    let subject: ScimUser;
    let manager: ScimUser;

    beforeAll(async () => {
      userSchema = (await tenant.scim.get(`/scim/v2/Schemas/${USER_SCHEMA}`)).body as SchemaDocument;
      enterpriseSchema = (await tenant.scim.get(`/scim/v2/Schemas/${ENTERPRISE_SCHEMA}`))
        .body as SchemaDocument;
      subject = await provision(tenant);
      manager = await provision(tenant);
    });

    const SAMPLES: Record<string, string> = {
      userName: '',
      profileUrl: 'https://profiles.example.test/',
      preferredLanguage: 'en-US',
      locale: 'en-US',
      timezone: 'Europe/Paris',
    };
    const sample = (attribute: SchemaAttribute, label: string): unknown => {
      if (attribute.type === 'boolean') return label !== 'active';
      if (attribute.type === 'binary') return Buffer.from(unique(label)).toString('base64');
      if (attribute.canonicalValues) return attribute.canonicalValues[0];
      if (attribute.name === 'userName') return `${unique('renamed')}@contoso.test`;
      const prefix = SAMPLES[attribute.name];
      if (prefix === 'en-US' || prefix === 'Europe/Paris') return prefix;
      if (prefix !== undefined) return `${prefix}${unique('p')}`;
      if (label.startsWith('emails')) return `${unique('mail')}@contoso.test`;
      return unique(attribute.name);
    };
    const readWrite = (a: SchemaAttribute) => a.mutability === 'readWrite';
    const get = (user: ScimUser, schemaId: string) =>
      schemaId === ENTERPRISE_SCHEMA ? ((user[ENTERPRISE_SCHEMA] ?? {}) as Json) : (user as Json);

    it('covers the attributes Entra maps (sanity check of the advertised list)', () => {
      const names = userSchema.attributes.filter(readWrite).map((a) => a.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'userName',
          'name',
          'displayName',
          'title',
          'active',
          'emails',
          'phoneNumbers',
        ]),
      );
      expect(names).toEqual(expect.arrayContaining(['addresses', 'preferredLanguage']));
      expect(enterpriseSchema.attributes.filter(readWrite).map((a) => a.name)).toEqual(
        expect.arrayContaining(['employeeNumber', 'department', 'manager']),
      );
    });

    it('simple attributes, sub-attributes of single-valued complex ones, and the manager', async () => {
      const checked: string[] = [];
      for (const schema of [userSchema, enterpriseSchema]) {
        const urn = schema.id === ENTERPRISE_SCHEMA ? `${ENTERPRISE_SCHEMA}:` : '';
        for (const attribute of schema.attributes.filter(readWrite)) {
          if (attribute.multiValued) continue;
          if (attribute.type !== 'complex') {
            const value = sample(attribute, attribute.name);
            await patchUser(tenant, subject.id, { op: 'replace', path: `${urn}${attribute.name}`, value });
            const got = get(await getUser(tenant, subject.id), schema.id)[attribute.name];
            expect({ attribute: attribute.name, got }).toEqual({ attribute: attribute.name, got: value });
            checked.push(attribute.name);
            continue;
          }
          if (urn !== '' && attribute.name === 'manager') {
            // manager.$ref is derived from manager.value by the server.
            await patchUser(tenant, subject.id, {
              op: 'replace',
              path: `${urn}manager.value`,
              value: manager.id,
            });
            const got = get(await getUser(tenant, subject.id), schema.id).manager;
            expect(got).toEqual({
              value: manager.id,
              $ref: `${base()}/Users/${manager.id}`,
              ...(manager.displayName ? { displayName: manager.displayName } : {}),
            });
            checked.push('manager');
            continue;
          }
          for (const sub of (attribute.subAttributes ?? []).filter(readWrite)) {
            const label = `${attribute.name}.${sub.name}`;
            const value = sample(sub, label);
            await patchUser(tenant, subject.id, { op: 'replace', path: `${urn}${label}`, value });
            const got = (get(await getUser(tenant, subject.id), schema.id)[attribute.name] as Json)[sub.name];
            expect({ attribute: label, got }).toEqual({ attribute: label, got: value });
            checked.push(label);
          }
        }
      }
      expect(checked).toEqual(
        expect.arrayContaining([
          'userName',
          'displayName',
          'active',
          'name.givenName',
          'employeeNumber',
          'manager',
        ]),
      );
    });

    it('multi-valued complex attributes: every readWrite sub-attribute round-trips', async () => {
      const checked: string[] = [];
      for (const attribute of userSchema.attributes.filter((a) => readWrite(a) && a.multiValued)) {
        const element: Json = {};
        for (const sub of (attribute.subAttributes ?? []).filter(readWrite))
          element[sub.name] = sub.type === 'boolean' ? true : sample(sub, `${attribute.name}.${sub.name}`);
        if (attribute.name === 'emails') element.type = 'work'; // keep the user synchronizable
        await patchUser(tenant, subject.id, { op: 'replace', path: attribute.name, value: [element] });
        const got = (await getUser(tenant, subject.id))[attribute.name];
        expect({ attribute: attribute.name, got }).toEqual({ attribute: attribute.name, got: [element] });
        checked.push(attribute.name);
      }
      expect(checked).toEqual(
        expect.arrayContaining([
          'emails',
          'phoneNumbers',
          'ims',
          'photos',
          'addresses',
          'entitlements',
          'roles',
          'x509Certificates',
        ]),
      );
    });

    it('readOnly attributes are advertised as such and refused by PATCH', async () => {
      const readOnly = userSchema.attributes.filter((a) => a.mutability === 'readOnly').map((a) => a.name);
      expect(readOnly).toContain('groups');
      for (const name of readOnly) {
        const response = await tenant.scim.patch(`/scim/v2/Users/${subject.id}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'add', path: name, value: [{ value: 'x' }] }],
        });
        expectScimError(response, 400, 'mutability');
      }
    });
  });
});
