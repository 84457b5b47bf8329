/**
 * INSERT ... SELECT of the rows under `key` of the jsonb parameter $1 (an array of objects keyed by
 * column name): one statement however many rows, as a CTE of a larger statement. `guard` names a CTE
 * the rows are joined to, so nothing is written when it is empty: every row (a plain name), or the
 * rows matching `on`. `expressions` replaces a column's `x.<column>`.
 */
export function insertRows(
  table: string,
  columns: readonly string[],
  key: string,
  guard?: string | { cte: string; on: string },
  expressions: Record<string, string> = {},
): string {
  const rows = `jsonb_populate_recordset(NULL::${table}, $1::jsonb -> '${key}') x`;
  const from = !guard ? rows : typeof guard === 'string' ? `${guard}, ${rows}` : `${rows} JOIN ${guard.cte} ON ${guard.on}`;
  return `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.map((c) => expressions[c] ?? `x.${c}`).join(', ')} FROM ${from}`;
}
