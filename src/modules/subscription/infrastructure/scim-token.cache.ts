import { Injectable } from '@nestjs/common';
import type { ScimTokenRow } from './subscription.tables';

const MAX_ENTRIES = 10_000;

/**
 * Token rows by id, in memory: every SCIM request checks its token. The projection drops a row
 * whenever an event changes it (issue, revoke), so a revoked token is refused at once.
 */
@Injectable()
export class ScimTokenCache {
  private readonly rows = new Map<string, ScimTokenRow | undefined>();

  get(tokenId: string, load: () => ScimTokenRow | undefined): ScimTokenRow | undefined {
    if (this.rows.has(tokenId)) return this.rows.get(tokenId);
    const row = load();
    if (this.rows.size >= MAX_ENTRIES) this.rows.clear();
    this.rows.set(tokenId, row);
    return row;
  }

  invalidate(tokenId: string): void {
    this.rows.delete(tokenId);
  }

  clear(): void {
    this.rows.clear();
  }
}
