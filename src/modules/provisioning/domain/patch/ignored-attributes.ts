import { ResourceTypeName } from '../schema/scim-schema.types';
import { coreSchemaIdOf } from './schema-lookup';

// RFC 7643 4.1.1: password is writeOnly and returned never. The portal manages no passwords, so
// one sent by a client (Okta creates, a PATCH of a copied body) is accepted and dropped, never stored.
const IGNORED_USER_ATTRIBUTES = ['password'];

/** Whether a body key or PATCH path names an attribute accepted and ignored (any case, URN-prefixed or not). */
export function isIgnoredAttribute(resourceType: ResourceTypeName, path: string): boolean {
  if (resourceType !== 'User') return false;
  const lower = path.trim().toLowerCase();
  const core = `${coreSchemaIdOf(resourceType).toLowerCase()}:`;
  const name = lower.startsWith(core) ? lower.slice(core.length) : lower;
  return IGNORED_USER_ATTRIBUTES.includes(name);
}
