import { JsonObject } from '../../../../../platform/event-store/event-store.port';
import { ResourceTypeName } from '../../../domain/schema/scim-schema.types';
import { IndexWrites } from '../scim-query/index-writes';
import { IndexedResource } from '../scim-query/scim-index.store';

/** What the bulk index thread is started with. */
export interface BulkIndexWorkerData {
  /** Its own file, where it builds scim_attr during the load. */
  file: string;
  /** The read model being loaded, into whose empty scim_attr the rows are copied at the end. */
  target: string;
  /** [batches applied, failed (0 or 1)], for the loader's back-pressure. */
  progress: SharedArrayBuffer;
}

/** Index of the counters in BulkIndexWorkerData.progress. */
export const PROGRESS = { applied: 0, failed: 1 } as const;

const INSERT = 1;
const REPLACE = 2;
const REMOVE = 3;

/**
 * One batch of IndexWrites calls, flat: [INSERT|REPLACE, scope, doc, type, json] or
 * [REMOVE, doc]. Posted as one array of numbers and strings, which the structured clone copies
 * faster than an object per call.
 */
export type IndexOps = (string | number)[];

export type ToBulkIndex = { kind: 'ops'; ops: IndexOps } | { kind: 'finish' };
export type FromBulkIndex =
  { kind: 'finished'; rows: number; ms: number } | { kind: 'failed'; message: string };

/** Records IndexWrites calls as IndexOps. */
export class IndexOpsRecorder implements IndexWrites {
  ops: IndexOps = [];

  insert(resource: IndexedResource, type: ResourceTypeName, _document: JsonObject, json: string): void {
    this.ops.push(INSERT, resource.scope, resource.doc, type, json);
  }

  replace(resource: IndexedResource, type: ResourceTypeName, _document: JsonObject, json: string): void {
    this.ops.push(REPLACE, resource.scope, resource.doc, type, json);
  }

  remove(doc: number): void {
    this.ops.push(REMOVE, doc);
  }

  take(): IndexOps {
    const ops = this.ops;
    this.ops = [];
    return ops;
  }
}

/** Replays recorded IndexOps on `writes` (the documents parsed back from their JSON). */
export function applyIndexOps(ops: IndexOps, writes: IndexWrites): void {
  let i = 0;
  while (i < ops.length) {
    const op = ops[i];
    if (op === REMOVE) {
      writes.remove(ops[i + 1] as number);
      i += 2;
      continue;
    }
    const resource = { scope: ops[i + 1] as number, doc: ops[i + 2] as number };
    const type = ops[i + 3] as ResourceTypeName;
    const json = ops[i + 4] as string;
    const document = JSON.parse(json) as JsonObject;
    if (op === INSERT) writes.insert(resource, type, document, json);
    else if (op === REPLACE) writes.replace(resource, type, document, json);
    else throw new Error(`unknown index operation ${String(op)} at ${i}`);
    i += 5;
  }
}
