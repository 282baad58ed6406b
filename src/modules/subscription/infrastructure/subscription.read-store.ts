import { Inject, Injectable } from '@nestjs/common';
import type { Database, Statement } from 'better-sqlite3';
import { READ_MODEL_DB } from '../../../platform/read-model/read-model-database';
import { ScimTokenRow, SubscriptionRow } from './subscription.tables';

const SUBSCRIPTION_COLUMNS = `
  s.name, s.company_name, s.created_at, s.policy_json,
  (SELECT COUNT(*) FROM sub_scim_token t
    WHERE t.subscription = s.name AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > @now)
  ) AS active_tokens`;

/**
 * Reads of the module's tables through cached prepared statements (the token lookup runs on every
 * SCIM request). Prepared on first use: the tables exist once the read model has started.
 */
@Injectable()
export class SubscriptionReadStore {
  private readonly statements = new Map<string, Statement>();

  constructor(@Inject(READ_MODEL_DB) private readonly db: Database) {}

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

  exists(name: string): boolean {
    return this.statement('SELECT 1 FROM sub_subscription WHERE name = ?').get(name) !== undefined;
  }

  policyJson(name: string): { policy_json: string | null } | undefined {
    return this.statement('SELECT policy_json FROM sub_subscription WHERE name = ?').get(name) as
      { policy_json: string | null } | undefined;
  }

  token(tokenId: string): ScimTokenRow | undefined {
    return this.statement('SELECT * FROM sub_scim_token WHERE token_id = ?').get(tokenId) as
      ScimTokenRow | undefined;
  }

  tokens(subscription: string): ScimTokenRow[] {
    return this.statement(
      'SELECT * FROM sub_scim_token WHERE subscription = ? ORDER BY created_at, token_id',
    ).all(subscription) as ScimTokenRow[];
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
