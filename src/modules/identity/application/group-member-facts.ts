import { Injectable } from '@nestjs/common';
import { MAX_NESTED_GROUPS } from '../contracts/group-nesting';
import { CandidateMember, MemberToRemove } from '../domain/group.decider';
import { IdentityIndexReader } from '../infrastructure/identity-index.reader';

/** Membership facts for the group decider, asked of the index for just the ids in the request. */
@Injectable()
export class GroupMemberFacts {
  constructor(private readonly index: IdentityIndexReader) {}

  candidates(sub: string, groupId: string, ids: string[], isNewGroup = false): CandidateMember[] {
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const types = this.index.typesOf(sub, unique);
    const present = isNewGroup ? new Set<string>() : this.index.membersAmong(sub, groupId, unique);
    const addsGroups = unique.some((id) => types.get(id) === 'Group');
    const ancestors = addsGroups && !isNewGroup ? this.index.ancestorsOf(sub, groupId) : new Set([groupId]);
    const above =
      addsGroups && !isNewGroup ? this.index.nestingChain(sub, groupId, 'up', MAX_NESTED_GROUPS) : 1;
    return unique.map((id) => {
      const isGroup = types.get(id) === 'Group';
      return {
        id,
        type: types.get(id) ?? null,
        alreadyMember: present.has(id),
        createsCycle: isGroup && ancestors.has(id),
        nestsTooDeep:
          isGroup &&
          !present.has(id) &&
          above + this.index.nestingChain(sub, id, 'down', MAX_NESTED_GROUPS) > MAX_NESTED_GROUPS,
      };
    });
  }

  removals(sub: string, groupId: string, ids: string[]): MemberToRemove[] {
    if (ids.length === 0) return [];
    const present = this.index.membersAmong(sub, groupId, ids);
    return ids.map((id) => ({ id, isMember: present.has(id) }));
  }

  /** For a replace: removals = current members not kept; additions = the new list. */
  replacement(
    sub: string,
    groupId: string,
    ids: string[],
  ): { add: CandidateMember[]; remove: MemberToRemove[] } {
    const keep = new Set(ids);
    const remove: MemberToRemove[] = [];
    for (const id of this.index.allMembers(sub, groupId))
      if (!keep.has(id)) remove.push({ id, isMember: true });
    return { add: this.candidates(sub, groupId, ids), remove };
  }
}
