import { JsonValue, isJsonObject } from './json';

/** Sub-attributes that only qualify a value: an element left with nothing else is dropped. */
const QUALIFIERS: ReadonlySet<string> = new Set(['type', 'primary', 'display']);

/** False for an element of a multi-valued attribute that holds qualifiers only. */
export function hasData(element: JsonValue): boolean {
  return !isJsonObject(element) || Object.keys(element).some((key) => !QUALIFIERS.has(key));
}
