/**
 * Where the playground's network diagram puts things: the feature column, one column per hidden
 * layer, the output column; and how an edge looks for its weight. Pure, so the view is markup.
 */
export const NODE = 38;
export const COLUMN_GAP = 84;
export const ROW_GAP = 50;
/** Room above the nodes for each column's title and its +/− buttons. */
export const TOP = 58;

export interface NodePlace {
  /** 0 for the features, l for layer l. */
  column: number;
  row: number;
  x: number;
  y: number;
}

/** rows[c] is how many nodes column c has. */
export function placeNodes(rows: readonly number[]): { nodes: NodePlace[][]; width: number; height: number } {
  const tallest = Math.max(1, ...rows);
  const height = TOP + tallest * ROW_GAP;
  const nodes = rows.map((count, column) => {
    const top = TOP + ((tallest - count) * ROW_GAP) / 2;
    return Array.from({ length: count }, (_unused, row) => ({ column, row, x: column * COLUMN_GAP, y: top + row * ROW_GAP }));
  });
  return { nodes, width: (rows.length - 1) * COLUMN_GAP + NODE + 2, height };
}

/** A curve from the right side of one node to the left side of the next. */
export function edgePath(from: NodePlace, to: NodePlace): string {
  const x1 = from.x + NODE;
  const y1 = from.y + NODE / 2;
  const x2 = to.x;
  const y2 = to.y + NODE / 2;
  const middle = (x1 + x2) / 2;
  return `M${x1},${y1}C${middle},${y1} ${middle},${y2} ${x2},${y2}`;
}

/**
 * Width by magnitude: thin for small weights, at most 6 px from |w| = 3 on. Rounded to quarter
 * pixels, so an edge whose weight barely moved keeps its attribute and is not repainted.
 */
export function edgeWidth(weight: number): number {
  return Math.round((0.6 + Math.min(Math.abs(weight), 3) * 1.8) * 4) / 4;
}

/** What the parameter editor opens on: a neuron, and the input whose weight was clicked (if any). */
export interface EditTarget {
  layer: number;
  neuron: number;
  input?: number;
}
