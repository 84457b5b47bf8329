// COPY itself is src/database/copy-in.ts (copyIn), shared with the legacy import.

/** A COPY text-format cell. */
export function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}
