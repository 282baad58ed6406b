import { Injectable } from '@nestjs/common';
import type { ScimTokenRow } from './subscription.tables';

const MAX_ENTRIES = 10_000;

/** A bounded map of rows by key; a miss (undefined) is remembered too. */
class RowCache<Row> {
  private readonly rows = new Map<string, Row | undefined>();

  get(key: string, load: () => Row | undefined): Row | undefined {
    if (this.rows.has(key)) return this.rows.get(key);
    const row = load();
    if (this.rows.size >= MAX_ENTRIES) this.rows.clear();
    this.rows.set(key, row);
    return row;
  }

  invalidate(key: string): void {
    this.rows.delete(key);
  }

  clear(): void {
    this.rows.clear();
  }
}

/**
 * What every SCIM request reads of this module, in memory: its token's row, and for each create
 * or update the subscription's provisioning policy. The projection drops an entry whenever an
 * event changes it (token issued or revoked, subscription created, policy changed), so a revoked
 * token is refused at once and a new policy applies to the next request.
 */
@Injectable()
export class SubscriptionReadCache {
  readonly tokens = new RowCache<ScimTokenRow>();
  /** By subscription name: the stored policy JSON (null: the default policy). */
  readonly policies = new RowCache<{ policy_json: string | null }>();

  clear(): void {
    this.tokens.clear();
    this.policies.clear();
  }
}
