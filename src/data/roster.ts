/**
 * A course roster: a CSV file with a header row and an `id` column, one student per record; any
 * other columns (name, email, section) are kept as they are. Each id becomes a folder name, so ids
 * are checked for what would break or escape a folder on any common file system, and each id
 * gets its own seed from a stable hash of the id and the course's salt.
 */
import { escapeControlCharacters } from './control-characters';
import { CsvError, parseCsv } from './csv';

export class RosterError extends Error {
  override name = 'RosterError';
}

export interface Student {
  id: string;
  /** One field per roster column (`Roster.columns`), the id among them with its edge spaces trimmed. */
  fields: string[];
  /** Where the student's record is, as messages name it: its row (as a spreadsheet numbers it) and line. */
  row: string;
}

export interface Roster {
  /** The header names in the roster's order, without a `seed` column (tracegrad writes its own). */
  columns: string[];
  /** Which of the columns is the id. */
  idColumn: number;
  students: Student[];
}

/** The columns after the id that a gradebook carries over: every roster column but the id, in order. */
export function otherColumns(roster: Roster): string[] {
  return roster.columns.filter((_name, index) => index !== roster.idColumn);
}

/** A student's fields in the columns of `otherColumns`. */
export function otherFields(roster: Roster, student: Student): string[] {
  return student.fields.filter((_field, index) => index !== roster.idColumn);
}

/** A course larger than this is more likely a wrong file than a class. */
export const MAX_STUDENTS = 5000;
/** Folder names longer than this trouble some file systems and archive tools. */
const MAX_ID_LENGTH = 100;
/** Names Windows reserves for devices, with or without an extension. */
const DEVICE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
/** Characters that separate folders or are refused in names on Windows. */
const FORBIDDEN = /[/\\:*?"<>|]/;

/** Text from a file, quoted for a message, its control characters written as visible escapes. */
export function quoteText(text: string): string {
  return `"${escapeControlCharacters(text)}"`;
}

/** Why an id cannot be a folder name, or undefined when it can. */
function unsafeReason(id: string): string | undefined {
  if (id === '') return 'is empty';
  if (id === '.' || id === '..') return 'names a folder itself or its parent';
  if (/\p{C}/u.test(id)) return 'contains a control or invisible formatting character';
  const forbidden = FORBIDDEN.exec(id);
  if (forbidden !== null) return `contains "${forbidden[0]}", which cannot be part of a folder name`;
  if (id.startsWith('.')) return 'starts with ".", which hides a folder';
  if (id.endsWith('.')) return 'ends with ".", which Windows drops from folder names';
  if (DEVICE_NAMES.test(id)) return 'is a device name on Windows';
  if (id.length > MAX_ID_LENGTH) return `is longer than ${MAX_ID_LENGTH} characters`;
  return undefined;
}

/** Two ids that name the same folder on a case-insensitive, normalising file system (macOS, Windows). */
const folderKey = (id: string): string => id.normalize('NFC').toLowerCase();

/**
 * A record's place as a spreadsheet shows it, row 1 being the header, with the line of the file
 * when that differs (a quoted line break or a blank line moves them apart).
 */
function rowName(record: number, line: number): string {
  return record === line ? `row ${record}` : `row ${record} (line ${line})`;
}

/** Parses a roster's text; throws RosterError naming the row for anything wrong. */
export function parseRoster(text: string): Roster {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) throw new RosterError(error.message);
    throw error;
  }
  const [header, ...rows] = records;
  if (header === undefined) throw new RosterError('the roster is empty: it needs a header row with an id column');
  const names = header.fields.map((name) => name.trim());
  const seen = new Map<string, number>();
  names.forEach((name, index) => {
    const key = name.toLowerCase();
    if (seen.has(key)) throw new RosterError(`${rowName(1, header.line)}: the header has two columns called ${quoteText(name)}`);
    seen.set(key, index);
  });
  const idIndex = seen.get('id');
  if (idIndex === undefined) throw new RosterError(`${rowName(1, header.line)}: the header has no id column (it has ${names.map(quoteText).join(', ')})`);
  // A roster written by tracegrad new already has seeds; they are worked out again, not trusted.
  const seedIndex = seen.get('seed');
  const kept = names.map((_name, index) => index).filter((index) => index !== seedIndex);
  if (rows.length > MAX_STUDENTS) throw new RosterError(`the roster has ${rows.length} students; at most ${MAX_STUDENTS}`);

  const firstRowOf = new Map<string, { row: string; id: string }>();
  const students = rows.map(({ fields, line }, index): Student => {
    const row = rowName(index + 2, line);
    if (fields.length !== names.length) throw new RosterError(`${row}: ${fields.length} field${fields.length === 1 ? '' : 's'} but the header has ${names.length}`);
    const id = fields[idIndex]!.trim();
    const reason = unsafeReason(id);
    if (reason !== undefined) throw new RosterError(`${row}: the id ${quoteText(id)} ${reason}`);
    const earlier = firstRowOf.get(folderKey(id));
    if (earlier !== undefined) {
      const same = earlier.id === id ? `the id ${quoteText(id)} is also on ${earlier.row}` : `the id ${quoteText(id)} names the same folder as ${quoteText(earlier.id)} on ${earlier.row} (letter case is ignored by some file systems)`;
      throw new RosterError(`${row}: ${same}`);
    }
    firstRowOf.set(folderKey(id), { row, id });
    return { id, fields: kept.map((i) => (i === idIndex ? id : fields[i]!)), row };
  });
  return { columns: kept.map((index) => names[index]!), idColumn: kept.indexOf(idIndex), students };
}

/**
 * A student's seed: FNV-1a over the UTF-8 bytes of salt, a NUL and the id, then murmur3's final
 * mix so that ids differing in one letter get unrelated seeds. It depends on nothing but the id
 * and the salt, so adding a student leaves every other seed as it was.
 */
export function studentSeed(id: string, salt: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(`${salt}\u0000${id}`)) hash = Math.imul(hash ^ byte, 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** The roster as `DIR/roster.csv` holds it: the roster's columns in its order, then each student's seed. */
export function rosterRecords(roster: Roster, seeds: readonly number[]): string[][] {
  return [[...roster.columns, 'seed'], ...roster.students.map((student, i) => [...student.fields, String(seeds[i])])];
}
