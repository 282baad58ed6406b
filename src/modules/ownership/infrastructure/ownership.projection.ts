import type { Database, Statement } from 'better-sqlite3';
import { RecordedEvent } from '../../../platform/event-store/event-store.port';
import { Projection } from '../../../platform/read-model/projection';
import { userEventOf } from '../../identity/contracts/user.events';
import { OWNERSHIP_EVENT_TYPES, ownershipEventOf } from '../contracts/ownership.events';
import { addMissingOwnershipColumns, createOwnershipTables } from './ownership.tables';

// Identity's disables carry the handover decided when they were accepted: pending until its transfer completes.
const HANDLED = new Set<string>([...OWNERSHIP_EVENT_TYPES, 'UserDisabled', 'UserDeleted']);

type Statements = Record<
  | 'resource'
  | 'resourceOwner'
  | 'permission'
  | 'permissionHolder'
  | 'permissionGone'
  | 'resourceGone'
  | 'transfer'
  | 'transferEnd'
  | 'item'
  | 'pending'
  | 'pendingDone',
  Statement
>;

/** Resources, permissions and transfers, as the admin API lists them and the saga finds them. */
export class OwnershipProjection implements Projection {
  readonly name = 'ownership';
  // 3: transfers record the role changes the rules refused (roles_not_moved).
  readonly version = 3;
  private statements: Statements | undefined;

  setup(db: Database): void {
    createOwnershipTables(db);
    addMissingOwnershipColumns(db);
  }

  reset(db: Database): void {
    db.exec(
      `DELETE FROM own_resource; DELETE FROM own_permission; DELETE FROM own_transfer; DELETE FROM own_transfer_item;
       DELETE FROM own_pending_handover;`,
    );
  }

  apply(db: Database, recorded: RecordedEvent): void {
    if (!HANDLED.has(recorded.type)) return;
    const sql = this.prepared(db);
    const userEvent = userEventOf(recorded);
    if (userEvent?.type === 'UserDisabled' || userEvent?.type === 'UserDeleted') {
      const { subscription, userId, handover, at } = userEvent.data;
      // The saga's transfer id is the id of the disable event.
      if (handover)
        sql.pending.run(
          subscription,
          recorded.id,
          userId,
          handover.heirId,
          handover.takesSubscriptionOwnership ? 1 : 0,
          at,
        );
      return;
    }
    const event = ownershipEventOf(recorded);
    if (!event) return;
    const { subscription: sub, at } = event.data;
    switch (event.type) {
      case 'ResourceCreated': {
        const { resourceId, resourceType, name, ownerId } = event.data;
        sql.resource.run(sub, resourceId, resourceType, name, ownerId, at, at);
        return;
      }
      case 'ResourceOwnershipTransferred':
        sql.resourceOwner.run(event.data.toUserId, at, sub, event.data.resourceId);
        sql.item.run(sub, event.data.transferId, 'resource', event.data.resourceId, at);
        return;
      case 'PermissionGranted': {
        const { permissionId, permission, holderId } = event.data;
        sql.permission.run(sub, permissionId, permission, holderId, at, at);
        return;
      }
      case 'PermissionTransferred':
        sql.permissionHolder.run(event.data.toUserId, at, sub, event.data.permissionId);
        sql.item.run(sub, event.data.transferId, 'permission', event.data.permissionId, at);
        return;
      case 'ResourceDeleted':
        sql.resourceGone.run(sub, event.data.resourceId);
        return;
      case 'PermissionRevoked':
        sql.permissionGone.run(sub, event.data.permissionId);
        return;
      case 'OwnershipTransferStarted': {
        const d = event.data;
        const roles = [
          ...(d.takesSubscriptionOwnership ? ['subscription-owner'] : []),
          ...(d.removesCompanyOwnership ? ['company-owner-removed'] : []),
        ];
        sql.transfer.run(
          sub,
          d.transferId,
          d.fromUserId,
          d.toUserId,
          d.rule,
          d.trigger,
          JSON.stringify(roles),
          at,
        );
        return;
      }
      case 'OwnershipTransferCompleted':
        sql.transferEnd.run(at, JSON.stringify(event.data.rolesNotMoved), sub, event.data.transferId);
        sql.pendingDone.run(sub, event.data.transferId);
        return;
    }
  }

  private prepared(db: Database): Statements {
    this.statements ??= {
      resource: db.prepare(
        'INSERT OR REPLACE INTO own_resource (sub, id, type, name, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      resourceOwner: db.prepare(
        'UPDATE own_resource SET owner_id = ?, updated_at = ? WHERE sub = ? AND id = ?',
      ),
      permission: db.prepare(
        'INSERT OR REPLACE INTO own_permission (sub, id, permission, holder_id, granted_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      permissionHolder: db.prepare(
        'UPDATE own_permission SET holder_id = ?, updated_at = ? WHERE sub = ? AND id = ?',
      ),
      permissionGone: db.prepare('DELETE FROM own_permission WHERE sub = ? AND id = ?'),
      resourceGone: db.prepare('DELETE FROM own_resource WHERE sub = ? AND id = ?'),
      transfer: db.prepare(
        `INSERT OR IGNORE INTO own_transfer (sub, id, from_user, to_user, rule, trigger, roles, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      transferEnd: db.prepare(
        'UPDATE own_transfer SET ended_at = ?, roles_not_moved = ? WHERE sub = ? AND id = ?',
      ),
      item: db.prepare(
        'INSERT OR IGNORE INTO own_transfer_item (sub, transfer_id, kind, item_id, moved_at) VALUES (?, ?, ?, ?, ?)',
      ),
      pending: db.prepare(
        `INSERT OR IGNORE INTO own_pending_handover
           (sub, transfer_id, from_user, to_user, takes_subscription_ownership, decided_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      pendingDone: db.prepare('DELETE FROM own_pending_handover WHERE sub = ? AND transfer_id = ?'),
    };
    return this.statements;
  }
}
