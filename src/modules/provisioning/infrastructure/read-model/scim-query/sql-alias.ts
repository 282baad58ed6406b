import { SqlFragment, raw } from './sql-fragment';

/** Unique table aliases within one statement (a1, e2, x3 ...), so nested subqueries never shadow. */
export class SqlAliases {
  private count = 0;

  next(prefix: string): SqlFragment {
    this.count += 1;
    return raw(`${prefix}${this.count}`);
  }
}
