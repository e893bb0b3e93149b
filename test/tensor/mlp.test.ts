import { describe, it, expect } from 'vitest';
import { BatchedMlp } from '../../src/tensor/mlp';
import { wasmSimdBackend } from '../../src/tensor/kernels/wasm';
import { createRandom } from '../../src/data/random';

const shapes = [
  { inputs: 3, outputs: 4, activation: 'tanh' as const },
  { inputs: 4, outputs: 2, activation: 'sigmoid' as const },
];

describe('BatchedMlp', () => {
  it('refuses a batch larger than it was built for, instead of writing past its arrays', () => {
    const network = new BatchedMlp(shapes, 5, wasmSimdBackend);
    expect(() => network.forward(6)).toThrow('batch of 6 samples, but this network was built for 1 to 5');
    expect(() => network.forward(0)).toThrow(/built for 1 to 5/);
  });

  it('needs a forward pass before backward', () => {
    expect(() => new BatchedMlp(shapes, 2, wasmSimdBackend).backward('mse')).toThrow('backward needs a forward pass first');
  });

  it('refuses layers that do not chain', () => {
    expect(() => new BatchedMlp([shapes[0]!, { ...shapes[1]!, inputs: 5 }], 1, wasmSimdBackend)).toThrow('layer 1 has 5 inputs but layer 0 has 4 outputs');
  });

  it('a smaller batch gives each sample the same result as a full one', () => {
    const network = new BatchedMlp(shapes, 4, wasmSimdBackend);
    network.initialize(createRandom(1));
    network.input.set([0.5, -1, 2, 1, 0, -0.5, 0.3, 0.3, 0.3, -2, 1, 0]);
    const full = Array.from(network.forward(4));
    const firstTwo = Array.from(network.forward(2));
    expect(firstTwo).toEqual(full.slice(0, 4));
  });

  it('initialises ReLU layers with He and others with Xavier spread, reproducibly for a seed', () => {
    const wide = new BatchedMlp([{ inputs: 400, outputs: 300, activation: 'relu' }, { inputs: 300, outputs: 100, activation: 'tanh' }], 1, wasmSimdBackend);
    wide.initialize(createRandom(42));
    const spread = (values: Float32Array): number => Math.sqrt(values.reduce((s, w) => s + w * w, 0) / values.length);
    expect(spread(wide.layers[0]!.weights)).toBeCloseTo(Math.sqrt(2 / 400), 2);
    expect(spread(wide.layers[1]!.weights)).toBeCloseTo(Math.sqrt(2 / 400), 2);
    const again = new BatchedMlp(wide.layers.map((layer) => layer.shape), 1, wasmSimdBackend);
    again.initialize(createRandom(42));
    expect(again.layers[1]!.weights).toEqual(wide.layers[1]!.weights);
  });

  it('gathers a batch from the byte rows it holds, each byte b as b/255, into the first rows of input', () => {
    // Four rows of 3 inputs; the network holds a copy, so changing the original afterwards changes nothing.
    const held = Uint8Array.of(0, 1, 2, 51, 102, 153, 255, 128, 64, 7, 8, 9);
    const network = new BatchedMlp(shapes, 5, wasmSimdBackend, [held]);
    network.input.fill(-1);
    network.gatherInputs(held, [3, 1, 3]);
    held.fill(0);
    expect(Array.from(network.input.subarray(0, 9))).toEqual([7, 8, 9, 51, 102, 153, 7, 8, 9].map((b) => Math.fround(b / 255)));
    expect(Array.from(network.input.subarray(9))).toEqual(Array.from({ length: 6 }, () => -1));
  });

  it('refuses to gather from rows it does not hold, rows out of range, or more rows than a batch', () => {
    const held = new Uint8Array(4 * 3);
    const network = new BatchedMlp(shapes, 2, wasmSimdBackend, [held]);
    expect(() => network.gatherInputs(new Uint8Array(12), [0])).toThrow('this network was not built holding these inputs');
    expect(() => network.gatherInputs(held, [4])).toThrow('row 4 is not one of the 4 held');
    expect(() => network.gatherInputs(held, [1.5])).toThrow('row 1.5 is not one of the 4 held');
    expect(() => network.gatherInputs(held, [0, 1, 2])).toThrow('3 rows, but this network was built for at most 2');
    expect(() => new BatchedMlp(shapes, 2, wasmSimdBackend, [new Uint8Array(10)])).toThrow('10 bytes is not a whole number of rows of 3');
  });
});
