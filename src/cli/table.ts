/** Plain-text tables for the terminal: columns padded to their widest cell. */

export type Align = 'left' | 'right';

/** Width as the terminal shows it: ∂, δ and ŷ are one column each, like any letter. */
const width = (text: string): number => [...text].length;

/** Rows (a header, if any, is just the first row); columns are left-aligned unless `align` says right. */
export function renderTable(rows: readonly (readonly string[])[], align: readonly Align[] = [], indent = '  '): string[] {
  // Widths are found in one loop, not with Math.max(...cells): spreading a table of hundreds of
  // thousands of rows into arguments overflows the call stack.
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, width(cell));
    });
  }
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
