/** The CIN census code lists a contact uses (config/code-lists/cin-census-*.yaml). */
export interface CinCodeLists {
  version: string;
  referralSources: ReadonlySet<string>;
  cinFactorCodes: ReadonlySet<string>;
}

function codes(doc: Record<string, unknown>, list: string): Set<string> {
  const entries = doc[list];
  if (!Array.isArray(entries) || entries.length === 0) throw new Error(`code list "${list}" is missing or empty`);
  return new Set(
    entries.map((e, i) => {
      const code = (e as { code?: unknown })?.code;
      if (typeof code !== 'string' || !code) throw new Error(`code list "${list}" entry ${i} has no string code`);
      return code;
    }),
  );
}

/** Validates a parsed code-list document; throws naming what is wrong, so boot fails on a bad file. */
export function toCinCodeLists(doc: unknown): CinCodeLists {
  if (!doc || typeof doc !== 'object') throw new Error('the code-list file is not a YAML mapping');
  const d = doc as Record<string, unknown>;
  if (typeof d.version !== 'string') throw new Error('the code-list file has no version');
  return { version: d.version, referralSources: codes(d, 'referralSource'), cinFactorCodes: codes(d, 'factorsIdentified') };
}
