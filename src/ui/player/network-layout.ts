/**
 * Where the network view draws things: inputs on the left, one column per layer, the loss on the
 * right, neurons centred in their column. Pure geometry, so the view stays markup.
 */
export interface NeuronPlace {
  /** 0 for inputs, 1 … L for layers. */
  layer: number;
  /** 1-based. */
  neuron: number;
  x: number;
  y: number;
}

export interface NetworkLayout {
  width: number;
  height: number;
  radius: number;
  neurons: NeuronPlace[][];
  loss: { x: number; y: number };
}

const COLUMN_GAP = 200;
const ROW_GAP = 118;
const MARGIN = 70;

/** sizes[0] is the input size, sizes[l] the size of layer l. */
export function layoutNetwork(sizes: readonly number[]): NetworkLayout {
  const tallest = Math.max(...sizes);
  // Room at the bottom for the caption naming the current edge.
  const height = Math.max(2 * MARGIN + (tallest - 1) * ROW_GAP, 260) + 24;
  const neurons = sizes.map((size, layer) => {
    const top = (height - 24 - (size - 1) * ROW_GAP) / 2;
    return Array.from({ length: size }, (_unused, j) => ({ layer, neuron: j + 1, x: MARGIN + layer * COLUMN_GAP, y: top + j * ROW_GAP }));
  });
  const lossX = MARGIN + sizes.length * COLUMN_GAP - 40;
  return { width: lossX + MARGIN + 30, height, radius: 46, neurons, loss: { x: lossX, y: (height - 24) / 2 } };
}

/** What the player's picture shows: the network, the recorded computation graph, or the layer view. */
export const PLAYER_VIEWS = ['network', 'graph', 'layers'] as const;
export type PlayerView = (typeof PLAYER_VIEWS)[number];

/**
 * Past this many neurons in a layer (or inputs) the network is not drawn: 784 input circles, or a
 * graph of 100,000 weights, show nothing a student can read, and take long to lay out.
 */
export const MAX_DRAWN_WIDTH = 32;

/** Whether a network of these sizes (inputs first) can be drawn as a network or a graph. */
export function isDrawable(sizes: readonly number[]): boolean {
  return sizes.every((size) => size <= MAX_DRAWN_WIDTH);
}
