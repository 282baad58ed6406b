import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  removeDatabaseFiles,
  scratchSideFile,
} from '../../../src/platform/read-model/rebuild/scratch-database';

describe('scratch database files', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scratch-files-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('removes the database with its journals and side files (left behind by a crash), nothing else', () => {
    const scratch = path.join(dir, 'read-model.rebuild.db');
    const side = scratchSideFile(scratch, 'index');
    const files = [scratch, `${scratch}-journal`, side, `${side}-journal`];
    const others = ['read-model.db', 'read-model.db-wal', 'read-model.rebuild.dbx', 'events.db'];
    for (const file of [...files, ...others.map((name) => path.join(dir, name))]) fs.writeFileSync(file, '');

    removeDatabaseFiles(scratch);

    expect(fs.readdirSync(dir).sort()).toEqual([...others].sort());
  });

  it('is a no-op when nothing is there', () => {
    expect(() => removeDatabaseFiles(path.join(dir, 'missing', 'read-model.rebuild.db'))).not.toThrow();
  });
});
