import { ScimPatchError } from './scim-patch.error';

/** Runs one operation's work, prefixing any SCIM error with where it happened ("Operations[2]: ..."). */
export function atOperation<T>(where: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ScimPatchError) {
      throw new ScimPatchError(error.scimType, `${where}: ${error.detail}`);
    }
    throw error;
  }
}
