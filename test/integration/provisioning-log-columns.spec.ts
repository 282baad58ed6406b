import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { openProvisioningLogDatabase } from '../../src/modules/provisioning/infrastructure/provisioning-log/provisioning-log.database';
import { ProvisioningLogEntry } from '../../src/modules/provisioning/infrastructure/provisioning-log/provisioning-log.entry';
import { ProvisioningLogWriter } from '../../src/modules/provisioning/infrastructure/provisioning-log/provisioning-log.writer';

/**
 * The writer thread binds an entry by position (provisioningLogRow, then the insert's `?`s): each
 * field must land in its own column. Every field has a value of its own here, so a swap shows.
 */
describe('provisioning log writer: every field of an entry in its column', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plog-columns-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes each field to the column of that name', async () => {
    const file = path.join(dir, 'provisioning-log.db');
    const reader = openProvisioningLogDatabase(file);
    const writer = new ProvisioningLogWriter(file, pino({ level: 'silent' }));
    const entry: ProvisioningLogEntry = {
      at: 1_700_000_000_123,
      subscription: 'acme',
      tokenId: 'token-1',
      method: 'PUT',
      path: '/scim/v2/Users/u-1',
      filter: 'userName eq "x"',
      resourceType: 'User',
      resourceId: 'u-1',
      subject: 'Ada@Example.test',
      subjectKey: 'ada@example.test',
      status: 400,
      scimType: 'invalidValue',
      detail: 'familyName is required',
      durationMs: 12.5,
      correlationId: 'corr-1',
    };
    try {
      writer.record(entry);
      await writer.sync();
      const row = reader
        .prepare(
          `SELECT at, subscription, token_id, method, path, filter, resource_type, resource_id, subject,
                  subject_key, status, scim_type, detail, duration_ms, correlation_id FROM provisioning_log`,
        )
        .get();
      expect(row).toEqual({
        at: entry.at,
        subscription: entry.subscription,
        token_id: entry.tokenId,
        method: entry.method,
        path: entry.path,
        filter: entry.filter,
        resource_type: entry.resourceType,
        resource_id: entry.resourceId,
        subject: entry.subject,
        subject_key: entry.subjectKey,
        status: entry.status,
        scim_type: entry.scimType,
        detail: entry.detail,
        duration_ms: entry.durationMs,
        correlation_id: entry.correlationId,
      });
    } finally {
      await writer.close();
      reader.close();
    }
  });
});
