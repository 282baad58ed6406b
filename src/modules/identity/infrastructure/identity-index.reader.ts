import { Inject, Injectable } from '@nestjs/common';
import type { Database, Statement } from 'better-sqlite3';
import { READ_MODEL_DB } from '../../../platform/read-model/read-model-database';
import { MemberType } from '../contracts/group.events';
import { GroupState } from '../domain/group.decider';
import { PreparedStatements } from '../../../platform/read-model/prepared-statements';

export interface GroupSnapshot {
  state: GroupState;
  /** Stream revision the snapshot reflects: the expected revision of the next append. */
  revision: number;
}

// SQLite's default limit on host parameters is 32766; stay far below it.
const CHUNK = 500;

const SIZES = [1, 8, 64, CHUNK];

/** Chunks padded to a few fixed sizes (repeating an id), so a handful of statements serve every list. */
function chunks(items: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) {
    const part = items.slice(i, i + CHUNK);
    const size = SIZES.find((s) => s >= part.length) ?? CHUNK;
    while (part.length < size) part.push(part[0]);
    out.push(part);
  }
  return out;
}

/** Questions the Identity handlers ask of the index, never loading a whole member list unless asked to. */
@Injectable()
export class IdentityIndexReader {
  private prepared: PreparedStatements | undefined;

  constructor(@Inject(READ_MODEL_DB) private readonly db: Database) {}

  group(sub: string, groupId: string): GroupSnapshot | undefined {
    const row = this.statement(
      'SELECT display_name, external_id, revision FROM idn_group WHERE sub = ? AND id = ?',
    ).get(sub, groupId) as { display_name: string; external_id: string | null; revision: number } | undefined;
    if (!row) return undefined;
    return {
      state: {
        status: 'present',
        subscription: sub,
        groupId,
        displayName: row.display_name,
        externalId: row.external_id,
      },
      revision: row.revision,
    };
  }

  /** The type of each id that is a user or group of the subscription. */
  typesOf(sub: string, ids: string[]): Map<string, MemberType> {
    const types = new Map<string, MemberType>();
    for (const part of chunks(ids)) {
      const marks = part.map(() => '?').join(',');
      const rows = this.statement(
        `SELECT id, 'User' AS type FROM idn_user WHERE sub = ? AND id IN (${marks})
         UNION ALL SELECT id, 'Group' AS type FROM idn_group WHERE sub = ? AND id IN (${marks})`,
      ).all(sub, ...part, sub, ...part) as { id: string; type: MemberType }[];
      for (const row of rows) types.set(row.id, row.type);
    }
    return types;
  }

  /** Which of `ids` are direct members of the group. */
  membersAmong(sub: string, groupId: string, ids: string[]): Set<string> {
    const present = new Set<string>();
    for (const part of chunks(ids)) {
      const rows = this.statement(
        `SELECT member_id FROM idn_group_member WHERE sub = ? AND group_id = ? AND member_id IN (${part.map(() => '?').join(',')})`,
      ).all(sub, groupId, ...part) as { member_id: string }[];
      for (const row of rows) present.add(row.member_id);
    }
    return present;
  }

  /** Every direct member id (for a replace of the whole member list). */
  *allMembers(sub: string, groupId: string): IterableIterator<string> {
    const rows = this.statement(
      'SELECT member_id FROM idn_group_member WHERE sub = ? AND group_id = ?',
    ).iterate(sub, groupId) as IterableIterator<{ member_id: string }>;
    for (const row of rows) yield row.member_id;
  }

  /** Groups that contain `groupId` directly or through nesting, `groupId` itself included. */
  ancestorsOf(sub: string, groupId: string): Set<string> {
    const rows = this.statement(
      `WITH RECURSIVE up(id) AS (
         SELECT ?
         UNION SELECT m.group_id FROM idn_group_member m JOIN up ON m.member_id = up.id WHERE m.sub = ?
       ) SELECT id FROM up`,
    ).all(groupId, sub) as { id: string }[];
    return new Set(rows.map((row) => row.id));
  }

  /**
   * The longest chain of nested groups ending at `groupId` going up (its containers) or down
   * (its group members), `groupId` counted; the walk stops past `limit`.
   */
  nestingChain(sub: string, groupId: string, direction: 'up' | 'down', limit: number): number {
    const step =
      direction === 'up'
        ? 'SELECT m.group_id, c.d + 1 FROM idn_group_member m JOIN c ON m.member_id = c.id WHERE m.sub = @sub'
        : "SELECT m.member_id, c.d + 1 FROM idn_group_member m JOIN c ON m.group_id = c.id WHERE m.sub = @sub AND m.member_type = 'Group'";
    const row = this.statement(
      `WITH RECURSIVE c(id, d) AS (SELECT @id, 1 UNION ${step} AND c.d <= @limit) SELECT max(d) AS d FROM c`,
    ).get({ sub, id: groupId, limit }) as { d: number };
    return row.d;
  }

  /** Groups the member belongs to directly. */
  groupsOf(sub: string, memberId: string): string[] {
    return (
      this.statement('SELECT group_id FROM idn_group_member WHERE sub = ? AND member_id = ?').all(
        sub,
        memberId,
      ) as {
        group_id: string;
      }[]
    ).map((row) => row.group_id);
  }

  /** The users that report to `managerId` (disabled ones included). */
  reportsOf(sub: string, managerId: string): string[] {
    const rows = this.statement('SELECT id FROM idn_user WHERE sub = ? AND manager_id = ?').all(
      sub,
      managerId,
    ) as { id: string }[];
    return rows.map((row) => row.id);
  }

  userExists(sub: string, userId: string): boolean {
    return this.statement('SELECT 1 FROM idn_user WHERE sub = ? AND id = ?').get(sub, userId) !== undefined;
  }

  private statement(sql: string): Statement {
    return (this.prepared ??= new PreparedStatements(this.db)).get(sql);
  }
}
