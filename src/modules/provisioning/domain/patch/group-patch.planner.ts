import { AttributeDefinition } from '../schema/scim-schema.types';
import { buildComplexValue, coerceSimpleValue } from './attribute-value';
import { TargetedOperation, expandOperation } from './expand-operation';
import { eqDisjunctionValues } from './filter/value-filter.equalities';
import { GroupPatchPlan } from './group-patch.plan';
import { matchesValueFilter } from './filter/value-filter.evaluator';
import { ValueFilter } from './filter/value-filter.types';
import { JsonObject, JsonValue } from './json';
import { atOperation } from './operation-location';
import { parsePatchRequest } from './patch-request';
import { AttributeTarget } from './patch-path';
import { ScimPatchError } from './scim-patch.error';

/**
 * The group's members as SCIM member values ({value, type, display, $ref}), read only when a
 * removal's filter is more than `value eq` (`members[type eq "Group"]`).
 */
export interface GroupMembersView {
  /** The members stored before this request. */
  stored(): Iterable<JsonObject>;
  /** The member value of an id this request adds; undefined when it names nothing. */
  describe(id: string): JsonObject | undefined;
}

/**
 * Computes a Group PATCH as deltas without the member list. `groupId` lets a path-less value that
 * echoes the group's own "id" through (any other id is a mutability error).
 * Member removals of absent ids are not errors (Entra removes members that may already be gone).
 * Without `members`, a removal filter other than `value eq` answers invalidPath.
 */
export function planGroupPatch(
  request: unknown,
  groupId?: string,
  members?: GroupMembersView,
): GroupPatchPlan {
  const planner = new GroupPlanner(members);
  for (const operation of parsePatchRequest(request)) {
    atOperation(operation.where, () => {
      for (const targeted of expandOperation('Group', operation, groupId)) planner.apply(targeted);
    });
  }
  return planner.plan();
}

class GroupPlanner {
  private displayName?: string;
  private externalId?: string | null;
  private readonly added = new Set<string>();
  private readonly removed = new Set<string>();
  private replaced?: Set<string>;

  constructor(private readonly members: GroupMembersView | undefined) {}

  apply({ op, target, value }: TargetedOperation): void {
    if (target.kind === 'schema') {
      throw new ScimPatchError('invalidPath', `"${target.path}" is not a Group attribute`);
    }
    const { attribute, path } = target;
    switch (attribute.name) {
      case 'displayName': {
        // Required: its removal or clearing was already refused by expandOperation.
        const name = coerceSimpleValue(attribute, value, path);
        if (typeof name === 'string') this.displayName = name;
        return;
      }
      case 'externalId': {
        const coerced = op === 'remove' ? undefined : coerceSimpleValue(attribute, value, path);
        this.externalId = typeof coerced === 'string' ? coerced : null;
        return;
      }
      case 'members':
        return this.applyMembers(op, target, value);
      default:
        throw new ScimPatchError('invalidPath', `"${path}" cannot be patched on a Group`);
    }
  }

  private applyMembers(
    op: TargetedOperation['op'],
    target: AttributeTarget,
    value: JsonValue | undefined,
  ): void {
    const { attribute, filter, subAttribute, path } = target;
    if (subAttribute || (filter && op !== 'remove')) {
      throw new ScimPatchError('mutability', `"${path}": members are added or removed, never modified`);
    }
    if (filter) return this.remove(eqDisjunctionValues(filter, 'value') ?? this.matching(filter, path));
    if (op === 'add') return this.add(memberIds(attribute, value, path));
    if (op === 'replace') {
      this.added.clear();
      this.removed.clear();
      this.replaced = new Set(memberIds(attribute, value, path));
      return;
    }
    // RFC: "remove" of "members" without a value empties the group; with a value (Entra) only those go.
    if (value === undefined || value === null) {
      this.added.clear();
      this.removed.clear();
      this.replaced = new Set();
      return;
    }
    this.remove(memberIds(attribute, value, path));
  }

  /** Ids of the members, as this request has left them so far, that `filter` selects. */
  private matching(filter: ValueFilter, path: string): string[] {
    if (!this.members) {
      throw new ScimPatchError('invalidPath', `"${path}": a members filter must be value eq "<id>"`);
    }
    const ids: string[] = [];
    const consider = (member: JsonObject | undefined) => {
      if (member && typeof member.value === 'string' && matchesValueFilter(filter, member))
        ids.push(member.value);
    };
    if (this.replaced) {
      for (const id of this.replaced) consider(this.members.describe(id));
    } else {
      for (const member of this.members.stored()) {
        if (
          typeof member.value === 'string' &&
          !this.removed.has(member.value) &&
          !this.added.has(member.value)
        )
          consider(member);
      }
      for (const id of this.added) consider(this.members.describe(id));
    }
    // RFC 7644 3.5.2: a filter that yields no match is noTarget (value eq alone stays a no-op, for Entra).
    if (ids.length === 0) throw new ScimPatchError('noTarget', `"${path}" matches no member`);
    return ids;
  }

  private add(ids: string[]): void {
    for (const id of ids) {
      if (this.replaced) this.replaced.add(id);
      else {
        this.removed.delete(id);
        this.added.add(id);
      }
    }
  }

  private remove(ids: string[]): void {
    for (const id of ids) {
      if (this.replaced) this.replaced.delete(id);
      else {
        this.added.delete(id);
        this.removed.add(id);
      }
    }
  }

  plan(): GroupPatchPlan {
    const plan: GroupPatchPlan = { addMembers: [...this.added], removeMembers: [...this.removed] };
    if (this.displayName !== undefined) plan.displayName = this.displayName;
    if (this.externalId !== undefined) plan.externalId = this.externalId;
    if (this.replaced) plan.replaceMembers = [...this.replaced];
    return plan;
  }
}

/** Member ids of a value: [{"value": id, "$ref"?, "display"?, "type"?}] or one such object; "" and null give none. */
function memberIds(attribute: AttributeDefinition, value: JsonValue | undefined, path: string): string[] {
  if (value === undefined || value === null || value === '') return [];
  const ids: string[] = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    const member = buildComplexValue(attribute, item, path);
    const id = member?.value;
    if (typeof id !== 'string') {
      throw new ScimPatchError('invalidValue', `"${path}": each member needs a "value"`);
    }
    ids.push(id);
  }
  return ids;
}
