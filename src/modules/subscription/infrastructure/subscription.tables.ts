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
    CREATE TABLE IF NOT EXISTS sub_subscription_owner (
      subscription TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      assigned_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS sub_company_owner (
      subscription TEXT NOT NULL,
      user_id TEXT NOT NULL,
      since TEXT NOT NULL,
      -- revision of the CompanyOwnerAdded event in the subscription stream: the order of addition
      added_revision INTEGER NOT NULL,
      PRIMARY KEY (subscription, user_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS sub_company_owner_by_age ON sub_company_owner (subscription, added_revision);
  `);
}

export function clearSubscriptionTables(db: Database): void {
  db.exec(`
    DELETE FROM sub_company_owner; DELETE FROM sub_subscription_owner;
    DELETE FROM sub_scim_token; DELETE FROM sub_subscription;
  `);
}

export interface SubscriptionRow {
  name: string;
  company_name: string;
  created_at: string;
  /** null until the policy is first changed: the default applies. */
  policy_json: string | null;
  active_tokens: number;
  subscription_owner: string | null;
}

export interface CompanyOwnerRow {
  subscription: string;
  user_id: string;
  since: string;
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
