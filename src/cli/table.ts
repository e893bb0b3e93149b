/** Plain-text tables for the terminal: columns padded to their widest cell. */

export type Align = 'left' | 'right';

/** Width as the terminal shows it: ∂, δ and ŷ are one column each, like any letter. */
const width = (text: string): number => [...text].length;

/** Rows (a header, if any, is just the first row); columns are left-aligned unless `align` says right. */
export function renderTable(rows: readonly (readonly string[])[], align: readonly Align[] = [], indent = '  '): string[] {
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) => Math.max(...rows.map((row) => width(row[column] ?? ''))));
  return rows.map((row) =>
    (
      indent +
      row
        .map((cell, column) => {
          const padding = ' '.repeat(widths[column]! - width(cell));
          return align[column] === 'right' ? padding + cell : cell + padding;
        })
        .join('   ')
    ).trimEnd(),
  );
}
