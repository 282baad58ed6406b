import type { Database } from 'better-sqlite3';

/** The module's read-model tables (prefix `sub_`): owned by SubscriptionProjection, read by SubscriptionReadStore. */
export function createSubscriptionTables(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS sub_subscription (
      name TEXT PRIMARY KEY,
      company_name TEXT NOT NULL,
      created_at TEXT NOT NULL,
      policy_json TEXT
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS sub_scim_token (
      token_id TEXT PRIMARY KEY,
      subscription TEXT NOT NULL,
      secret_hash TEXT NOT NULL,
      description TEXT,
      created_at TEXT NOT NULL,
      expires_at TEXT,
      revoked_at TEXT
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS sub_scim_token_by_subscription ON sub_scim_token (subscription, created_at);
  `);
}

export function clearSubscriptionTables(db: Database): void {
  db.exec('DELETE FROM sub_scim_token; DELETE FROM sub_subscription;');
}

export interface SubscriptionRow {
  name: string;
  company_name: string;
  created_at: string;
  /** null until the policy is first changed: the default applies. */
  policy_json: string | null;
  active_tokens: number;
}

export interface ScimTokenRow {
  token_id: string;
  subscription: string;
  secret_hash: string;
  description: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}
