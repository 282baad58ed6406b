/**
 * Entry of the event store's writer thread: the only connection that writes events.db. Each
 * message is one group of appends, written in one transaction whose COMMIT (and fsync) blocks
 * this thread instead of the event loop; the reply carries every append's outcome.
 */
import { MessagePort, parentPort, workerData } from 'node:worker_threads';
import { BatchAppender } from '../batch-appender';
import { openWriterConnection } from '../open-database';
import { errorMessage } from '../sqlite-error';
import type { FromWriter, ToWriter } from './wire';

function serve(port: MessagePort, file: string): void {
  const send = (message: FromWriter) => port.postMessage(message);
  let appender: BatchAppender;
  let close: () => void;
  try {
    const db = openWriterConnection(file);
    appender = new BatchAppender(db);
    close = () => db.close();
  } catch (error) {
    send({ kind: 'failed', message: errorMessage(error) });
    return;
  }
  port.on('message', (message: ToWriter) => {
    if (message.kind === 'write') {
      send({ kind: 'written', id: message.id, outcomes: appender.write(message.batch) });
    } else {
      close();
      port.close();
    }
  });
  send({ kind: 'ready' });
}

if (parentPort) serve(parentPort, (workerData as { file: string }).file);
