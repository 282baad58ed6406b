import { scopeSql } from './scim-index.schema';
import { raw } from './sql-fragment';

// Read with the document: whether it is in any group (most users are in none), in the same statement.
export const GROUPED =
  'EXISTS (SELECT 1 FROM scim_group_member gm WHERE gm.sub = r.sub AND gm.member_id = r.id) AS grouped';

/** What the SQL text of a list query depends on; its values are bound parameters, not part of it. */
export interface ListShape {
  /** `term` tests the scim_attr row `dr` (drivingTermSql), else it is a WHERE on `r` (or ''). */
  driving: boolean;
  term: string;
  /** The ORDER BY list of sortBy, if any. */
  order: string | undefined;
  /** The page size, > 0 for a page. */
  limit: number;
  /** Whether the page starts after the first result (an OFFSET is bound). */
  offset: boolean;
}

export interface ListSql {
  page: string;
  count: string;
}

const MAX_SHAPES = 500;

/**
 * The SQL texts of list queries by shape: a lookup costs a short key, where building the text
 * (about 450 characters for `userName eq`) and finding its statement by it cost about 1 us per
 * request. The texts are the same string objects on every hit, so the statement cache finds
 * them by their cached hash. Bounded like the statement cache: filters of any shape reach it.
 */
export class ListSqlTexts {
  private readonly texts = new Map<string, ListSql>();

  get(shape: ListShape): ListSql {
    // The sort's length delimits it: a term or a sort may contain any character.
    const order = shape.order === undefined ? '-' : `${shape.order.length}:${shape.order}`;
    const key = `${shape.driving ? 'd' : 'w'}${shape.limit}${shape.offset ? '+' : ''}|${order}${shape.term}`;
    let texts = this.texts.get(key);
    if (!texts) {
      if (this.texts.size >= MAX_SHAPES) this.texts.clear();
      texts = listSql(shape);
      this.texts.set(key, texts);
    }
    return texts;
  }
}

function listSql({ driving, term, order, limit, offset }: ListShape): ListSql {
  const base = driving
    ? // INDEXED BY: the planner may otherwise walk the index rows in primary-key order (doc
      // order, no sort), measured for terms with several matches. The docs of the scope of
      // (sub, rtype) are resources of that subscription and type; the row's own sub and rtype
      // are checked too, so that a subscription never sees another's resources.
      `FROM scim_attr dr INDEXED BY scim_attr_value CROSS JOIN scim_resource r ON r.doc = dr.doc
         WHERE dr.scope = ${scopeSql(raw('?'), raw('?')).sql} AND ${term} AND r.sub = ? AND r.rtype = ?`
    : `FROM scim_resource r WHERE r.sub = ? AND r.rtype = ?${term ? ` AND (${term})` : ''}`;
  // Lists are in doc (creation) order. dr.doc is r.doc; ordered by it, an `eq` term reads the
  // value index in order, and the other paths read docs in order from an IN list or from
  // scim_resource_by_type: no sort, and later pages never move for a resource created meanwhile.
  const orderBy = order ? ` ORDER BY ${order}` : driving ? ' ORDER BY dr.doc' : ' ORDER BY r.doc';
  // LIMIT as a literal: bound as a parameter, SQLite ran this plan about 3x slower (measured
  // ~20 vs ~6 us for userName eq). limit is a clamped integer with few distinct values. The
  // first page (Entra's lookups) has no OFFSET at all: a bound one cost ~4 us more; later
  // pages bind it (one statement for every page).
  return {
    page: `SELECT r.id, r.json, r.version, ${GROUPED} ${base}${orderBy} LIMIT ${limit}${offset ? ' OFFSET ?' : ''}`,
    count: `SELECT COUNT(*) AS n ${base}`,
  };
}
