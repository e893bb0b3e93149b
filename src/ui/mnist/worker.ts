/**
 * The MNIST page's training worker: holds the data and the network, trains in slices of a few tens
 * of milliseconds and reports after each, so the page stays responsive and commands (pause, stop)
 * are heard between slices. It runs the WebAssembly SIMD kernels on two cores where the page is
 * cross-origin isolated (a nested helper worker takes half of each large product), else on one.
 */
import { firstDigits, type Mnist } from '../../data/mnist';
import { fetchMnist } from '../../data/mnist-fetch';
import { startBrowserThreadsBackend } from '../../tensor/kernels/browser-threads';
import { selectKernels } from '../../tensor/kernels/select';
import type { KernelBackend } from '../../tensor/kernels/types';
import { classifierTrainer, type BatchReport, type Trainer } from '../../tensor/train';
import { confusionMatrix, transition, type KernelsInfo, type ModelSnapshot, type RunState, type WorkerCommand, type WorkerEvent } from './protocol';

/** The part of a dedicated worker's global scope used here (the DOM lib types `self` as a Window). */
interface WorkerScope {
  postMessage(message: WorkerEvent, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerCommand>) => void) | null;
}
const scope = self as unknown as WorkerScope;

/**
 * Long enough that reporting costs little, short enough that the plots move (about 7 frames a
 * second). Each report makes the page redraw, which on a 2-core machine takes time from the helper
 * thread: one epoch on two cores took 2.0 s in Chromium with 50 ms slices, 1.8 s with 100 ms and
 * 1.6 s with 150 ms (one core: 2.0 s with any of them).
 */
const SLICE_MS = 150;
/** The first slice is short so the first frame appears at once after start. */
const FIRST_SLICE_MS = 15;
/** Test digits sent to the page for its grid, drawing pad and step-through. */
const SAMPLE_DIGITS = 500;

/** The kernels, chosen while the data downloads: two cores if the helper worker starts, else one. */
const kernelsChoice: Promise<{ backend: KernelBackend; info: KernelsInfo }> = startBrowserThreadsBackend().then(
  (backend) => ({ backend, info: { name: backend.name, cores: 2 } }),
  (error: unknown) => {
    const backend = selectKernels();
    return { backend, info: { name: backend.name, cores: 1, reason: error instanceof Error ? error.message : String(error) } };
  },
);
let kernels: KernelBackend | undefined;
let data: Mnist | undefined;
let trainer: Trainer | undefined;
let state: RunState = 'loading';
let firstSlice = true;

// A message to ourselves runs the next slice after any commands already queued, with none of
// setTimeout's minimum delay.
const tick = new MessageChannel();
tick.port1.onmessage = trainSlice;

function post(event: WorkerEvent, transfer: Transferable[] = []): void {
  scope.postMessage(event, transfer);
}

function setState(next: RunState, reason?: string): void {
  state = next;
  post(reason === undefined ? { type: 'state', state } : { type: 'state', state, reason });
}

function snapshot(current: Trainer): ModelSnapshot {
  // Copies: the network's arrays are views of the WebAssembly memory, which cannot be transferred.
  const weights = current.network.layers.map((layer) => layer.weights.slice());
  const biases = current.network.layers.map((layer) => layer.biases.slice());
  return { shapes: current.network.layers.map((layer) => ({ ...layer.shape })), weights, biases };
}

function trainSlice(): void {
  const current = trainer;
  if (state !== 'training' || current === undefined || data === undefined) return;
  const budget = firstSlice ? FIRST_SLICE_MS : SLICE_MS;
  firstSlice = false;
  const started = performance.now();
  const losses: number[] = [];
  let examples = 0;
  let last: BatchReport | undefined;
  const report = (): void => {
    if (last === undefined) return;
    const { epoch, batch, batchesPerEpoch } = last;
    post({ type: 'progress', epoch, batchesPerEpoch, batchInEpoch: batch, losses, examples, seconds: (performance.now() - started) / 1000 });
  };

  while (performance.now() - started < budget) {
    const step = current.step();
    if (step.status !== 'trained') {
      report();
      setState('diverged', step.status === 'diverged' ? step.reason : 'there are no training digits');
      return;
    }
    last = step.batch;
    losses.push(last.loss);
    examples += last.size;
    if (step.epoch !== undefined) {
      report();
      const model = snapshot(current);
      const confusion = confusionMatrix(data.test.labels, current.testPredictions ?? new Uint8Array(data.test.count));
      post({ type: 'epoch', report: step.epoch, confusion, model }, [...model.weights, ...model.biases].map((array) => array.buffer));
      if (current.finished) setState('stopped', 'finished');
      else tick.port2.postMessage(null);
      return;
    }
  }
  report();
  tick.port2.postMessage(null);
}

async function load(baseUrl: string, limit: number | undefined): Promise<void> {
  let lastReport = 0;
  const mnist = await fetchMnist(baseUrl, (progress) => {
    // Every network chunk would be hundreds of messages: ten a second is enough for a bar.
    const now = performance.now();
    if (now - lastReport < 100 && progress.loadedBytes < progress.totalBytes) return;
    lastReport = now;
    post({ type: 'download', ...progress });
  });
  data = limit === undefined ? mnist : { train: firstDigits(mnist.train, limit), test: mnist.test };
  const chosen = await kernelsChoice;
  kernels = chosen.backend;
  const count = Math.min(SAMPLE_DIGITS, data.test.count);
  const pixels = data.test.pixels.slice(0, count * 784);
  const labels = data.test.labels.slice(0, count);
  post({ type: 'ready', trainCount: data.train.count, testCount: data.test.count, sample: { pixels, labels }, kernels: chosen.info }, [pixels.buffer, labels.buffer]);
  setState('ready');
}

function handle(command: WorkerCommand): void {
  if (command.type === 'load') {
    load(command.baseUrl, command.limit).catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
    return;
  }
  const next = transition(state, command.type);
  // The page only offers allowed commands; one that crossed a state change on the way is dropped.
  if (next === undefined) return;
  switch (command.type) {
    case 'start':
      try {
        // The page offers Start only after 'ready', which comes after the kernels are chosen.
        trainer = classifierTrainer(data!, { ...command.settings, kernels: kernels! });
      } catch (error) {
        post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
        return;
      }
      firstSlice = true;
      setState(next);
      tick.port2.postMessage(null);
      return;
    case 'resume':
      setState(next);
      tick.port2.postMessage(null);
      return;
    case 'reset':
      trainer = undefined;
      setState(next);
      return;
    case 'pause':
    case 'stop':
      setState(next);
      return;
  }
}

scope.onmessage = (event) => handle(event.data);
