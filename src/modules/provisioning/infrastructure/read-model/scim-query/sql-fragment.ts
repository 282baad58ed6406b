export type SqlParam = string | number;

/** A piece of SQL and the values of its `?` placeholders, in text order. */
export interface SqlFragment {
  sql: string;
  params: SqlParam[];
}

/**
 * Builds a fragment: interpolated fragments are inlined (with their params), anything else becomes
 * a `?` placeholder, so that values never reach the SQL text.
 */
export function sql(strings: TemplateStringsArray, ...parts: Array<SqlFragment | SqlParam>): SqlFragment {
  let text = strings[0] ?? '';
  const params: SqlParam[] = [];
  parts.forEach((part, i) => {
    if (typeof part === 'object') {
      text += part.sql;
      params.push(...part.params);
    } else {
      text += '?';
      params.push(part);
    }
    text += strings[i + 1] ?? '';
  });
  return { sql: text, params };
}

/** Trusted SQL text: aliases, column names, and literals made by `literal`. */
export function raw(text: string): SqlFragment {
  return { sql: text, params: [] };
}

/** A string constant from the schema (paths, resource types), inlined so that plans can use it. */
export function literal(value: string): SqlFragment {
  return raw(`'${value.replace(/'/g, "''")}'`);
}

export function join(fragments: SqlFragment[], separator: string): SqlFragment {
  return {
    sql: fragments.map((fragment) => fragment.sql).join(separator),
    params: fragments.flatMap((fragment) => fragment.params),
  };
}

/**
 * `a AND b AND c ...` nested as a balanced tree, so that a filter with hundreds of terms stays
 * below SQLite's expression depth limit (1000).
 */
export function joinBalanced(fragments: SqlFragment[], operator: 'AND' | 'OR'): SqlFragment {
  if (fragments.length === 0) return raw(operator === 'AND' ? '1' : '0');
  if (fragments.length === 1) return fragments[0]!;
  const middle = Math.ceil(fragments.length / 2);
  const left = joinBalanced(fragments.slice(0, middle), operator);
  const right = joinBalanced(fragments.slice(middle), operator);
  return sql`(${left} ${raw(operator)} ${right})`;
}
