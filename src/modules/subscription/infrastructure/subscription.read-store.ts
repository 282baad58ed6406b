import { Inject, Injectable } from '@nestjs/common';
import type { Database, Statement } from 'better-sqlite3';
import { READ_MODEL_DB } from '../../../platform/read-model/read-model-database';
import { SubscriptionReadCache } from './subscription-read.cache';
import { CompanyOwnerRow, ScimTokenRow, SubscriptionRow } from './subscription.tables';
import { PreparedStatements } from '../../../platform/read-model/prepared-statements';

const SUBSCRIPTION_COLUMNS = `
  s.name, s.company_name, s.created_at, s.policy_json,
  (SELECT COUNT(*) FROM sub_scim_token t
    WHERE t.subscription = s.name AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > @now)
  ) AS active_tokens,
  (SELECT o.user_id FROM sub_subscription_owner o WHERE o.subscription = s.name) AS subscription_owner`;

const COMPANY_OWNER_COLUMNS = 'subscription, user_id, since';

/**
 * Reads of the module's tables through cached prepared statements (the token lookup runs on every
 * SCIM request). Prepared on first use: the tables exist once the read model has started.
 */
@Injectable()
export class SubscriptionReadStore {
  private prepared: PreparedStatements | undefined;

  constructor(
    @Inject(READ_MODEL_DB) private readonly db: Database,
    private readonly cache: SubscriptionReadCache,
  ) {}

  subscription(name: string, now: Date): SubscriptionRow | undefined {
    return this.statement(`SELECT ${SUBSCRIPTION_COLUMNS} FROM sub_subscription s WHERE s.name = @name`).get({
      name,
      now: now.toISOString(),
    }) as SubscriptionRow | undefined;
  }

  subscriptions(now: Date): SubscriptionRow[] {
    return this.statement(`SELECT ${SUBSCRIPTION_COLUMNS} FROM sub_subscription s ORDER BY s.name`).all({
      now: now.toISOString(),
    }) as SubscriptionRow[];
  }

  /** Oldest first. */
  companyOwners(subscription: string): CompanyOwnerRow[] {
    return this.statement(
      `SELECT ${COMPANY_OWNER_COLUMNS} FROM sub_company_owner WHERE subscription = ? ORDER BY added_revision`,
    ).all(subscription) as CompanyOwnerRow[];
  }

  /** Every subscription's company owners, oldest first within a subscription: one query for a list. */
  allCompanyOwners(): CompanyOwnerRow[] {
    return this.statement(
      `SELECT ${COMPANY_OWNER_COLUMNS} FROM sub_company_owner ORDER BY subscription, added_revision`,
    ).all() as CompanyOwnerRow[];
  }

  exists(name: string): boolean {
    return this.statement('SELECT 1 FROM sub_subscription WHERE name = ?').get(name) !== undefined;
  }

  policyJson(name: string): { policy_json: string | null } | undefined {
    return this.cache.policies.get(
      name,
      () =>
        this.statement('SELECT policy_json FROM sub_subscription WHERE name = ?').get(name) as
          { policy_json: string | null } | undefined,
    );
  }

  token(tokenId: string): ScimTokenRow | undefined {
    return this.cache.tokens.get(
      tokenId,
      () =>
        this.statement('SELECT * FROM sub_scim_token WHERE token_id = ?').get(tokenId) as
          ScimTokenRow | undefined,
    );
  }

  tokens(subscription: string): ScimTokenRow[] {
    return this.statement(
      'SELECT * FROM sub_scim_token WHERE subscription = ? ORDER BY created_at, token_id',
    ).all(subscription) as ScimTokenRow[];
  }

  private statement(sql: string): Statement {
    return (this.prepared ??= new PreparedStatements(this.db)).get(sql);
  }
}
