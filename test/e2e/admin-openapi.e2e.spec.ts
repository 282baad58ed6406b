import { expect } from '@jest/globals';
import { REQUIRED_USER_ATTRIBUTE_NAMES } from '../../src/modules/provisioning/domain/schema/required-user-attributes';
import { RunningApp, startApp } from '../support/e2e-app';
import { client } from '../support/http-client';

interface Schema {
  $ref?: string;
  description?: string;
  enum?: unknown[];
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: Schema & { format?: string };
}

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<
    string,
    {
      description: string;
      content?: Record<string, { schema?: Schema; example?: unknown }>;
      headers?: Record<string, unknown>;
    }
  >;
}

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    securitySchemes: Record<string, { type: string; scheme?: string }>;
  };
}

const S = '/admin/v1/subscriptions/{name}';
const ADMIN_ERROR = '#/components/schemas/AdminError';

/** Every route of the admin API, from its controllers: a new route must be documented and added here. */
const ADMIN_ROUTES = [
  // Subscriptions
  'POST /admin/v1/subscriptions',
  'GET /admin/v1/subscriptions',
  `GET ${S}`,
  // SCIM tokens
  `POST ${S}/scim-tokens`,
  `GET ${S}/scim-tokens`,
  `DELETE ${S}/scim-tokens/{id}`,
  // Provisioning policy
  `GET ${S}/provisioning-policy`,
  `PUT ${S}/provisioning-policy`,
  // Roles
  `PUT ${S}/owner`,
  `POST ${S}/company-owners`,
  `DELETE ${S}/company-owners/{userId}`,
  // Resources and permissions, ownership transfers
  `POST ${S}/resources`,
  `GET ${S}/resources`,
  `DELETE ${S}/resources/{id}`,
  `POST ${S}/permissions`,
  `GET ${S}/permissions`,
  `DELETE ${S}/permissions/{id}`,
  `GET ${S}/ownership-transfers`,
  // Users (portal)
  `GET ${S}/users/{id}`,
  `GET ${S}/users/{id}/disable-preview`,
  `POST ${S}/users/{id}/disable`,
  `PATCH ${S}/users/{id}/profile`,
  // Audit
  `GET ${S}/history`,
  `GET ${S}/users/{id}/history`,
  `GET ${S}/groups/{id}/history`,
  `GET ${S}/resources/{id}/history`,
  `GET ${S}/permissions/{id}/history`,
  `GET ${S}/ownership-transfers/{id}/history`,
  `GET ${S}/groups/{id}`,
  // Events export
  'GET /admin/v1/events',
  // Provisioning log
  `GET ${S}/provisioning-log`,
  // Projections
  'GET /admin/v1/projections',
  'POST /admin/v1/projections/rebuild',
].sort();

const TAGS = [
  'Subscriptions',
  'SCIM tokens',
  'Provisioning policy',
  'Roles',
  'Resources and permissions',
  'Users (portal)',
  'Ownership transfers',
  'Audit',
  'Events export',
  'Provisioning log',
  'Projections',
];

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace']);

