import { ResourceTypeName } from '../schema/scim-schema.types';
import { expandOperation } from './expand-operation';
import { FilterCreations } from './filter-creations';
import { applyGroupPlan } from './group-patch.apply';
import { GroupMembersView, planGroupPatch } from './group-patch.planner';
import { JsonObject, cloneJson, isJsonObject, jsonEquals } from './json';
import { atOperation } from './operation-location';
import { parsePatchRequest } from './patch-request';
import { applyTargetedOperation } from './resource-patch.engine';
import { finalizeResource } from './resource-document';
import { assertUserPatchSize } from './user-limits';

export interface PatchResult {
  /** The patched resource: a new object, the input is never mutated. */
  resource: JsonObject;
  /** False when the operations left the resource as it was (nothing to record). */
  changed: boolean;
}

/**
 * Applies a SCIM PatchOp body (RFC 7644 3.5.2 plus Entra's forms) to a full resource JSON.
 * All or nothing: it works on a copy, so a failing operation throws ScimPatchError and nothing applies.
 * Groups go through planGroupPatch, so both entry points give the same result.
 */
export function applyPatch(
  resourceType: ResourceTypeName,
  resource: JsonObject,
  request: unknown,
): PatchResult {
  const resourceId = typeof resource.id === 'string' ? resource.id : undefined;
  const before = finalizeResource(resourceType, cloneJson(resource));
  let after: JsonObject;
  if (resourceType === 'Group') {
    after = applyGroupPlan(resource, planGroupPatch(request, resourceId, membersOf(resource)));
  } else {
    after = cloneJson(resource);
    const operations = parsePatchRequest(request);
    assertUserPatchSize(operations);
    const creations = new FilterCreations();
    for (const operation of operations) {
      atOperation(operation.where, () => {
        for (const targeted of expandOperation(resourceType, operation, resourceId)) {
          applyTargetedOperation(resourceType, after, targeted, creations);
        }
      });
    }
    creations.refuseUnfilled(after);
    after = finalizeResource(resourceType, after);
  }
  return { resource: after, changed: !jsonEquals(before, after) };
}

/** The members of a materialised group (tests, small groups); ids a request adds are known by id only. */
function membersOf(group: JsonObject): GroupMembersView {
  const members = Array.isArray(group.members) ? group.members.filter(isJsonObject) : [];
  return {
    stored: () => members,
    describe: (id) => members.find((member) => member.value === id) ?? { value: id },
  };
}
