import { expect } from '@jest/globals';
import { startFailureMessage } from '../../../src/platform/config/start-failure';

const sqliteError = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('startFailureMessage', () => {
  it("names the data directory and the likely cause of SQLite's storage errors, which name no file", () => {
    expect(startFailureMessage(sqliteError('disk I/O error', 'SQLITE_IOERR_WRITE'), '/var/lib/scim')).toBe(
      'disk I/O error (SQLITE_IOERR_WRITE) in /var/lib/scim: is its disk full, or not writable by this user?',
    );
    expect(startFailureMessage(sqliteError('database or disk is full', 'SQLITE_FULL'), '/d')).toMatch(
      /^database or disk is full \(SQLITE_FULL\) in \/d: /,
    );
  });

  it('keeps every other message as it is', () => {
    expect(startFailureMessage(new Error('PORT must be a port number'), '/d')).toBe(
      'PORT must be a port number',
    );
    expect(startFailureMessage(sqliteError('no such table: x', 'SQLITE_ERROR'), '/d')).toBe(
      'no such table: x',
    );
    expect(startFailureMessage('plain', '/d')).toBe('plain');
  });
});
