export { applyPatch } from './apply-patch';
export type { PatchResult } from './apply-patch';
export { planGroupPatch } from './group-patch.planner';
export type { GroupPatchPlan } from './group-patch.plan';
export { applyGroupPlan } from './group-patch.apply';
export { normalizeUserInput, normalizeGroupInput, normalizeResourceInput } from './normalize-resource-input';
export { ScimPatchError } from './scim-patch.error';
export type { ScimPatchErrorType } from './scim-patch.error';
export { PATCH_OP_SCHEMA } from './patch-request';
