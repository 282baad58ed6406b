import { JsonObject } from '../../../platform/event-store/event-store.port';
import { LIST_RESPONSE_SCHEMA } from '../domain/discovery/discovery-documents';

/** A user's groups as GET answers them (readOnly `groups`, RFC 7643 section 4.1.2). */
export interface UserGroupRef {
  id: string;
  display: string;
  direct: boolean;
}

// The users projection writes meta last; its values (dates, version) never contain this text.
const META = ',"meta":{';
// A manager reference needs $ref and displayName added at read time: such a user is rendered.
const MANAGER_KEY = '"manager":';

/**
 * The JSON text GET answers for a stored user, spliced instead of parsed and re-serialized (the
 * bulk of a read's CPU): the stored text plus `groups` before meta and meta.location last, the
 * same bytes as rendering it. Undefined when the text must be rendered (a manager reference, or
 * not in the projection's layout).
 */
export function splicedUserBody(
  json: string,
  id: string,
  baseUrl: string,
  groupsOf: () => UserGroupRef[],
): string | undefined {
  if (json.includes(MANAGER_KEY) || !json.endsWith('}}')) return undefined;
  const meta = json.lastIndexOf(META);
  if (meta < 0) return undefined;
  const groups = groupsOf();
  const location = `,"location":${JSON.stringify(`${baseUrl}/Users/${id}`)}}}`;
  if (groups.length === 0) return json.slice(0, -2) + location;
  const refs = groups.map((g) => ({
    value: g.id,
    $ref: `${baseUrl}/Groups/${g.id}`,
    display: g.display,
    type: g.direct ? 'direct' : 'indirect',
  }));
  return `${json.slice(0, meta)},"groups":${JSON.stringify(refs)}${json.slice(meta, -2)}${location}`;
}

/** The ListResponse text around already serialized resources, keys in the order of the object form. */
export function listResponseBody(total: number, resources: string[], startIndex: number): string {
  const head: JsonObject = { schemas: [LIST_RESPONSE_SCHEMA], totalResults: total };
  const tail = `,"startIndex":${startIndex},"itemsPerPage":${resources.length}}`;
  return `${JSON.stringify(head).slice(0, -1)},"Resources":[${resources.join(',')}]${tail}`;
}
