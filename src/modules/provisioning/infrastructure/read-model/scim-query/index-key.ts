import { JsonValue } from '../../../../../platform/event-store/event-store.port';
import { normalizeScimDateTime } from '../../../domain/filter/scim-date-time';
import { ScimAttributeType } from '../../../domain/schema/scim-schema.types';
import { caselessKey } from '../../../../../platform/text/caseless-key';

export type IndexValue = string | number;

// What the write side stores (Date.toISOString): already the key, no need to parse it.
const CANONICAL_DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** scim_attr.path of a canonical attribute path ("name.familyName" -> "name.familyname"). */
export function indexPath(canonicalPath: string): string {
  return canonicalPath.toLowerCase();
}

/**
 * The comparison key stored in scim_attr.v, and the one a filter operand is turned into, so that
 * both sides are always normalised the same way. Undefined: nothing to index (null, "", wrong shape).
 */
export function indexKey(
  type: ScimAttributeType,
  caseExact: boolean,
  value: JsonValue | undefined,
): IndexValue | undefined {
  switch (type) {
    case 'boolean':
      return booleanKey(value);
    case 'integer':
    case 'decimal': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
    }
    case 'dateTime':
      if (typeof value !== 'string' || value === '') return undefined;
      if (CANONICAL_DATE_TIME.test(value)) return value;
      // An unparseable stored date keeps its text: still present, still matched by co/sw/ew.
      return normalizeScimDateTime(value) ?? value;
    case 'complex':
      return undefined;
    case 'string':
    case 'reference':
    case 'binary': {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
        return undefined;
      const text = String(value);
      if (text === '') return undefined;
      return caseExact ? text : caselessKey(text);
    }
  }
}

function booleanKey(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  // Entra sends "True"/"False"; the write side may have kept them as text.
  if (typeof value === 'string' && /^(true|false)$/i.test(value))
    return value.toLowerCase() === 'true' ? 1 : 0;
  return undefined;
}
