/**
 * `npm run bench:digit [-- --json]`: the MNIST page's "step into one digit", in Node.
 *
 * A 784-128-10 ReLU network (seeded random weights, as a network part way through training has;
 * the recording's length and cost depend only on the shapes) and one digit-like input are recorded
 * on the scalar engine as the page's trace worker records them (traceProblemPacked), then made a
 * Trace over those columns and indexed as the page does (new Trace(packed), TraceIndex). The
 * memory is measured after a full collection before the recording and again with the trace and its
 * index held and nothing else (run with `--expose-gc`, which the npm script passes): the
 * JavaScript heap plus the typed arrays' buffers, which V8 keeps outside it, so a trace held in
 * typed arrays is counted in full. Then the player's work for a press that does not
 * touch the DOM is timed at stops spread over the whole trace, an operation at a time: finding the
 * next stop, the numbers the pictures show, the formula card's content, the spoken line and the
 * layer view's TeX.
 *
 * `--json` adds one last line: `{"steps", "recordSeconds", "heapMB", "stepMedianMs", "stepP95Ms"}`.
 * Targets from issue 17: ≥ 300,000 steps recorded in ≤ 0.5 s, ≤ 60 MB of heap for the trace and
 * its index, stepping p95 ≤ 16 ms.
 */
import { parseArgs } from 'node:util';
import type { Problem } from '../src/data/problem';
import { createRandom } from '../src/data/random';
import { narrateStep } from '../src/engine/narration';
import type { PackedTrace } from '../src/engine/packed-trace';
import { Trace } from '../src/engine/trace';
import { traceProblemPacked } from '../src/nn/run';
import { cardContent } from '../src/ui/player/formula-card';
import { layerTex } from '../src/ui/player/layer-tex';
import { ShownNumbers } from '../src/ui/player/shown-numbers';
import { computeStops, nextStop } from '../src/ui/player/stops';
import { TraceIndex } from '../src/ui/player/trace-index';
import { median } from './stats';

const SIZES = [784, 128, 10];
/** Presses timed, at stops spread evenly over the trace. */
const PRESSES = 1000;
/** The page's default batch size, under which the layer view writes each factor's shape. */
const TRAINING_BATCH = 64;

const { values: flags } = parseArgs({ options: { json: { type: 'boolean', default: false } } });

const collect = (globalThis as { gc?: () => void }).gc;
if (collect === undefined) throw new Error('run with node --expose-gc (npm run bench:digit does)');

/** He-initialised weights and a blob of ink in the middle of a 28×28 image, seeded. */
function digitLikeProblem(): Problem {
  const random = createRandom(17);
  const layers = SIZES.slice(1).map((outputs, l) => {
    const inputs = SIZES[l]!;
    const scale = Math.sqrt(2 / inputs);
    return {
      weights: Array.from({ length: outputs }, () => Array.from({ length: inputs }, () => random.normal() * scale)),
      biases: Array.from({ length: outputs }, () => 0),
      activation: l === SIZES.length - 2 ? ('softmax' as const) : ('relu' as const),
    };
  });
  const input = Array.from({ length: 784 }, (_unused, pixel) => {
    const [row, column] = [Math.floor(pixel / 28), pixel % 28];
    return Math.hypot(row - 14, column - 14) < 8 ? random.uniform() : 0;
  });
  return { layers, inputs: [input], targets: [3], loss: 'cross_entropy', learningRate: 0.001, singleSample: true };
}

function percentile95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? Number.NaN;
}

const problem = digitLikeProblem();
/** Bytes held by the JavaScript heap and by ArrayBuffers (which live outside it). */
function heldBytes(): number {
  collect?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}
const heldBefore = heldBytes();

const started = performance.now();
let packed: PackedTrace | undefined = traceProblemPacked(problem).packed;
const recordSeconds = (performance.now() - started) / 1000;

const indexStarted = performance.now();
const trace = new Trace(packed);
const index = TraceIndex.of(trace);
const indexSeconds = (performance.now() - indexStarted) / 1000;
packed = undefined;
// What the page holds while the player shows the digit: the trace (over the recording's own
// columns) and its index.
const heapMB = (heldBytes() - heldBefore) / 2 ** 20;

const stops = computeStops(trace, 'op');
const times: number[] = [];
for (let press = 0; press < PRESSES; press++) {
  const from = stops[Math.floor((press * (stops.length - 1)) / PRESSES)]!;
  const pressStarted = performance.now();
  const step = nextStop(stops, from);
  const numbers = new ShownNumbers(index, step);
  cardContent(trace, index, step);
  narrateStep(trace, step);
  layerTex(problem, trace, numbers, undefined, TRAINING_BATCH);
  times.push(performance.now() - pressStarted);
}

const steps = trace.length;
const stepMedianMs = median(times);
const stepP95Ms = percentile95(times);
console.log(`${SIZES.join('-')} relu, one digit: ${steps.toLocaleString('en')} steps recorded in ${recordSeconds.toFixed(2)} s (target ≤ 0.5 s), indexed in ${indexSeconds.toFixed(2)} s`);
console.log(`memory held by the trace and its index (heap and array buffers): ${heapMB.toFixed(0)} MB (target ≤ 60 MB)`);
console.log(`${PRESSES} presses of → spread over ${stops.length.toLocaleString('en')} stops, the player's work without the page: median ${stepMedianMs.toFixed(2)} ms, 95th percentile ${stepP95Ms.toFixed(2)} ms (target ≤ 16 ms)`);
if (flags.json) console.log(JSON.stringify({ steps, recordSeconds, heapMB, stepMedianMs, stepP95Ms }));
