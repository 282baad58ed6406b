import * as vm from 'node:vm';
import { expect } from '@jest/globals';
import { asError } from '../../../src/platform/read-model/as-error';

describe('asError', () => {
  it('keeps an Error as it is, its code with it', () => {
    const error = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    expect(asError(error)).toBe(error);
  });

  it("keeps an Error of another realm (not an instance of this one's Error) as it is", () => {
    const foreign: unknown = vm.runInNewContext(
      "Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })",
    );
    expect(foreign instanceof Error).toBe(false);
    expect(asError(foreign)).toBe(foreign);
    expect(asError(foreign)).toMatchObject({ code: 'SQLITE_FULL' });
  });

  it("keeps better-sqlite3's SqliteError of another realm (a function-made error, no Error slot)", () => {
    const foreign: unknown = vm.runInNewContext(`
      function SqliteError(message, code) { Error.call(this, message); this.message = message; this.code = code; }
      Object.setPrototypeOf(SqliteError.prototype, Error.prototype);
      new SqliteError('database or disk is full', 'SQLITE_FULL');
    `);
    expect(Object.prototype.toString.call(foreign)).toBe('[object Object]');
    expect(asError(foreign)).toBe(foreign);
  });

  it('wraps anything else', () => {
    expect(asError('boom')).toEqual(new Error('boom'));
  });
});
