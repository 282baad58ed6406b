/**
 * A Group PATCH as changes, so a group of 100,000 members is never loaded to be patched.
 * Resulting members: `replaceMembers` when set, else (current - removeMembers) + addMembers.
 * When `replaceMembers` is set, later adds/removes are folded into it and the two lists are empty;
 * otherwise the lists are disjoint (the last operation on an id wins), so their order does not matter.
 */
export interface GroupPatchPlan {
  displayName?: string;
  /** null: externalId removed or cleared. */
  externalId?: string | null;
  addMembers: string[];
  removeMembers: string[];
  replaceMembers?: string[];
}
