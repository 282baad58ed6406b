import { JsonObject } from '../../../../platform/event-store/event-store.port';
import { UserSnapshot, userToScim } from './scim-user.mapper';

/** What the read model keeps of a user to render it: Identity's user and its creation time. */
export interface StoredUserSource extends UserSnapshot {
  created: string;
}

/**
 * The user document as the read model stores it (JSON.stringify of this is the stored text) and
 * a write's answer renders it before the read model has it: one function, the same bytes.
 */
export function storedUserDocument(
  userId: string,
  source: StoredUserSource,
  revision: number,
  lastModified: string,
): JsonObject {
  return {
    ...userToScim(userId, source),
    meta: { resourceType: 'User', created: source.created, lastModified, version: `W/"${revision}"` },
  };
}
