import type { Database, Statement } from 'better-sqlite3';
import { RecordedEvent } from '../../../platform/event-store/event-store.port';
import { Projection } from '../../../platform/read-model/projection';
import { subscriptionEventOf } from '../contracts/subscription.events';
import { subscriptionOfStream } from '../domain/subscription-stream';
import { SubscriptionReadCache } from './subscription-read.cache';
import { clearSubscriptionTables, createSubscriptionTables } from './subscription.tables';

interface Statements {
  createSubscription: Statement;
  issueToken: Statement;
  revokeToken: Statement;
  changePolicy: Statement;
  assignOwner: Statement;
  addCompanyOwner: Statement;
  removeCompanyOwner: Statement;
}

/** Subscriptions, their SCIM tokens (hash only) and roles, for the admin API and the SCIM token guard. */
export class SubscriptionProjection implements Projection {
  readonly name = 'subscription';
  // 2: subscription owner and company owners. 3: policies stored with profile attribute names.
  readonly version = 3;
  private prepared: { db: Database; statements: Statements } | undefined;

  /** `cache`: the live read model's cache, whose entries are dropped once their events committed. */
  constructor(private readonly cache?: SubscriptionReadCache) {}

  setup(db: Database): void {
    createSubscriptionTables(db);
  }

  reset(db: Database): void {
    clearSubscriptionTables(db);
    this.cache?.clear();
  }

  /** The cache's entries of a committed batch's tokens and policies are dropped (read again). */
  committed(events: readonly RecordedEvent[]): void {
    const cache = this.cache;
    if (!cache) return;
    for (const recorded of events) {
      const subscription = subscriptionOfStream(recorded.streamId);
      const event = subscription === null ? undefined : subscriptionEventOf(recorded);
      if (subscription === null || !event) continue;
      if (event.type === 'ScimTokenIssued' || event.type === 'ScimTokenRevoked')
        cache.tokens.invalidate(event.data.tokenId);
      else if (event.type === 'SubscriptionCreated' || event.type === 'ProvisioningPolicyChanged')
        cache.policies.invalidate(subscription);
    }
  }

  apply(db: Database, recorded: RecordedEvent): void {
    const subscription = subscriptionOfStream(recorded.streamId);
    const event = subscription === null ? undefined : subscriptionEventOf(recorded);
    if (subscription === null || !event) return;
    const sql = this.statements(db);
    // Every write is idempotent: a replay of an already applied event changes nothing.
    switch (event.type) {
      case 'SubscriptionCreated':
        sql.createSubscription.run(subscription, event.data.companyName, event.data.at);
        break;
      case 'ScimTokenIssued': {
        const { tokenId, secretHash, description, expiresAt, at } = event.data;
        sql.issueToken.run(tokenId, subscription, secretHash, description, at, expiresAt);
        break;
      }
      case 'ScimTokenRevoked':
        sql.revokeToken.run(event.data.at, event.data.tokenId, subscription);
        break;
      case 'ProvisioningPolicyChanged': {
        const { requiredUserAttributes, synchronizeDisabledUsers } = event.data;
        sql.changePolicy.run(
          JSON.stringify({ requiredUserAttributes, synchronizeDisabledUsers }),
          subscription,
        );
        break;
      }
      case 'SubscriptionOwnerAssigned':
        sql.assignOwner.run(subscription, event.data.userId, event.data.at);
        break;
      case 'CompanyOwnerAdded':
        sql.addCompanyOwner.run(subscription, event.data.userId, event.data.at, recorded.revision);
        break;
      case 'CompanyOwnerRemoved':
        sql.removeCompanyOwner.run(subscription, event.data.userId);
        break;
    }
  }

  private statements(db: Database): Statements {
    if (this.prepared?.db !== db)
      this.prepared = {
        db,
        statements: {
          createSubscription: db.prepare(
            'INSERT OR IGNORE INTO sub_subscription (name, company_name, created_at) VALUES (?, ?, ?)',
          ),
          issueToken: db.prepare(
            `INSERT OR IGNORE INTO sub_scim_token
               (token_id, subscription, secret_hash, description, created_at, expires_at)
             VALUES (?, ?, ?, ?, ?, ?)`,
          ),
          revokeToken: db.prepare(
            'UPDATE sub_scim_token SET revoked_at = ? WHERE token_id = ? AND subscription = ? AND revoked_at IS NULL',
          ),
          changePolicy: db.prepare('UPDATE sub_subscription SET policy_json = ? WHERE name = ?'),
          assignOwner: db.prepare(
            'INSERT OR REPLACE INTO sub_subscription_owner (subscription, user_id, assigned_at) VALUES (?, ?, ?)',
          ),
          addCompanyOwner: db.prepare(
            `INSERT OR IGNORE INTO sub_company_owner (subscription, user_id, since, added_revision)
             VALUES (?, ?, ?, ?)`,
          ),
          removeCompanyOwner: db.prepare(
            'DELETE FROM sub_company_owner WHERE subscription = ? AND user_id = ?',
          ),
        },
      };
    return this.prepared.statements;
  }
}