describe('admin API: OpenAPI document (/admin/docs)', () => {
  let running: RunningApp;
  let doc: OpenApiDocument;

  const operations = (): { route: string; operation: Operation }[] =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => HTTP_METHODS.has(method))
        .map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
    );
  const operation = (route: string): Operation => {
    const found = operations().find((o) => o.route === route);
    if (!found) throw new Error(`${route} is not documented`);
    return found.operation;
  };
  /** The errors a route can answer: 400 with some input, 401 always, 404 with an id in the path, 409 on writes. */
  const errorsOf = (route: string, op: Operation): string[] => {
    const [method, path] = route.split(' ');
    // Any write may carry a body (parsed, so 400, 413 and 415 are possible); reads take a query.
    const writes = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);
    const takesQuery = (op.parameters ?? []).some((parameter) => parameter.in === 'query');
    return [
      ...(writes || takesQuery ? ['400'] : []),
      '401',
      ...(path.includes('{') ? ['404'] : []),
      ...(writes ? ['409', '413', '415'] : []),
      '503',
    ];
  };
  const resolve = (schema: Schema): Schema => {
    if (!schema.$ref) return schema;
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`${schema.$ref} does not resolve`);
    return resolve(target);
  };

  beforeAll(async () => {
    running = await startApp();
    const response = await running.admin.get('/admin/docs-json');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    doc = response.body as OpenApiDocument;
  });
  afterAll(async () => {
    await running?.close();
  });

  it('serves an OpenAPI 3 document with the admin bearer scheme', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    // The admin key is an opaque string, not the JWT @nestjs/swagger assumes by default.
    expect(doc.components.securitySchemes.bearer).not.toMatchObject({ bearerFormat: 'JWT' });
  });

  it('lets a nullable property that refers to a schema be null (OpenAPI 3.0.3: nullable needs its own type)', () => {
    const found: string[] = [];
    const visit = (node: unknown, at: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const schema = node as Schema & { nullable?: boolean; anyOf?: (Schema & { nullable?: boolean })[] };
      if (schema.nullable && schema.allOf?.some((part) => part.$ref)) found.push(`${at}: allOf`);
      // Without a type, nullable means nothing under 3.0.3, and strict validators (Ajv) refuse it.
      if (schema.nullable && !schema.type) found.push(`${at}: nullable without type`);
      if (schema.anyOf?.some((part) => part.$ref)) {
        found.push(at);
        expect(schema.anyOf).toContainEqual({ type: 'object', nullable: true, enum: [null] });
      }
      for (const [key, value] of Object.entries(node)) visit(value, `${at}.${key}`);
    };
    visit(doc.components.schemas, 'schemas');
    expect(found.filter((at) => at.endsWith('allOf') || at.endsWith('without type'))).toEqual([]);
    expect(found).toEqual(
      expect.arrayContaining([
        'schemas.ReadModelStatusResponse.properties.rebuild',
        'schemas.ProvisioningLogEntryResponse.properties.error',
      ]),
    );
  });

  it('documents exactly the routes of the admin API, and no SCIM route', () => {
    expect(
      operations()
        .map((o) => o.route)
        .sort(),
    ).toEqual(ADMIN_ROUTES);
    for (const path of Object.keys(doc.paths)) {
      expect(path.startsWith('/admin/v1/')).toBe(true);
      expect(path).not.toMatch(/scim\/v2/i);
    }
  });

  it('gives every operation a summary, a description, a known tag, bearer security and its responses', () => {
    const problems: string[] = [];
    for (const { route, operation } of operations()) {
      if (!operation.summary?.trim()) problems.push(`${route}: no summary`);
      if (!operation.description?.trim()) problems.push(`${route}: no description`);
      if (!operation.tags?.length) problems.push(`${route}: no tag`);
      for (const tag of operation.tags ?? []) if (!TAGS.includes(tag)) problems.push(`${route}: tag ${tag}`);
      if (!operation.security?.some((requirement) => 'bearer' in requirement))
        problems.push(`${route}: no bearer security`);
      const statuses = Object.keys(operation.responses);
      for (const status of errorsOf(route, operation))
        if (!statuses.includes(status)) problems.push(`${route}: no ${status} response`);
      if (statuses.filter((status) => /^2\d\d$/.test(status)).length !== 1)
        problems.push(`${route}: not exactly one success response`);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!response.description?.trim()) problems.push(`${route}: ${status} has no description`);
        if (!response.headers?.['x-correlation-id'])
          problems.push(`${route}: ${status} has no x-correlation-id`);
      }
      if (!operation.parameters?.some((p) => p.in === 'header' && p.name === 'X-Correlation-Id'))
        problems.push(`${route}: no X-Correlation-Id parameter`);
    }
    expect(problems).toEqual([]);
  });

  it('uses every tag of the admin areas', () => {
    const used = new Set(operations().flatMap(({ operation }) => operation.tags ?? []));
    expect([...used].sort()).toEqual([...TAGS].sort());
  });

  it('documents every path parameter, and the query parameters with their constraints', () => {
    const problems: string[] = [];
    for (const { route, operation } of operations()) {
      const inPath = [...route.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      const documented = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      if (documented.sort().join() !== inPath.join())
        problems.push(`${route}: path parameters ${documented}`);
      for (const parameter of operation.parameters ?? [])
        if (!parameter.description?.trim()) problems.push(`${route}: ${parameter.name} has no description`);
    }
    expect(problems).toEqual([]);

    const query = (route: string) =>
      Object.fromEntries(
        (operation(route).parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p]),
      );
    expect(query(`GET ${S}/users/{id}`).asOf).toMatchObject({
      required: false,
      schema: { type: 'string', format: 'date-time' },
    });
    expect(query(`GET ${S}/groups/{id}`).asOf).toMatchObject({
      required: false,
      schema: { type: 'string', format: 'date-time' },
    });
    expect(query(`GET ${S}/resources`).ownerId).toMatchObject({ required: false });
    expect(query(`GET ${S}/permissions`).userId).toMatchObject({ required: false });
    for (const list of ['resources', 'permissions', 'ownership-transfers']) {
      expect(query(`GET ${S}/${list}`).limit).toMatchObject({
        required: false,
        schema: { type: 'integer', minimum: 1, maximum: 1000 },
      });
      expect(query(`GET ${S}/${list}`).cursor).toMatchObject({ required: false, schema: { type: 'string' } });
    }

    for (const entity of ['users', 'groups', 'resources', 'permissions', 'ownership-transfers']) {
      const history = query(`GET ${S}/${entity}/{id}/history`);
      expect(Object.keys(history).sort()).toEqual(['fromRevision', 'limit']);
      expect(history.fromRevision).toMatchObject({
        required: false,
        schema: { type: 'integer', minimum: 0 },
      });
      expect(history.limit).toMatchObject({
        required: false,
        schema: { type: 'integer', minimum: 1, maximum: 1000 },
      });
    }

    const exported = query('GET /admin/v1/events');
    expect(Object.keys(exported).sort()).toEqual(['fromPosition', 'limit']);
    expect(exported.fromPosition).toMatchObject({ required: false, schema: { type: 'string' } });
    expect(exported.limit).toMatchObject({ required: false, schema: { type: 'integer', minimum: 1 } });

    const log = query(`GET ${S}/provisioning-log`);
    expect(Object.keys(log).sort()).toEqual([
      'correlationId',
      'cursor',
      'from',
      'limit',
      'method',
      'resourceId',
      'status',
      'subject',
      'to',
    ]);
    for (const parameter of Object.values(log)) expect(parameter.required).toBe(false);
    expect(log.from.schema).toMatchObject({ format: 'date-time' });
    expect(log.to.schema).toMatchObject({ format: 'date-time' });
    expect(log.limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 500 });
  });

  it('refers every request body to a schema whose required properties exist', () => {
    const withBody = operations().filter(({ operation }) => operation.requestBody);
    expect(withBody.map((o) => o.route).sort()).toEqual(
      [
        'POST /admin/v1/subscriptions',
        `POST ${S}/scim-tokens`,
        `PUT ${S}/provisioning-policy`,
        `PUT ${S}/owner`,
        `POST ${S}/company-owners`,
        `POST ${S}/resources`,
        `POST ${S}/permissions`,
        `PATCH ${S}/users/{id}/profile`,
      ].sort(),
    );
    const problems: string[] = [];
    for (const { route, operation } of withBody) {
      const reference = operation.requestBody!.content['application/json']?.schema;
      if (!reference?.$ref) {
        problems.push(`${route}: the JSON body does not refer to a schema`);
        continue;
      }
      const schema = resolve(reference);
      const properties = schema.properties ?? {};
      if (Object.keys(properties).length === 0) problems.push(`${route}: body schema without properties`);
      for (const required of schema.required ?? [])
        if (!(required in properties)) problems.push(`${route}: required ${required} is not a property`);
      for (const [name, property] of Object.entries(properties))
        if (!property.description?.trim())
          problems.push(`${route}: body property ${name} has no description`);
    }
    expect(problems).toEqual([]);

    // The profile edit is a JSON merge patch; plain JSON is accepted too.
    const profile = withBody.find((o) => o.route === `PATCH ${S}/users/{id}/profile`)!;
    expect(Object.keys(profile.operation.requestBody!.content).sort()).toEqual([
      'application/json',
      'application/merge-patch+json',
    ]);

    const body = (name: string) => resolve({ $ref: `#/components/schemas/${name}` });
    expect(body('CreateSubscriptionDto').required?.sort()).toEqual(['companyName', 'name']);
    expect(body('CreateSubscriptionDto').properties!.name).toMatchObject({ pattern: expect.any(String) });
    expect(body('IssueScimTokenDto').required ?? []).toEqual([]);
    expect(body('IssueScimTokenDto').properties!.expiresAt).toMatchObject({ format: 'date-time' });
    const policy = body('ProvisioningPolicyDto');
    expect(policy.required?.sort()).toEqual(['requiredUserAttributes', 'synchronizeDisabledUsers']);
    expect(policy.properties!.requiredUserAttributes.items!.enum).toEqual([...REQUIRED_USER_ATTRIBUTE_NAMES]);
    expect(body('RoleHolderDto').required).toEqual(['userId']);
    expect(body('CreateResourceDto').required?.sort()).toEqual(['name', 'ownerId', 'type']);
    expect(body('GrantPermissionDto').required?.sort()).toEqual(['permission', 'userId']);
  });

  it('gives each success response a schema that resolves, and each error the AdminError body', () => {
    const problems: string[] = [];
    const check = (schema: Schema | undefined, route: string): void => {
      if (!schema) return;
      if (schema.$ref) {
        const name = schema.$ref.replace('#/components/schemas/', '');
        if (!doc.components.schemas[name]) problems.push(`${route}: ${schema.$ref} does not resolve`);
        return;
      }
      const nested = [
        ...Object.values(schema.properties ?? {}),
        ...(schema.items ? [schema.items] : []),
        ...(schema.allOf ?? []),
        ...(schema.oneOf ?? []),
      ];
      for (const child of nested) check(child, route);
    };
    for (const { route, operation } of operations()) {
      const [status, success] = Object.entries(operation.responses).find(([code]) => /^2\d\d$/.test(code))!;
      if (status === '204') {
        if (success.content) problems.push(`${route}: 204 with a body`);
      } else {
        const content = Object.values(success.content ?? {});
        if (content.length !== 1 || !content[0].schema) problems.push(`${route}: ${status} without a schema`);
        else check(content[0].schema, route);
      }
      for (const error of Object.keys(operation.responses).filter((code) => /^4\d\d$/.test(code)))
        if (operation.responses[error]?.content?.['application/json']?.schema?.$ref !== ADMIN_ERROR)
          problems.push(`${route}: ${error} is not an AdminError`);
    }
    for (const schema of Object.values(doc.components.schemas)) check(schema, 'components');
    expect(problems).toEqual([]);

    // No error is claimed where it cannot happen.
    expect(Object.keys(operation('GET /admin/v1/subscriptions').responses).sort()).toEqual([
      '200',
      '401',
      '503',
    ]);
    // A path parameter alone cannot be malformed: an unknown or odd name is a 404.
    expect(Object.keys(operation('GET /admin/v1/subscriptions/{name}').responses).sort()).toEqual([
      '200',
      '401',
      '404',
      '503',
    ]);
    // A write without a body still parses one when sent.
    expect(Object.keys(operation('POST /admin/v1/projections/rebuild').responses)).toEqual(
      expect.arrayContaining(['400', '413', '415']),
    );

    const success = (route: string) => Object.keys(operation(route).responses).find((s) => /^2/.test(s));
    expect(success('POST /admin/v1/subscriptions')).toBe('201');
    expect(success(`POST ${S}/scim-tokens`)).toBe('201');
    expect(success(`DELETE ${S}/scim-tokens/{id}`)).toBe('204');
    expect(success(`DELETE ${S}/company-owners/{userId}`)).toBe('204');
    expect(success(`POST ${S}/users/{id}/disable`)).toBe('200');
    expect(success('POST /admin/v1/projections/rebuild')).toBe('202');
  });

  it('states the business rules of the routes that enforce them', () => {
    expect(operation(`POST ${S}/users/{id}/disable`).responses['409'].description).toMatch(
      /only company owner/,
    );
    expect(operation(`DELETE ${S}/company-owners/{userId}`).responses['409'].description).toMatch(
      /only company owner/,
    );
    expect(operation('POST /admin/v1/subscriptions').responses['409'].description).toMatch(/already exists/);
    expect(operation(`DELETE ${S}/scim-tokens/{id}`).responses['404'].description).toMatch(/no token/);
    expect(operation(`POST ${S}/scim-tokens`).description).toMatch(/shown once/);
  });

  it('documents the export as NDJSON with an example line', () => {
    const content = operation('GET /admin/v1/events').responses['200'].content!;
    expect(Object.keys(content)).toEqual(['application/x-ndjson']);
    const example = content['application/x-ndjson'].example as string;
    const lines = example.split('\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines)
      expect(Object.keys(JSON.parse(line) as object)).toEqual([
        'position',
        'stream',
        'revision',
        'id',
        'type',
        'data',
        'metadata',
      ]);
    expect(doc.components.schemas.EventExportLine).toBeDefined();
  });

  it('every documented route answers 401 without the admin key, or with a wrong one, and writes nothing', async () => {
    const answers: string[] = [];
    for (const { route } of operations()) {
      const [method, template] = route.split(' ');
      const path = template!.replace(/\{[^}]+\}/g, 'acme');
      const callers: Record<string, string>[] = [
        {},
        { authorization: 'Bearer not-the-admin-key-0123456789' },
      ];
      for (const headers of callers) {
        const body = ['POST', 'PUT', 'PATCH'].includes(method!)
          ? { name: 'acme', companyName: 'X' }
          : undefined;
        const response = await client(running.baseUrl, headers).send(method!, path, body);
        answers.push(`${route}: ${response.status} ${(response.body as { statusCode?: number }).statusCode}`);
      }
    }
    expect(answers.filter((answer) => !answer.endsWith(': 401 401'))).toEqual([]);
    expect(answers.length).toBeGreaterThan(2 * ADMIN_ROUTES.length - 1);
    expect((await running.admin.get('/admin/v1/subscriptions/acme')).status).toBe(404);
  });

  it('serves the Swagger UI at /admin/docs', async () => {
    const response = await running.admin.get('/admin/docs');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toMatch(/swagger/i);
  });
});
