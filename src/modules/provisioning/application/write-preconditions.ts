import { ReadModel } from '../../../platform/read-model/read-model.service';
import { ScimError } from '../domain/error/scim-error';
import { Preconditions, checkPreconditions, hasPreconditions } from '../domain/version/scim-preconditions';

/**
 * The version a write must find (If-Match), after If-Match and If-None-Match are checked against
 * the resource's version in the read model. A refusal is checked again once the read model has
 * caught up with the log: another writer's change may not be projected yet, and the client may
 * name the version it made.
 */
export async function versionToPin(
  preconditions: Preconditions | undefined,
  readModel: ReadModel,
  currentVersion: () => number,
): Promise<number | undefined> {
  if (!preconditions || !hasPreconditions(preconditions)) return undefined;
  try {
    return checkPreconditions(preconditions, currentVersion());
  } catch (error) {
    if (!(error instanceof ScimError) || error.status !== 412) throw error;
    await readModel.waitForHead();
    return checkPreconditions(preconditions, currentVersion());
  }
}
