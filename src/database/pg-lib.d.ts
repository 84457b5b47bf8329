// pg's own modules that preparedQueries uses as pg's Query does; @types/pg does not describe them.
declare module 'pg/lib/result' {
  export default class Result {
    constructor(rowMode?: 'array', types?: unknown);
    rows: unknown[];
    addFields(fields: unknown[]): void;
    parseRow(fields: unknown[]): unknown;
  }
}
declare module 'pg/lib/utils' {
  export function prepareValue(value: unknown): unknown;
}
