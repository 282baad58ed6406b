import { ImportLineError, parseImportLine } from '../../../src/modules/audit/domain/import-line';

const METADATA = {
  schemaVersion: 1,
  correlationId: 'c-1',
  causationId: null,
  actor: 'scim-token:6f0c',
  timestamp: '2025-03-04T09:12:44.518Z',
};
const LINE = {
  position: '1042',
  stream: 'user-contoso_2819c223',
  revision: 3,
  id: '5b0e-1',
  type: 'UserProvisioned',
  data: { userId: '2819c223', profile: { userName: 'ada@contoso.test' } },
  metadata: METADATA,
};

const text = (overrides: Record<string, unknown> = {}) => JSON.stringify({ ...LINE, ...overrides });
const withMetadata = (overrides: Record<string, unknown>) =>
  text({ metadata: { ...METADATA, ...overrides } });

describe('parseImportLine', () => {
  it('reads an export line back into the event as stored, position aside', () => {
    expect(parseImportLine(text(), 7)).toEqual({
      sourcePosition: { commit: 1042n, prepare: 1042n },
      stream: LINE.stream,
      revision: 3,
      event: { id: LINE.id, type: LINE.type, data: LINE.data, metadata: METADATA },
    });
  });

  it('reads an EventStoreDB position (commit:prepare)', () => {
    expect(parseImportLine(text({ position: '1042:1040' }), 1).sourcePosition).toEqual({
      commit: 1042n,
      prepare: 1040n,
    });
  });

  it('keeps metadata keys beyond the known ones, and an old schemaVersion', () => {
    const line = withMetadata({ schemaVersion: 1, extra: { tenant: 'x' } });
    expect(parseImportLine(line, 1).event.metadata).toEqual({ ...METADATA, extra: { tenant: 'x' } });
  });

  it.each([
    ['not JSON', '{"position":"1",', /line 9: not JSON/],
    ['an array', '[1,2]', /line 9: not a JSON object/],
    ['null', 'null', /line 9: not a JSON object/],
    ['a missing position', text({ position: undefined }), /"position" must be a log position/],
    ['a numeric position', text({ position: 42 }), /"position" must be a log position/],
    ['a negative position', text({ position: '-1' }), /"position" must be a log position/],
    ['an empty stream', text({ stream: '' }), /"stream" must be a non-empty string/],
    ['a system stream', text({ stream: '$stats-127' }), /"stream" must not start with "\$"/],
    ['a string revision', text({ revision: '3' }), /"revision" must be an integer from 0/],
    ['a negative revision', text({ revision: -1 }), /"revision" must be an integer from 0/],
    ['a fractional revision', text({ revision: 1.5 }), /"revision" must be an integer from 0/],
    ['an empty id', text({ id: '' }), /"id" must be a non-empty string/],
    ['a numeric id', text({ id: 7 }), /"id" must be a non-empty string/],
    ['a missing type', text({ type: undefined }), /"type" must be a non-empty string/],
    ['a system type', text({ type: '$metadata' }), /"type" must not start with "\$"/],
    ['array data', text({ data: [] }), /"data" must be a JSON object/],
    ['null data', text({ data: null }), /"data" must be a JSON object/],
    ['missing metadata', text({ metadata: undefined }), /"metadata" must be a JSON object/],
    [
      'schemaVersion 0',
      withMetadata({ schemaVersion: 0 }),
      /"metadata.schemaVersion" must be an integer from 1/,
    ],
    [
      'a numeric correlationId',
      withMetadata({ correlationId: 1 }),
      /"metadata.correlationId" must be a string/,
    ],
    ['a missing causationId', withMetadata({ causationId: undefined }), /"metadata.causationId" must be/],
    ['an empty actor', withMetadata({ actor: '' }), /"metadata.actor" must be a non-empty string/],
    ['a timestamp that is no time', withMetadata({ timestamp: 'yesterday' }), /"metadata.timestamp" must be/],
  ])('refuses %s, naming the line', (_what, line, message) => {
    const parse = () => parseImportLine(line, 9);
    expect(parse).toThrow(ImportLineError);
    expect(parse).toThrow(message);
    expect(parse).toThrow(/^line 9: /);
  });
});
