import { GroupPatchPlan } from './group-patch.plan';
import { JsonObject, JsonValue, cloneJson, isJsonObject } from './json';
import { finalizeResource } from './resource-document';

/** Materialises a plan on a Group resource (small groups, tests); existing member entries are kept as they are. */
export function applyGroupPlan(group: JsonObject, plan: GroupPatchPlan): JsonObject {
  const next = cloneJson(group);
  if (plan.displayName !== undefined) next.displayName = plan.displayName;
  if (plan.externalId === null) delete next.externalId;
  else if (plan.externalId !== undefined) next.externalId = plan.externalId;
  next.members = patchedMembers(Array.isArray(next.members) ? next.members : [], plan);
  return finalizeResource('Group', next);
}

function patchedMembers(current: JsonValue[], plan: GroupPatchPlan): JsonValue[] {
  const idOf = (member: JsonValue) => (isJsonObject(member) ? member.value : undefined);
  if (plan.replaceMembers) {
    const existing = new Map(current.map((member) => [idOf(member), member]));
    return plan.replaceMembers.map((id) => existing.get(id) ?? { value: id });
  }
  const removed = new Set(plan.removeMembers);
  const kept = current.filter((member) => {
    const id = idOf(member);
    return !(typeof id === 'string' && removed.has(id));
  });
  const present = new Set(kept.map(idOf));
  return [...kept, ...plan.addMembers.filter((id) => !present.has(id)).map((id) => ({ value: id }))];
}
