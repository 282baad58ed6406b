import {
  IndexOpsRecorder,
  applyIndexOps,
} from '../../../../src/modules/provisioning/infrastructure/read-model/bulk-index/bulk-index.wire';
import { IndexWrites } from '../../../../src/modules/provisioning/infrastructure/read-model/scim-query';

describe('bulk index operations (the messages to the index thread)', () => {
  it('replays the recorded calls in order, with the documents parsed back from the stored JSON', () => {
    const recorder = new IndexOpsRecorder();
    const alice = { id: 'u1', userName: 'alice' };
    const sales = { id: 'g1', displayName: 'Sales' };
    recorder.insert({ scope: 7, doc: 10 }, 'User', alice, JSON.stringify(alice));
    recorder.remove(3);
    recorder.replace({ scope: 8, doc: 11 }, 'Group', sales, JSON.stringify(sales));
    recorder.remove(10);

    const calls: unknown[] = [];
    const writes: IndexWrites = {
      insert: (resource, type, document, json) => calls.push(['insert', resource, type, document, json]),
      replace: (resource, type, document, json) => calls.push(['replace', resource, type, document, json]),
      remove: (doc) => calls.push(['remove', doc]),
    };
    applyIndexOps(recorder.take(), writes);

    expect(calls).toEqual([
      ['insert', { scope: 7, doc: 10 }, 'User', alice, JSON.stringify(alice)],
      ['remove', 3],
      ['replace', { scope: 8, doc: 11 }, 'Group', sales, JSON.stringify(sales)],
      ['remove', 10],
    ]);
  });

  it('starts a new batch after take()', () => {
    const recorder = new IndexOpsRecorder();
    recorder.remove(1);
    expect(recorder.take()).toHaveLength(2);
    expect(recorder.take()).toEqual([]);
  });

  it('refuses an operation it does not know (a message from another build)', () => {
    expect(() => applyIndexOps([9, 1, 2, 'User', '{}'], { insert() {}, replace() {}, remove() {} })).toThrow(
      'unknown index operation 9 at 0',
    );
  });
});
