import { SqlFragment, raw, sql } from './sql-fragment';

/** Unique table aliases within one statement (a1, e2, x3 ...), so nested subqueries never shadow. */
export class SqlAliases {
  private count = 0;

  next(prefix: string): SqlFragment {
    this.count += 1;
    return raw(`${prefix}${this.count}`);
  }
}

/**
 * A resource a condition is checked for: its doc (scim_attr rows name it), and its id, which
 * membership rows use; built when a term needs it (a subquery for a candidate that has no row).
 */
export interface ResourceRef {
  doc: SqlFragment;
  id: () => SqlFragment;
}

/** The resource of the scim_resource row `alias`. */
export function resourceRow(alias: SqlFragment): ResourceRef {
  return { doc: sql`${alias}.doc`, id: () => sql`${alias}.id` };
}
