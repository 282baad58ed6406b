import { OwnershipTransferStarted, RoleNotMoved, TransferRole } from '../contracts/ownership.events';
import { HeirRule } from '../contracts/heir-decision';
import { Inject, Injectable } from '@nestjs/common';
import type { Database, Statement } from 'better-sqlite3';
import { READ_MODEL_DB } from '../../../platform/read-model/read-model-database';
import { PreparedStatements } from '../../../platform/read-model/prepared-statements';
import { KeysetPage, KeysetPosition, keysetPage } from '../../../platform/read-model/keyset-page';

// The columns every read of a resource or a permission answers (ResourceRow, PermissionRow).
const SELECT_RESOURCE =
  'SELECT id, type, name, owner_id AS ownerId, created_at AS createdAt, updated_at AS updatedAt';
const SELECT_PERMISSION =
  'SELECT id, permission, holder_id AS userId, granted_at AS grantedAt, updated_at AS updatedAt';

export interface ResourceRow {
  id: string;
  type: string;
  name: string;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
}

export interface PermissionRow {
  id: string;
  permission: string;
  userId: string;
  grantedAt: string;
  updatedAt: string;
}

export interface TransferRow {
  id: string;
  fromUserId: string;
  toUserId: string;
  rule: HeirRule;
  trigger: OwnershipTransferStarted['data']['trigger'];
  /** The role changes the transfer made (or, while running, is to make). */
  roles: TransferRole[];
  rolesNotMoved: RoleNotMoved[];
  startedAt: string;
  endedAt: string | null;
}

/** Reads of Ownership's own tables; prepared lazily (tables exist once the read model started). */
@Injectable()
export class OwnershipReader {
  private prepared: PreparedStatements | undefined;

  constructor(@Inject(READ_MODEL_DB) private readonly db: Database) {}

  /** A page of the resources in (createdAt, id) order, after `after`; with ownerId, that owner's only. */
  resourcePage(
    sub: string,
    ownerId: string | undefined,
    after: KeysetPosition,
    limit: number,
  ): KeysetPage<ResourceRow> {
    const rows = this.statement(
      `${SELECT_RESOURCE}
       FROM own_resource WHERE sub = @sub ${ownerId === undefined ? '' : 'AND owner_id = @ownerId'}
         AND (created_at, id) > (@time, @id) ORDER BY created_at, id LIMIT @limit`,
    ).all({ sub, ownerId, time: after[0], id: after[1], limit: limit + 1 }) as ResourceRow[];
    return keysetPage(rows, limit, (row) => [row.createdAt, row.id]);
  }

  /** A page of the permissions in (grantedAt, id) order, after `after`; with holderId, that holder's only. */
  permissionPage(
    sub: string,
    holderId: string | undefined,
    after: KeysetPosition,
    limit: number,
  ): KeysetPage<PermissionRow> {
    const rows = this.statement(
      `${SELECT_PERMISSION}
       FROM own_permission WHERE sub = @sub ${holderId === undefined ? '' : 'AND holder_id = @holderId'}
         AND (granted_at, id) > (@time, @id) ORDER BY granted_at, id LIMIT @limit`,
    ).all({ sub, holderId, time: after[0], id: after[1], limit: limit + 1 }) as PermissionRow[];
    return keysetPage(rows, limit, (row) => [row.grantedAt, row.id]);
  }

  /** Everything one user owns (the portal's user view: one user's items, not a subscription's). */
  resources(sub: string, ownerId: string): ResourceRow[] {
    return this.statement(
      `${SELECT_RESOURCE}
       FROM own_resource WHERE sub = ? AND owner_id = ? ORDER BY created_at, id`,
    ).all(sub, ownerId) as ResourceRow[];
  }

  /** Every permission one user holds (the portal's user view). */
  permissions(sub: string, holderId: string): PermissionRow[] {
    return this.statement(
      `${SELECT_PERMISSION}
       FROM own_permission WHERE sub = ? AND holder_id = ? ORDER BY granted_at, id`,
    ).all(sub, holderId) as PermissionRow[];
  }

  resource(sub: string, id: string): ResourceRow | undefined {
    return this.statement(
      `${SELECT_RESOURCE}
       FROM own_resource WHERE sub = ? AND id = ?`,
    ).get(sub, id) as ResourceRow | undefined;
  }

  permission(sub: string, id: string): PermissionRow | undefined {
    return this.statement(
      `${SELECT_PERMISSION}
       FROM own_permission WHERE sub = ? AND id = ?`,
    ).get(sub, id) as PermissionRow | undefined;
  }

