/**
 * CSV as RFC 4180 defines it, for rosters and gradebooks: fields separated by commas, records by
 * CRLF (a bare LF or CR is accepted too), a field in double quotes may hold commas, line breaks and
 * quotes written twice (""). A leading byte-order mark, which spreadsheets add, is skipped.
 * Written CSV quotes only the fields that need it and ends every record with CRLF.
 */

export class CsvError extends Error {
  override name = 'CsvError';
}

export interface CsvRecord {
  fields: string[];
  /** The line of the text the record starts on (1 for the first), for messages. */
  line: number;
}

/**
 * Every record of the text, in order. A line with nothing on it (not even a quoted empty field)
 * is skipped, so a trailing newline or a blank line between records adds no record.
 */
export function parseCsv(text: string): CsvRecord[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  /** Whether the current record has anything in it: a character, a comma or a pair of quotes. */
  let started = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = (): void => {
    if (started) {
      fields.push(field);
      records.push({ fields, line: recordLine });
    }
    fields = [];
    field = '';
    started = false;
  };
  while (i < source.length) {
    const char = source[i]!;
    if (char === '"') {
      if (field !== '') throw new CsvError(`line ${line}: a quote inside an unquoted field (a field with quotes must be quoted as a whole, its quotes doubled)`);
      if (!started) recordLine = line;
      started = true;
      const openedOn = line;
      i++;
      for (;;) {
        if (i >= source.length) throw new CsvError(`line ${openedOn}: a quoted field is never closed`);
        const inner = source[i]!;
        if (inner === '"') {
          if (source[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (inner === '\n' || (inner === '\r' && source[i + 1] !== '\n')) line++;
        field += inner;
        i++;
      }
      const next = source[i];
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        throw new CsvError(`line ${line}: text after a closing quote (a quote inside a quoted field is written twice, "")`);
      }
      continue;
    }
    if (char === ',') {
      if (!started) recordLine = line;
      started = true;
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (char === '\r' || char === '\n') {
      endRecord();
      i += char === '\r' && source[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    if (!started) recordLine = line;
    started = true;
    field += char;
    i++;
  }
  endRecord();
  return records;
}

/** A field as CSV writes it: quoted when it holds a comma, quote, line break or edge space. */
function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Text a spreadsheet shows instead of running: Excel, LibreOffice and Google Sheets read a cell that
 * starts with =, +, -, @, a tab or a carriage return as a formula, so a student's file named
 * `=HYPERLINK(…).json` would become a live formula in the gradebook a TA opens. Such a cell gets a
 * leading apostrophe, which spreadsheets take as "this is text" and do not show. A number ("-0.5")
 * is left as it is.
 */
export function spreadsheetText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !Number.isFinite(Number(text)) ? `'${text}` : text;
}

/** Records as CSV text, each ending with CRLF. */
export function csvText(records: readonly (readonly string[])[]): string {
  return records.map((record) => `${record.map(csvField).join(',')}\r\n`).join('');
}
