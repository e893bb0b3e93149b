/**
 * Points from a CSV file: columns x1, x2, label, one point a line, an optional header line
 * `x1,x2,label`. A bad file is refused with one line saying which line and what is wrong.
 */
import type { Point } from '../../data/toys';
import { MAX_CLASSES } from './datasets';
import { MAX_COORDINATE, MAX_CUSTOM_POINTS, drawableCoordinate } from './settings';

export class CsvError extends Error {
  override name = 'CsvError';
}

export interface CsvPoint {
  x: Point;
  label: number;
}

const HEADER = ['x1', 'x2', 'label'];

function number(cell: string, column: string, line: number): number {
  const value = cell === '' ? Number.NaN : Number(cell);
  const shown = `"${cell.length > 20 ? `${cell.slice(0, 20)}…` : cell}"`;
  if (Number.isNaN(value)) throw new CsvError(`line ${line}: ${column} is ${cell === '' ? 'empty' : shown}, not a number`);
  if (!drawableCoordinate(value)) throw new CsvError(`line ${line}: ${column} is ${shown}; the playground takes coordinates from -${MAX_COORDINATE} to ${MAX_COORDINATE}`);
  return value;
}

export function parseCsv(text: string): CsvPoint[] {
  const points: CsvPoint[] = [];
  const lines = text.split(/\r?\n/);
  let sawContent = false;
  lines.forEach((raw, index) => {
    const line = index + 1;
    const cells = raw.split(',').map((cell) => cell.trim());
    if (raw.trim() === '') return;
    const isFirst = !sawContent;
    sawContent = true;
    if (isFirst && cells.map((cell) => cell.toLowerCase()).join(',') === HEADER.join(',')) return;
    if (cells.length !== 3) {
      const hint = raw.includes(';') || raw.includes('\t') ? ' (separate columns with commas)' : '';
      throw new CsvError(`line ${line}: has ${cells.length} column${cells.length === 1 ? '' : 's'}, expected 3 (x1,x2,label)${hint}`);
    }
    const x1 = number(cells[0]!, 'x1', line);
    const x2 = number(cells[1]!, 'x2', line);
    const label = Number(cells[2]);
    if (!/^\d+$/.test(cells[2]!) || label >= MAX_CLASSES) {
      throw new CsvError(`line ${line}: label is "${cells[2]}"; labels are whole numbers from 0 to ${MAX_CLASSES - 1}`);
    }
    points.push({ x: [x1, x2], label });
  });
  if (points.length === 0) throw new CsvError('the file has no points (expected lines like 1.5,-2,1: x1, x2, label)');
  if (points.length > MAX_CUSTOM_POINTS) throw new CsvError(`the file has ${points.length} points; the playground takes at most ${MAX_CUSTOM_POINTS}`);
  return points;
}
