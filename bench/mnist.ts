/**
 * `npm run bench:mnist [-- --epochs 5] [--kernels wasm-simd,wasm-simd-threads]`: the benchmark.
 * 784-128-10 ReLU, Adam 1e-3, batch 64, over all 60,000 training digits, once with the plain
 * TypeScript kernels, the WebAssembly SIMD kernels, and those on two cores. Prints, per epoch, the training
 * seconds, the achieved GFLOP/s of the matrix products (forward and backward) and the test accuracy.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadMnist } from '../src/data/mnist';
import { wasmSimdThreadsBackend } from '../src/tensor/kernels/threads';
import type { KernelBackend } from '../src/tensor/kernels/types';
import { typescriptBackend } from '../src/tensor/kernels/typescript';
import { wasmSimdBackend } from '../src/tensor/kernels/wasm';
import { classifierShapes, trainClassifier, type TrainOptions } from '../src/tensor/train';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: '1' },
    kernels: { type: 'string', default: 'typescript,wasm-simd,wasm-simd-threads' },
    seed: { type: 'string', default: '1' },
  },
});
const BACKENDS: Record<string, KernelBackend> = Object.fromEntries(
  [typescriptBackend, wasmSimdBackend, wasmSimdThreadsBackend].map((backend) => [backend.name, backend]),
);
const backends = values.kernels.split(',').map((name) => {
  const backend = BACKENDS[name];
  if (backend === undefined) throw new Error(`unknown kernels ${name} (expected ${Object.keys(BACKENDS).join(', ')})`);
  return backend;
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

/** GFLOP/s of one product at the MLP's shape, 64×784 @ 784×128, best of a few timed rounds. */
function kernelGflops(backend: KernelBackend): number {
  const [m, k, n] = [64, 784, 128];
  const workspace = backend.createWorkspace([m * k, k * n, m * n]);
  const [a, b, c] = workspace.arrays as [Float32Array, Float32Array, Float32Array];
  a.fill(0.5);
  b.fill(0.25);
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    for (let rep = 0; rep < 40; rep++) workspace.matmul(c, a, b, m, k, n);
    best = Math.min(best, (performance.now() - started) / 40 / 1000);
  }
  return (2 * m * k * n) / best / 1e9;
}

for (const kernels of backends) console.log(`${kernels.name.padEnd(17)} matmul 64×784 @ 784×128: ${kernelGflops(kernels).toFixed(1)} GFLOP/s`);

for (const kernels of backends) {
  const options: TrainOptions = {
    hidden: [128], activation: 'relu', optimizer: 'adam', lr: 0.001, batch: 64,
    epochs: Number(values.epochs), seed: Number(values.seed), kernels,
  };
  const { outcome } = trainClassifier(data, options, {
    onEpoch: ({ epoch, seconds, trainLoss, testAccuracy }) => {
      console.log(
        `${kernels.name.padEnd(17)} epoch ${epoch}: ${seconds.toFixed(2)} s, ${(epochFlops / seconds / 1e9).toFixed(1)} GFLOP/s, ` +
          `train loss ${trainLoss.toFixed(4)}, test accuracy ${(100 * testAccuracy).toFixed(2)} %`,
      );
    },
  });
  if (outcome.status === 'diverged') console.log(`${kernels.name}: ${outcome.reason}`);
}
