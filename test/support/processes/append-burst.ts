/**
 * Child process of the crash test: appends to DATA_DIR as fast as it can, from many concurrent
 * writers, until it is killed. Prints one line per ACKNOWLEDGED append, `ack <id> <id> ...`;
 * stdout is a pipe, which node writes synchronously on Linux, so a printed line means the append
 * was acknowledged before the process died.
 *
 * Event ids are `<run>.<append>.<size>.<index>`: whoever reads the store afterwards can tell
 * which append an event belongs to and how many events that append had.
 *
 * Usage: node dist/test/support/processes/append-burst.js <dataDir> [maxSeconds]
 */
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../../src/platform/event-store/event-store.port';
import { SqliteEventStore } from '../../../src/platform/event-store/sqlite';

const WRITERS = 24;
const SHARED_STREAMS = 6;
const SIZES = [1, 1, 1, 2, 3, 5, 8, 13, 40];

async function main(): Promise<void> {
  const [dataDir, maxSeconds = '20'] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: append-burst <dataDir> [maxSeconds]');
  // A safety net: never outlive a test that forgot to kill us.
  setTimeout(() => process.exit(0), Number(maxSeconds) * 1000).unref();
  process.stdout.on('error', () => process.exit(0));

  const store = await SqliteEventStore.open({ dataDir });
  const run = randomUUID().slice(0, 8);
  let appendNumber = 0;

  const writer = async (writerIndex: number): Promise<never> => {
    const ownStream = `burst-own-${run}-${writerIndex}`;
    let ownRevision: number | 'no_stream' = 'no_stream';
    for (let turn = 0; ; turn++) {
      const seq = appendNumber++;
      const size = SIZES[(seq * 7 + writerIndex) % SIZES.length];
      const batch = Array.from({ length: size }, (_, index) => burstEvent(`${run}.${seq}.${size}.${index}`));
      if (turn % 2 === 0) {
        // Own stream with an exact expected revision: exercises the revision check under load.
        const result = await store.append(ownStream, batch, ownRevision);
        ownRevision = result.nextExpectedRevision;
      } else {
        await store.append(`burst-shared-${(seq + writerIndex) % SHARED_STREAMS}`, batch, 'any');
      }
      process.stdout.write(`ack ${batch.map((event) => event.id).join(' ')}\n`);
    }
  };

  await Promise.all(Array.from({ length: WRITERS }, (_, i) => writer(i)));
}

function burstEvent(id: string): NewEvent {
  return {
    id,
    type: 'BurstAppended',
    data: { payload: 'x'.repeat(64), at: Date.now() },
    metadata: {
      schemaVersion: 1,
      correlationId: id,
      causationId: null,
      actor: 'system:append-burst',
      timestamp: new Date().toISOString(),
    },
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
