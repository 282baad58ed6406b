import type { Database, Statement } from 'better-sqlite3';

/**
 * Statements prepared once per SQL text on one connection: readers run the same queries on
 * every request. Bounded, because some texts vary (IN lists, filters built from requests).
 */
export class PreparedStatements {
  private readonly cache = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly max = 500,
  ) {}

  get(sql: string): Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      if (this.cache.size >= this.max) this.cache.clear();
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }
}
