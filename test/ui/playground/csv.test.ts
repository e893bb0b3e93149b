import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from '../../../src/ui/playground/csv';

describe('CSV import', () => {
  it('reads x1,x2,label lines with or without the header, skipping blank lines', () => {
    expect(parseCsv('x1,x2,label\n1.5,-2,1\r\n\n0,3e-1,0\n')).toEqual([
      { x: [1.5, -2], label: 1 },
      { x: [0, 0.3], label: 0 },
    ]);
    expect(parseCsv(' 1 , 2 , 3 ')).toEqual([{ x: [1, 2], label: 3 }]);
  });

  it('refuses a bad file with one line saying which line and what is wrong', () => {
    const message = (text: string): string => {
      try {
        parseCsv(text);
      } catch (error) {
        expect(error).toBeInstanceOf(CsvError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(message('x1,x2,label\n1,2,0\n3,four,1\n')).toBe('line 3: x2 is "four", not a number');
    expect(message('1,2\n')).toBe('line 1: has 2 columns, expected 3 (x1,x2,label)');
    expect(message('1;2;0\n')).toBe('line 1: has 1 column, expected 3 (x1,x2,label) (separate columns with commas)');
    expect(message('1,2,1.5')).toBe('line 1: label is "1.5"; labels are whole numbers from 0 to 3');
    expect(message('1,2,7')).toBe('line 1: label is "7"; labels are whole numbers from 0 to 3');
    expect(message(',2,1')).toBe('line 1: x1 is empty, not a number');
    expect(message('x1,x2,label\n')).toBe('the file has no points (expected lines like 1.5,-2,1: x1, x2, label)');
    expect(message('a,b,c\n')).toBe('line 1: x1 is "a", not a number');
    // Too far out to draw: refused with the limit, never drawn as NaN circles or a blank page.
    expect(message('1e306,2,0\n')).toBe('line 1: x1 is "1e306"; the playground takes coordinates from -100 to 100');
    expect(message('0,0,1\n1,-1e308,0\n')).toBe('line 2: x2 is "-1e308"; the playground takes coordinates from -100 to 100');
    expect(message('Infinity,0,1\n')).toBe('line 1: x1 is "Infinity"; the playground takes coordinates from -100 to 100');
    expect(message('100.01,0,1\n')).toBe('line 1: x1 is "100.01"; the playground takes coordinates from -100 to 100');
    expect(parseCsv('-100,100,1')).toEqual([{ x: [-100, 100], label: 1 }]);
  });
});
