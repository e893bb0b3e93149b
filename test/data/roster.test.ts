import { describe, expect, it } from 'vitest';
import { otherColumns, otherFields, parseRoster, quoteText, RosterError, rosterRecords, studentSeed } from '../../src/data/roster';

describe('parseRoster', () => {
  it('finds the id column wherever it is and keeps the other columns in order', () => {
    const roster = parseRoster('name,ID,email\r\n"Smith, Ann", a1 ,ann@x.edu\r\nBo,b2,bo@x.edu\r\n');
    expect(roster.columns).toEqual(['name', 'ID', 'email']);
    expect(roster.students.map((student) => student.id)).toEqual(['a1', 'b2']);
    expect(otherColumns(roster)).toEqual(['name', 'email']);
    expect(otherFields(roster, roster.students[0]!)).toEqual(['Smith, Ann', 'ann@x.edu']);
  });

  it('drops a seed column, so a roster written by tracegrad new can be read again', () => {
    const roster = parseRoster('id,seed,name\na,12,Ann\n');
    expect(roster.columns).toEqual(['id', 'name']);
    expect(rosterRecords(roster, [99])).toEqual([['id', 'name', 'seed'], ['a', 'Ann', '99']]);
  });

  const badIds: [string, string][] = [
    ['', 'row 3: the id "" is empty'],
    ['a/b', 'row 3: the id "a/b" contains "/", which cannot be part of a folder name'],
    ['..', 'row 3: the id ".." names a folder itself or its parent'],
    ['a\\b', 'row 3: the id "a\\b" contains "\\", which cannot be part of a folder name'],
    ['tab\there', 'row 3: the id "tab\\x09here" contains a control or invisible formatting character'],
    ['rtl\u202Eeman', 'row 3: the id "rtl\\u202eeman" contains a control or invisible formatting character'],
    ['.hidden', 'row 3: the id ".hidden" starts with ".", which hides a folder'],
    ['CON', 'row 3: the id "CON" is a device name on Windows'],
    ['x'.repeat(101), `row 3: the id "${'x'.repeat(101)}" is longer than 100 characters`],
  ];
  it.each(badIds)('refuses the id %j, naming its row', (id, message) => {
    const text = `id,name\nok,Ann\n"${id.replace(/"/g, '""')}",Bo\n`;
    expect(() => parseRoster(text)).toThrow(new RosterError(message));
  });

  it('refuses a repeated id, and two ids one folder on a case-insensitive file system', () => {
    expect(() => parseRoster('id\na\nb\na\n')).toThrow(new RosterError('row 4: the id "a" is also on row 2'));
    expect(() => parseRoster('id\nAnn\nann\n')).toThrow(/^row 3: the id "ann" names the same folder as "Ann" on row 2/);
  });

  it('refuses a roster without an id column, a repeated header and a short record', () => {
    expect(() => parseRoster('name\nAnn\n')).toThrow(new RosterError('row 1: the header has no id column (it has "name")'));
    expect(() => parseRoster('id,Name,name\n')).toThrow(new RosterError('row 1: the header has two columns called "name"'));
    expect(() => parseRoster('id,name\na\n')).toThrow(new RosterError('row 2: 1 field but the header has 2'));
    expect(() => parseRoster('')).toThrow(/^the roster is empty/);
  });
});

describe('studentSeed', () => {
  it('depends on the id and the salt only, as whole numbers below 2^32', () => {
    expect(studentSeed('alice', '')).toBe(studentSeed('alice', ''));
    expect(studentSeed('alice', 'fall')).not.toBe(studentSeed('alice', ''));
    expect(studentSeed('alice', '')).not.toBe(studentSeed('alicf', ''));
    const seeds = Array.from({ length: 1000 }, (_unused, i) => studentSeed(`s${i}`, 'salt'));
    expect(new Set(seeds).size).toBe(1000);
    seeds.forEach((seed) => expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true));
  });
});

describe('quoteText', () => {
  it('writes control characters as visible escapes so a message stays one line that cannot rewrite a terminal', () => {
    expect(quoteText('a\nb\u001b[2J')).toBe('"a\\x0ab\\x1b[2J"');
  });
});

describe('where a roster error is', () => {
  it('names the row as a spreadsheet numbers it, and the line too when a quoted line break moves them apart', () => {
    expect(() => parseRoster('id,name\nann,"Ann\nSmith"\n"",Bo\n')).toThrow(new RosterError('row 3 (line 4): the id "" is empty'));
  });
});
