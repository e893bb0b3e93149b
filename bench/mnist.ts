/**
 * `npm run bench:mnist [-- --epochs 5] [--kernels wasm-simd,wasm-simd-threads] [--arithmetic plain,fused]`:
 * the issue's benchmark. 784-128-10 ReLU, Adam 1e-3, batch 64, over all 60,000 training digits, once
 * with the plain TypeScript kernels, the WebAssembly SIMD kernels, and those on two cores; the
 * WebAssembly ones in each arithmetic asked for (by default the best this Node has: fused
 * multiply-add from relaxed SIMD where it validates, see kernels/wasm.ts). Prints, per epoch, the training
 * seconds, the GFLOP/s of the whole epoch (the training products' FLOPs over the epoch's time,
 * everything else included), the GFLOP/s of the matrix products alone (their FLOPs over the time
 * spent inside matmul, timed call by call) and the test accuracy.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadMnist } from '../src/data/mnist';
import { wasmSimdThreadsKernels } from '../src/tensor/kernels/threads';
import type { KernelBackend } from '../src/tensor/kernels/types';
import { typescriptBackend } from '../src/tensor/kernels/typescript';
import { bestArithmetic, wasmSimdKernels, type Arithmetic } from '../src/tensor/kernels/wasm';
import { classifierShapes, trainClassifier, type TrainOptions } from '../src/tensor/train';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: '1' },
    kernels: { type: 'string', default: 'typescript,wasm-simd,wasm-simd-threads' },
    arithmetic: { type: 'string', default: bestArithmetic() },
    seed: { type: 'string', default: '1' },
  },
});
const arithmetics = values.arithmetic.split(',').map((name) => {
  if (name !== 'plain' && name !== 'fused') throw new Error(`unknown arithmetic ${name} (expected plain, fused)`);
  return name satisfies Arithmetic;
});
/** Each kernel name asked for, the WebAssembly ones once per arithmetic, labelled for the report. */
const BACKENDS: Record<string, (arithmetic: Arithmetic) => KernelBackend> = {
  typescript: () => typescriptBackend,
  'wasm-simd': wasmSimdKernels,
  'wasm-simd-threads': wasmSimdThreadsKernels,
};
const backends = values.kernels.split(',').flatMap((name) => {
  const make = BACKENDS[name];
  if (make === undefined) throw new Error(`unknown kernels ${name} (expected ${Object.keys(BACKENDS).join(', ')})`);
  if (name === 'typescript') return [{ label: name, backend: make('plain') }];
  return arithmetics.map((arithmetic) => ({ label: `${name} ${arithmetic}`, backend: make(arithmetic) }));
});

/** FLOPs of the matrix products for one sample: z Wᵀ and δᵀ z for every layer, δ W above the first. */
function flopsPerSample(shapes: ReturnType<typeof classifierShapes>): number {
  return shapes.reduce((sum, { inputs, outputs }, l) => sum + 2 * inputs * outputs * (l === 0 ? 2 : 3), 0);
}

