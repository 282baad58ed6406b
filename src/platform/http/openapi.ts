import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, OperationObject, SwaggerModule } from '@nestjs/swagger';

const ADMIN_PREFIX = '/admin/v1';
const ERROR_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 409 },
    error: { type: 'string', example: 'Conflict' },
    message: { type: 'string', example: 'subscription "contoso" already exists' },
  },
};
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const ERRORS: Record<string, string> = {
  '400': 'Invalid request: a body, parameter or query value is malformed; the message says which.',
  '401': 'Missing or wrong admin API key (Authorization: Bearer <ADMIN_API_KEY>).',
  '404': 'The subscription, or the entity named in the path, does not exist.',
  '409': 'A business rule refused the change (duplicate, last company owner, disabled user...).',
  '413': 'The body is larger than SCIM_MAX_BODY_BYTES (1 MiB by default).',
  '415': 'The body is not JSON: send Content-Type application/json.',
  '503':
    'Try again after Retry-After seconds: the event store is unavailable, the change was stored but the read model is behind, the read model is too far behind to decide on (nothing was done), or it is replaying the log at the first start of a new version. The message says which.',
};

/**
 * The errors a route can answer: 404 needs an entity in the path, 409 a write, 400 a query or a
 * write (its body), 413 and 415 a write's body; 503 any (the storage, not the request).
 */
function applicableErrors(path: string, method: string, operation: OperationObject): string[] {
  const writes = ['post', 'put', 'patch', 'delete'].includes(method);
  // A write may carry a body even where none is expected: it is parsed (JSON, size) all the same.
  const takesQuery = (operation.parameters ?? []).some((p) => 'in' in p && p.in === 'query');
  return [
    ...(writes || takesQuery ? ['400'] : []),
    '401',
    ...(path.includes('{') ? ['404'] : []),
    ...(writes ? ['409', '413', '415'] : []),
    '503',
  ];
}

/** Every admin operation answers the same error shape; documented once here instead of per route. */
function withCommonErrors(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, AdminError: ERROR_SCHEMA },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith(ADMIN_PREFIX)) {
      delete document.paths[path];
      continue;
    }
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.security ??= [{ bearer: [] }];
      for (const status of applicableErrors(path, method, operation)) {
        operation.responses[status] ??= {
          description: ERRORS[status],
          content: { 'application/json': { schema: { $ref: '#/components/schemas/AdminError' } } },
        };
      }
      withCorrelationHeaders(operation);
    }
  }
  return document;
}

const CORRELATION_ID_SCHEMA = { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' } as const;

/** Every request may name itself, and every answer says which request it was (bootstrap's genReqId). */
function withCorrelationHeaders(operation: OperationObject): void {
  operation.parameters = [
    ...(operation.parameters ?? []),
    {
      name: 'X-Correlation-Id',
      in: 'header',
      required: false,
      description:
        'Names the request (X-Request-Id is taken too); the events it causes record it as their ' +
        'correlationId. Otherwise the server makes one up.',
      schema: CORRELATION_ID_SCHEMA,
    },
  ];
  for (const response of Object.values(operation.responses)) {
    if (!response || '$ref' in response) continue;
    response.headers = {
      ...response.headers,
      'x-correlation-id': {
        description: 'The correlation id of this request.',
        schema: CORRELATION_ID_SCHEMA,
      },
    };
  }
}

type SchemaNode = Record<string, unknown>;
const isNode = (value: unknown): value is SchemaNode => typeof value === 'object' && value !== null;

/**
 * A nullable property whose type is another schema comes out of @nestjs/swagger as
 * `{nullable, type: object, allOf: [{$ref}]}`, which OpenAPI 3.0.3 reads as "never null" (nullable
 * adds null to `type` only; the referenced schema still refuses it). Rewritten as the referenced
 * schema or null, so validators and generated clients accept the nulls the API answers.
 */
function withNullableReferences(document: OpenAPIObject): OpenAPIObject {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isNode(node)) return;
    const allOf = node.allOf;
    if (
      node.nullable === true &&
      Array.isArray(allOf) &&
      allOf.length === 1 &&
      isNode(allOf[0]) &&
      '$ref' in allOf[0]
    ) {
      // The null branch says it: `nullable` without a `type` means nothing (and strict tools refuse it).
      delete node.nullable;
      delete node.type;
      delete node.allOf;
      node.anyOf = [allOf[0], { type: 'object', nullable: true, enum: [null] }];
    }
    Object.values(node).forEach(visit);
  };
  visit(document.components?.schemas);
  return document;
}

/** The admin API's OpenAPI document, served at /admin/docs (UI) and /admin/docs-json. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Customer Portal SCIM service: admin API')
    .setDescription(
      'The internal admin API of the SCIM 2.0 provisioning service: subscriptions and SCIM tokens, ' +
        'provisioning policy, roles, resources and permissions, the disable-user rule and its ' +
        'transfers, audit (history, time travel, export, provisioning log) and projections. ' +
        'Errors are JSON {statusCode, error, message}. Every change is recorded with actor `admin`; ' +
        'a caller acting for a person (the portal) sends `X-Admin-Actor: <email or login>` (1 to 128 ' +
        'of A-Z a-z 0-9 . _ @ + -) and the change is recorded as `admin:<person>`. ' +
        'A request may name itself with `X-Correlation-Id` (or `X-Request-Id`; 1 to 128 of ' +
        'A-Z a-z 0-9 . _ : -; otherwise the server makes one up): every answer carries it back as ' +
        '`x-correlation-id`, and the events the request caused record it as their correlationId.',
    )
    .setVersion('1')
    // An opaque key, not the JWT addBearerAuth assumes by default.
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'opaque key', description: 'ADMIN_API_KEY' },
      'bearer',
    )
    .build();
  // Tags are set per controller or route; no extra tag named after each controller class.
  const document = withNullableReferences(
    withCommonErrors(SwaggerModule.createDocument(app, config, { autoTagControllers: false })),
  );
  SwaggerModule.setup('admin/docs', app, document, { jsonDocumentUrl: 'admin/docs-json' });
}
