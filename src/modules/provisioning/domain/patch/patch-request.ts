import { JsonObject, JsonValue, findKeyIgnoreCase, isJsonObject, isJsonValue } from './json';
import { ScimPatchError } from './scim-patch.error';

export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type PatchOpName = 'add' | 'replace' | 'remove';

/** One validated entry of "Operations"; `value` is undefined when the client sent none. */
export interface PatchOperation {
  op: PatchOpName;
  path?: string;
  value?: JsonValue;
  /** "Operations[2]", used to point at the failing operation in error details. */
  where: string;
}

const OP_NAMES: ReadonlySet<string> = new Set(['add', 'replace', 'remove']);

/** Validates a PatchOp body (RFC 7644 3.5.2); op and member names are matched case-insensitively. */
export function parsePatchRequest(request: unknown): PatchOperation[] {
  if (!isJsonValue(request) || !isJsonObject(request)) {
    throw new ScimPatchError('invalidSyntax', 'The PATCH body must be a JSON object');
  }
  assertPatchOpSchema(request);
  const operationsKey = findKeyIgnoreCase(request, 'Operations');
  const operations = operationsKey === undefined ? undefined : request[operationsKey];
  if (!Array.isArray(operations)) {
    throw new ScimPatchError('invalidSyntax', 'The PATCH body must carry an "Operations" array');
  }
  return operations.map((operation, index) => parseOperation(operation, `Operations[${index}]`));
}

function assertPatchOpSchema(request: JsonObject): void {
  const key = findKeyIgnoreCase(request, 'schemas');
  const schemas = key === undefined ? undefined : request[key];
  const wanted = PATCH_OP_SCHEMA.toLowerCase();
  const ok =
    Array.isArray(schemas) && schemas.some((s) => typeof s === 'string' && s.toLowerCase() === wanted);
  if (!ok) throw new ScimPatchError('invalidSyntax', `"schemas" must contain "${PATCH_OP_SCHEMA}"`);
}

function parseOperation(operation: JsonValue, where: string): PatchOperation {
  if (!isJsonObject(operation)) throw new ScimPatchError('invalidSyntax', `${where} must be an object`);
  const opKey = findKeyIgnoreCase(operation, 'op');
  const rawOp = opKey === undefined ? undefined : operation[opKey];
  const op = typeof rawOp === 'string' ? rawOp.toLowerCase() : undefined;
  if (op === undefined || !OP_NAMES.has(op)) {
    throw new ScimPatchError('invalidSyntax', `${where}: "op" must be "add", "replace" or "remove"`);
  }
  const pathKey = findKeyIgnoreCase(operation, 'path');
  const rawPath = pathKey === undefined ? undefined : operation[pathKey];
  if (rawPath !== undefined && rawPath !== null && typeof rawPath !== 'string') {
    throw new ScimPatchError('invalidSyntax', `${where}: "path" must be a string`);
  }
  const valueKey = findKeyIgnoreCase(operation, 'value');
  const parsed: PatchOperation = { op: op as PatchOpName, where };
  // An empty or blank path is the same as no path (some clients send "path": "").
  if (typeof rawPath === 'string' && rawPath.trim() !== '') parsed.path = rawPath.trim();
  if (valueKey !== undefined) parsed.value = operation[valueKey];
  return parsed;
}