  /** Ids only, for the saga: what the user still holds. */
  heldBy(sub: string, userId: string): { resources: string[]; permissions: string[] } {
    const ids = (sql: string) => (this.statement(sql).all(sub, userId) as { id: string }[]).map((r) => r.id);
    return {
      resources: ids('SELECT id FROM own_resource WHERE sub = ? AND owner_id = ? ORDER BY id'),
      permissions: ids('SELECT id FROM own_permission WHERE sub = ? AND holder_id = ? ORDER BY id'),
    };
  }

  /**
   * heldBy, plus what handovers decided but not completed yet bring to the user: from each user
   * whose pending handover goes to it, and on through theirs. A disable of the user now moves
   * all of it (its transfer runs after theirs).
   */
  heldOrIncoming(sub: string, userId: string): { resources: string[]; permissions: string[] } {
    const resources = new Set<string>();
    const permissions = new Set<string>();
    const seen = new Set<string>();
    const handingOverTo = this.statement(
      'SELECT from_user AS id FROM own_pending_handover WHERE sub = ? AND to_user = ?',
    );
    const pending = [userId];
    for (let user = pending.pop(); user !== undefined; user = pending.pop()) {
      if (seen.has(user)) continue;
      seen.add(user);
      const held = this.heldBy(sub, user);
      held.resources.forEach((id) => resources.add(id));
      held.permissions.forEach((id) => permissions.add(id));
      for (const row of handingOverTo.all(sub, user) as { id: string }[]) pending.push(row.id);
    }
    return { resources: [...resources].sort(), permissions: [...permissions].sort() };
  }

  ownsSomething(sub: string, userId: string): boolean {
    return (
      (
        this.statement(
          `SELECT EXISTS (SELECT 1 FROM own_resource WHERE sub = @sub AND owner_id = @user)
             OR EXISTS (SELECT 1 FROM own_permission WHERE sub = @sub AND holder_id = @user) AS owns`,
        ).get({ sub, user: userId }) as { owns: number }
      ).owns === 1
    );
  }

  /** Heir of a handover decided but not completed yet: items (and roles) are on their way to it. */
  inheritsPending(sub: string, userId: string): boolean {
    return (
      this.statement('SELECT 1 FROM own_pending_handover WHERE sub = ? AND to_user = ? LIMIT 1').get(
        sub,
        userId,
      ) !== undefined
    );
  }

  /** The heir of this user's handover not completed yet, if any (at most one: a user is disabled once). */
  pendingHandoverFrom(sub: string, userId: string): { heirId: string } | undefined {
    return this.statement(
      'SELECT to_user AS heirId FROM own_pending_handover WHERE sub = ? AND from_user = ? LIMIT 1',
    ).get(sub, userId) as { heirId: string } | undefined;
  }

  /** Who takes the subscription ownership from this user in its handover not completed yet, if any. */
  pendingSubscriptionOwnershipFrom(sub: string, userId: string): string | null {
    const row = this.statement(
      `SELECT to_user AS userId FROM own_pending_handover
       WHERE sub = ? AND from_user = ? AND takes_subscription_ownership = 1 LIMIT 1`,
    ).get(sub, userId) as { userId: string } | undefined;
    return row?.userId ?? null;
  }

  /** A page of the transfers in (startedAt, id) order, after `after`. */
  transferPage(sub: string, after: KeysetPosition, limit: number): KeysetPage<TransferRow> {
    const rows = this.statement(
      `SELECT id, from_user AS fromUserId, to_user AS toUserId, rule, trigger, roles,
              roles_not_moved AS rolesNotMoved, started_at AS startedAt, ended_at AS endedAt
       FROM own_transfer WHERE sub = @sub AND (started_at, id) > (@time, @id)
       ORDER BY started_at, id LIMIT @limit`,
    ).all({ sub, time: after[0], id: after[1], limit: limit + 1 }) as (Omit<
      TransferRow,
      'roles' | 'rolesNotMoved'
    > & { roles: string; rolesNotMoved: string })[];
    const transfers = rows.map((row) => {
      const rolesNotMoved = JSON.parse(row.rolesNotMoved) as RoleNotMoved[];
      const planned = JSON.parse(row.roles) as TransferRole[];
      const roles = planned.filter((role) => !rolesNotMoved.some((refused) => refused.role === role));
      return { ...row, roles, rolesNotMoved };
    });
    return keysetPage(transfers, limit, (row) => [row.startedAt, row.id]);
  }

  transferItems(sub: string, transferId: string): { kind: string; itemId: string; movedAt: string }[] {
    return this.statement(
      `SELECT kind, item_id AS itemId, moved_at AS movedAt FROM own_transfer_item
       WHERE sub = ? AND transfer_id = ? ORDER BY kind, item_id`,
    ).all(sub, transferId) as { kind: string; itemId: string; movedAt: string }[];
  }

  private statement(sql: string): Statement {
    return (this.prepared ??= new PreparedStatements(this.db)).get(sql);
  }
}
