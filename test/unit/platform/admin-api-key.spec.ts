import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ADMIN_KEY_FILE, resolveAdminApiKey } from '../../../src/platform/config/admin-api-key';

describe('resolveAdminApiKey', () => {
  let dir: string;
  const file = () => path.join(dir, ADMIN_KEY_FILE);
  const write = (content: string, mode: number) => {
    fs.writeFileSync(file(), content);
    fs.chmodSync(file(), mode);
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-key-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('generates a key in a 0600 file, then reads it back; ADMIN_API_KEY wins', () => {
    const generated = resolveAdminApiKey(undefined, dir);
    expect(generated.generatedAt).toBe(file());
    expect(fs.statSync(file()).mode & 0o777).toBe(0o600);
    expect(resolveAdminApiKey(undefined, dir)).toEqual({ key: generated.key, file: file() });
    expect(resolveAdminApiKey('from-the-environment-1234', dir)).toEqual({
      key: 'from-the-environment-1234',
    });
  });

  it.each([
    ['empty', ''],
    ['too short', 'abc\n'],
    ['two words', 'adm_0123456789abcdef adm_0123456789abcdef'],
  ])('refuses to start on a key file that is %s', (_, content) => {
    write(content, 0o600);
    expect(() => resolveAdminApiKey(undefined, dir)).toThrow(/at least 16 characters without spaces/);
  });

  it('says when the key file is readable by other users', () => {
    write('adm_0123456789abcdefghij\n', 0o644);
    expect(resolveAdminApiKey(undefined, dir)).toEqual({
      key: 'adm_0123456789abcdefghij',
      file: file(),
      readableByOthers: true,
    });
  });
});
