import type { Database } from 'better-sqlite3';
import { columnsOf, rebuiltTables } from '../../platform/read-model/rebuild/read-model-swap';

export type SqlValue = string | number | bigint | Buffer | null;

export type DifferenceKind = 'only-live' | 'only-rebuilt' | 'changed';

/** One difference: a row present on one side only, or one column of a row that differs. */
export interface RowDifference {
  kind: DifferenceKind;
  key: Record<string, SqlValue>;
  column?: string;
  live?: SqlValue;
  rebuilt?: SqlValue;
}

export interface TableComparison {
  table: string;
  liveRows: number;
  rebuiltRows: number;
  onlyLive: number;
  onlyRebuilt: number;
  /** Differing columns over all rows present on both sides. */
  changedCells: number;
  /** The first differences in primary-key order, at most the cap per table. */
  samples: RowDifference[];
  /** The table cannot be compared row by row (missing in live, other columns). */
  problem?: string;
}

export interface ReadModelComparison {
  tables: TableComparison[];
  differences: number;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function differencesIn(table: TableComparison): number {
  return table.onlyLive + table.onlyRebuilt + table.changedCells + (table.problem ? 1 : 0);
}

/**
 * Compares, table by table and row by row in primary-key order, the live read model (`live`'s
 * main database) with a rebuilt file. Only the rebuilt file's tables count: the live file also
 * holds tables that are not part of the read model (process checkpoints). Both stay unchanged.
 */
export function compareReadModels(live: Database, rebuiltFile: string, cap: number): ReadModelComparison {
  live.prepare('ATTACH DATABASE ? AS rebuilt').run(rebuiltFile);
  try {
    const tables = rebuiltTables(live, 'rebuilt').map((table) => compareTable(live, table, cap));
    return { tables, differences: tables.reduce((sum, table) => sum + differencesIn(table), 0) };
  } finally {
    live.exec('DETACH DATABASE rebuilt');
  }
}

function compareTable(db: Database, table: string, cap: number): TableComparison {
  const t = quote(table);
  const count = (schema: string) => db.prepare(`SELECT count(*) FROM ${schema}.${t}`).pluck().get() as number;
  const rebuiltRows = count('rebuilt');
  const result: TableComparison = {
    table,
    liveRows: 0,
    rebuiltRows,
    onlyLive: 0,
    onlyRebuilt: 0,
    changedCells: 0,
    samples: [],
  };
  const columns = columnsOf(db, 'rebuilt', table);
  const liveColumns = columnsOf(db, 'main', table);
  if (liveColumns.length === 0) return { ...result, problem: 'the table is missing in the live read model' };
  result.liveRows = count('main');
  if (liveColumns.join() !== columns.join())
    return {
      ...result,
      problem: `columns differ: live (${liveColumns.join(', ')}), rebuilt (${columns.join(', ')})`,
    };
  const keyColumns = rowKeyOf(db, table, columns);
  const others = columns.filter((column) => !keyColumns.includes(column));
  const sameKey = keyColumns.map((k) => `a.${quote(k)} IS b.${quote(k)}`).join(' AND ');
  const keyList = keyColumns.map((k) => `a.${quote(k)}`).join(', ');
  const keyOf = (row: SqlValue[]) => Object.fromEntries(keyColumns.map((k, i) => [k, row[i]]));

  const oneSided = (kind: 'only-live' | 'only-rebuilt', from: string, other: string) => {
    const rows = db
      .prepare(
        `SELECT ${keyList} FROM ${from}.${t} AS a
         WHERE NOT EXISTS (SELECT 1 FROM ${other}.${t} AS b WHERE ${sameKey}) ORDER BY ${keyList}`,
      )
      .raw()
      .iterate() as IterableIterator<SqlValue[]>;
    let n = 0;
    for (const row of rows) {
      n++;
      if (result.samples.length < cap) result.samples.push({ kind, key: keyOf(row) });
    }
    return n;
  };
  result.onlyLive = oneSided('only-live', 'main', 'rebuilt');
  result.onlyRebuilt = oneSided('only-rebuilt', 'rebuilt', 'main');
  if (others.length === 0) return result;

  const flags = others.map((c) => `a.${quote(c)} IS NOT b.${quote(c)}`);
  const changed = db
    .prepare(
      `SELECT ${keyList}, ${others.map((c) => `a.${quote(c)}, b.${quote(c)}`).join(', ')}
       FROM main.${t} AS a JOIN rebuilt.${t} AS b ON ${sameKey}
       WHERE ${flags.join(' OR ')} ORDER BY ${keyList}`,
    )
    .raw()
    .iterate() as IterableIterator<SqlValue[]>;
  for (const row of changed) {
    others.forEach((column, i) => {
      const liveValue = row[keyColumns.length + 2 * i];
      const rebuiltValue = row[keyColumns.length + 2 * i + 1];
      if (sameValue(liveValue, rebuiltValue)) return;
      result.changedCells++;
      if (result.samples.length < cap)
        result.samples.push({
          kind: 'changed',
          key: keyOf(row),
          column,
          live: liveValue,
          rebuilt: rebuiltValue,
        });
    });
  }
  return result;
}

/**
 * The columns that identify a row: the primary key, else the first UNIQUE index (a rowid table's
 * rowids differ between two builds, so they never count), else every column. An INTEGER PRIMARY
 * KEY that a UNIQUE key stands beside (scim_resource.doc, a log position) is compared as a
 * column: rows are named by what a reader knows them by (sub, rtype, id).
 */
function rowKeyOf(db: Database, table: string, columns: string[]): string[] {
  const primary = db
    .prepare("SELECT name, type FROM pragma_table_info(?, 'rebuilt') WHERE pk > 0 ORDER BY pk")
    .all(table) as { name: string; type: string }[];
  const integerKey = primary.length === 1 && primary[0]!.type.toUpperCase() === 'INTEGER';
  if (primary.length > 0 && !integerKey) return primary.map((column) => column.name);
  const unique = db
    .prepare('SELECT name FROM pragma_index_list(?, \'rebuilt\') WHERE "unique" = 1 ORDER BY seq')
    .pluck()
    .all(table) as string[];
  if (unique.length === 0) return primary.length > 0 ? [primary[0]!.name] : columns;
  return db
    .prepare("SELECT name FROM pragma_index_info(?, 'rebuilt') ORDER BY seqno")
    .pluck()
    .all(unique[0]) as string[];
}

/** SQLite's `IS` on values read back: same type and content. */
function sameValue(a: SqlValue, b: SqlValue): boolean {
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b))
    return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b);
  return a === b;
}
