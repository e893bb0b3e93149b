/**
 * The layout-time half of `npm run bench:player`: the computation graph of a 4-16-16-3 sigmoid net
 * with every neuron expanded (about 550 boxes: value records and op nodes), laid out by
 * src/ui/player/graph-layout.ts; the median of 5 runs after one warm-up. Issue 3 sets the target:
 * ≤ 300 ms to lay out a 500-node graph. `measurePlayerLayout` has no Node imports, so a Chromium
 * page can run it too; `npx tsx bench/player-layout.ts` prints the figure.
 */
import type { Problem } from '../src/data/problem';
import { Trace } from '../src/engine/trace';
import { traceProblem } from '../src/nn/run';
import { createRandom } from '../src/data/random';
import { layoutGraph } from '../src/ui/player/graph-layout';
import { median } from './stats';

export const LAYOUT_TARGET_MS = 300;
const SIZES = [4, 16, 16, 3];
const RUNS = 5;

export interface LayoutTiming {
  sizes: number[];
  /** Boxes laid out: value records plus op nodes. */
  boxes: number;
  edges: number;
  medianMs: number;
  runsMs: number[];
}

/** A seeded network of the given sizes, so every run lays out the same graph. */
export function benchProblem(sizes: readonly number[], seed = 7): Problem {
  const random = createRandom(seed);
  const uniform = (low: number, high: number): number => low + (high - low) * random.uniform();
  return {
    layers: sizes.slice(1).map((size, index) => ({
      weights: Array.from({ length: size }, () => Array.from({ length: sizes[index]! }, () => uniform(-1, 1))),
      biases: Array.from({ length: size }, () => uniform(-0.5, 0.5)),
      activation: 'sigmoid',
    })),
    inputs: [Array.from({ length: sizes[0]! }, () => uniform(-1, 1))],
    targets: [Array.from({ length: sizes[sizes.length - 1]! }, () => uniform(0, 1))],
    loss: 'half_sse',
    singleSample: true,
    learningRate: 0.5,
  };
}

export function measurePlayerLayout(sizes: readonly number[] = SIZES, runs = RUNS): LayoutTiming {
  const trace = new Trace(traceProblem(benchProblem(sizes)).trace);
  const expanded = new Set<string>();
  // The first layout pays for JIT compilation, which a page pays once, not per layout.
  const warmUp = layoutGraph(trace, 0, expanded);
  const runsMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    layoutGraph(trace, 0, expanded);
    runsMs.push(performance.now() - start);
  }
  return { sizes: [...sizes], boxes: warmUp.boxes.length, edges: warmUp.edges.length, medianMs: median(runsMs), runsMs };
}

const invokedDirectly = typeof process !== 'undefined' && /player-layout\.ts$/.test(process.argv[1] ?? '');
if (invokedDirectly) {
  const timing = measurePlayerLayout();
  const verdict = timing.medianMs <= LAYOUT_TARGET_MS ? 'within' : 'OVER';
  console.log(
    `layout ${timing.sizes.join('-')} expanded: ${timing.boxes} boxes, ${timing.edges} edges: ` +
      `${timing.medianMs.toFixed(1)} ms (median of ${timing.runsMs.length}; ${verdict} the ${LAYOUT_TARGET_MS} ms target)`,
  );
}
