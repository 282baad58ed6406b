import * as path from 'node:path';
import { parseExportArgs } from '../../../src/modules/audit/tools/export-args';

describe('events:export arguments', () => {
  it('reads --out, --from and --data-dir', () => {
    expect(parseExportArgs(['--out', 'log.ndjson', '--from', '42', '--data-dir', '/srv/data'], {})).toEqual({
      out: 'log.ndjson',
      after: { commit: 42n, prepare: 42n },
      dataDir: '/srv/data',
    });
  });

  it('takes DATA_DIR from the environment, else ./data', () => {
    expect(parseExportArgs(['--out', 'x'], { DATA_DIR: '/var/lib/scim' }).dataDir).toBe('/var/lib/scim');
    expect(parseExportArgs(['--out', 'x'], {}).dataDir).toBe(path.resolve('data'));
  });

  it.each([
    [[], /--out FILE is required/],
    [['--out'], /--out needs a value/],
    [['--out', 'x', '--from', 'abc'], /--from must be a position/],
    [['--out', 'x', '--since', '1'], /unknown argument --since/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseExportArgs(argv, {})).toThrow(message);
  });
});
