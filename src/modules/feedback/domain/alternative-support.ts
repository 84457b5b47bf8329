/**
 * Alternative support suggestions as lines of text, whatever shape the decision stored them in
 * (SPEC DEC-3, FB-2: below-threshold feedback names at least one). The decisions issue owns the
 * column; this accepts a list of texts or of objects such as {service, details, contact}. Pure.
 */
const PREFERRED_KEYS = ['service', 'name', 'title', 'provider', 'description', 'details', 'contact', 'phone', 'email', 'url'];

export function supportLines(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('[')) {
      try {
        return supportLines(JSON.parse(trimmed));
      } catch {
        return [trimmed];
      }
    }
    return trimmed ? [trimmed] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item) => supportLine(item)).filter(Boolean);
  return supportLine(value);
}

function supportLine(item: unknown): string[] {
  if (typeof item === 'string') return item.trim() ? [item.trim()] : [];
  if (item && typeof item === 'object') {
    const record = item as Record<string, unknown>;
    const keys = [...PREFERRED_KEYS.filter((k) => k in record), ...Object.keys(record).filter((k) => !PREFERRED_KEYS.includes(k))];
    const parts = keys.map((k) => record[k]).filter((v): v is string | number => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number');
    const line = parts.map((p) => String(p).trim()).join(' - ');
    return line ? [line] : [];
  }
  return [];
}