const data = await loadMnist();
const shapes = classifierShapes(784, [128], 'relu');
const epochFlops = flopsPerSample(shapes) * data.train.count;
console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(2)}`);
console.log(`784-128-10 relu, adam lr 0.001, batch 64, ${data.train.count} training digits: ${(epochFlops / 1e9).toFixed(1)} GFLOP of matrix products per epoch`);

/**
 * GFLOP/s of the forward product as training computes it, a batch times Wᵀ with W stored
 * 128×784 (matmulTransposedB), best of a few timed rounds.
 */
function kernelGflops(backend: KernelBackend): number {
  const [m, k, n] = [64, 784, 128];
  const workspace = backend.createWorkspace([m * k, k * n, m * n]);
  // A two-core workspace computes alone until its helper thread serves it, which takes longer
  // than these few rounds; without the wait this line would time one core.
  if ('awaitHelper' in workspace && typeof workspace.awaitHelper === 'function' && workspace.awaitHelper(5_000) !== true) {
    console.log(`${backend.name}: the helper thread did not start within 5 s; the product below ran on one core`);
  }
  const [a, b, c] = workspace.arrays as [Float32Array, Float32Array, Float32Array];
  a.fill(0.5);
  b.fill(0.25);
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    for (let rep = 0; rep < 40; rep++) workspace.matmulTransposedB(c, a, b, m, k, n);
    best = Math.min(best, (performance.now() - started) / 40 / 1000);
  }
  return (2 * m * k * n) / best / 1e9;
}

/** The time spent inside matmul and the FLOPs it did, added up while an epoch trains. */
interface ProductClock {
  seconds: number;
  flops: number;
}

/** The backend with every product its workspaces compute timed on `clock`; the numbers are unchanged. */
function timedProducts(backend: KernelBackend, clock: ProductClock): KernelBackend {
  return {
    name: backend.name,
    createWorkspace(lengths) {
      const workspace = backend.createWorkspace(lengths);
      return {
        arrays: workspace.arrays,
        matmul(c, a, b, m, k, n) {
          const started = performance.now();
          workspace.matmul(c, a, b, m, k, n);
          clock.seconds += (performance.now() - started) / 1000;
          clock.flops += 2 * m * k * n;
        },
        matmulTransposedA(c, a, b, m, k, n) {
          const started = performance.now();
          workspace.matmulTransposedA(c, a, b, m, k, n);
          clock.seconds += (performance.now() - started) / 1000;
          clock.flops += 2 * m * k * n;
        },
        matmulTransposedB(c, a, b, m, k, n) {
          const started = performance.now();
          workspace.matmulTransposedB(c, a, b, m, k, n);
          clock.seconds += (performance.now() - started) / 1000;
          clock.flops += 2 * m * k * n;
        },
        addBias: (a, biases, rows, cols) => workspace.addBias(a, biases, rows, cols),
        sumRows: (out, matrix, rows, cols) => workspace.sumRows(out, matrix, rows, cols),
        gatherUnitRows: (x, source, indices, rows, rowLength) => workspace.gatherUnitRows(x, source, indices, rows, rowLength),
        relu: (z, a, length) => workspace.relu(z, a, length),
        reluDerivative: (delta, a, length) => workspace.reluDerivative(delta, a, length),
        adam: (values, grads, m, v, length, beta1, beta2, stepSize, epsilon) => workspace.adam(values, grads, m, v, length, beta1, beta2, stepSize, epsilon),
      };
    },
  };
}

const WIDTH = Math.max(...backends.map(({ label }) => label.length));
for (const { label, backend } of backends) console.log(`${label.padEnd(WIDTH)} x·Wᵀ 64×784 · (128×784)ᵀ: ${kernelGflops(backend).toFixed(1)} GFLOP/s`);

for (const { label, backend: kernels } of backends) {
  const clock: ProductClock = { seconds: 0, flops: 0 };
  const options: TrainOptions = {
    hidden: [128], activation: 'relu', optimizer: 'adam', lr: 0.001, batch: 64,
    epochs: Number(values.epochs), seed: Number(values.seed), kernels: timedProducts(kernels, clock),
  };
  const { outcome } = trainClassifier(data, options, {
    onEpoch: ({ epoch, seconds, trainLoss, testAccuracy }) => {
      // The clock has also run through the test digits' forward products (the accuracy), which
      // the epoch's seconds leave out; a rate is a rate whichever products it was measured on.
      const products = clock.flops / clock.seconds / 1e9;
      console.log(
        `${label.padEnd(WIDTH)} epoch ${epoch}: ${seconds.toFixed(2)} s, whole epoch ${(epochFlops / seconds / 1e9).toFixed(1)} GFLOP/s, ` +
          `products alone ${products.toFixed(1)} GFLOP/s, train loss ${trainLoss.toFixed(4)}, test accuracy ${(100 * testAccuracy).toFixed(2)} %`,
      );
      clock.seconds = 0;
      clock.flops = 0;
    },
  });
  if (outcome.status === 'diverged') console.log(`${label}: ${outcome.reason}`);
}
