import type { AuditEventRow } from '../../../audit/audit-row';
import { copyRow } from '../../../database/copy-in';
import type { ContactRows } from './contact-rows';
import { CONTACT_COLUMNS } from './contact-sql';
import { IMPORT_PART_TABLES, ImportPartKey } from './import-sql';

/**
 * A batch of a legacy import as the COPY text ContactImportRepository.writeBatch sends, made where the
 * lines are checked (a worker thread of the import) so that the writer has only to number the contacts
 * and send the text: strings cross between threads as one copy, where rows would be cloned object by object.
 */
export interface ImportBatchText {
  /** Each contact's COPY line up to its reference and status (CONTACT_COLUMNS), without the line end. */
  contacts: string[];
  /** Each part table's rows for the whole batch, and where each contact's rows end in that text (to leave out contacts imported before). */
  parts: Record<ImportPartKey, { text: string; ends: number[] }>;
}

/** Builds an ImportBatchText contact by contact. */
export class ImportBatchTextBuilder {
  private readonly contacts: string[] = [];
  private readonly parts = Object.fromEntries(IMPORT_PART_TABLES.map((p) => [p.key, { text: '', ends: [] as number[] }])) as ImportBatchText['parts'];

  /** One contact: its rows (toContactRows) and its audit event. */
  add(rows: ContactRows, audit: AuditEventRow): void {
    const line = copyRow(rows.contact, CONTACT_COLUMNS);
    this.contacts.push(line.slice(0, -1));
    for (const { key, columns } of IMPORT_PART_TABLES) {
      const part = this.parts[key];
      const list: Record<string, unknown>[] = key === 'audit' ? [audit] : rows[key];
      for (const row of list) part.text += copyRow(row, columns);
      part.ends.push(part.text.length);
    }
  }

  finish(): ImportBatchText {
    return { contacts: this.contacts, parts: this.parts };
  }
}
