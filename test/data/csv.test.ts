import { describe, expect, it } from 'vitest';
import { CsvError, csvText, parseCsv } from '../../src/data/csv';

const fields = (text: string): string[][] => parseCsv(text).map((record) => record.fields);

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted commas, doubled quotes, line breaks inside quotes, CRLF and a byte-order mark', () => {
    const text = '\uFEFFid,name\r\n1,"Smith, Ann"\r\n2,"say ""hi"""\r\n3,"two\r\nlines"\r\n';
    expect(fields(text)).toEqual([
      ['id', 'name'],
      ['1', 'Smith, Ann'],
      ['2', 'say "hi"'],
      ['3', 'two\r\nlines'],
    ]);
  });

  it('keeps empty fields, accepts bare LF and CR, skips blank lines and a missing final newline', () => {
    expect(fields('a,,c\n\n,b,\r""\rx')).toEqual([['a', '', 'c'], ['', 'b', ''], [''], ['x']]);
  });

  it('numbers records by the line they start on, counting line breaks inside quotes', () => {
    expect(parseCsv('h\n"a\nb"\nc\n').map((record) => record.line)).toEqual([1, 2, 4]);
  });

  it('keeps any Unicode as it is', () => {
    expect(fields('名前,Zoë 👩‍🎓\n')).toEqual([['名前', 'Zoë 👩‍🎓']]);
  });

  it('refuses a quote inside an unquoted field, text after a closing quote and an unclosed quote, naming the line', () => {
    expect(() => parseCsv('a\nb"c\n')).toThrow(new CsvError('line 2: a quote inside an unquoted field (a field with quotes must be quoted as a whole, its quotes doubled)'));
    expect(() => parseCsv('a\n"b"c\n')).toThrow(/^line 2: text after a closing quote/);
    expect(() => parseCsv('a\n\n"b\nc')).toThrow(new CsvError('line 3: a quoted field is never closed'));
  });
});

describe('csvText', () => {
  it('quotes only what needs it, ends records with CRLF, and reads back to the same fields', () => {
    const records = [['id', 'name', 'note'], ['a', 'Smith, Ann', 'say "hi"'], ['b', ' padded', 'two\nlines']];
    const text = csvText(records);
    expect(text).toBe('id,name,note\r\na,"Smith, Ann","say ""hi"""\r\nb," padded","two\nlines"\r\n');
    expect(fields(text)).toEqual(records);
  });
});
