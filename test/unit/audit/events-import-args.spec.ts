import * as path from 'node:path';
import { parseImportArgs } from '../../../src/modules/audit/tools/import-args';

describe('events:import arguments', () => {
  it('reads --in, --continue and --data-dir', () => {
    expect(parseImportArgs(['--in', 'log.ndjson', '--continue', '--data-dir', '/srv/data'])).toEqual({
      in: path.resolve('log.ndjson'),
      continue: true,
      dataDir: '/srv/data',
    });
  });

  it('without --data-dir, leaves the store to the configuration (DATA_DIR, EVENT_STORE)', () => {
    expect(parseImportArgs(['--in', '/tmp/x.ndjson'])).toEqual({ in: '/tmp/x.ndjson', continue: false });
  });

  it.each([
    [[], /--in FILE is required/],
    [['--in'], /--in needs a value/],
    [['--in', '-'], /--in needs a file: it is read twice/],
    [['--in', 'x', '--data-dir', ''], /--data-dir needs a value/],
    [['--in', 'x', '--resume'], /unknown argument --resume/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseImportArgs(argv)).toThrow(message);
  });
});
