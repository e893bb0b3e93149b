import { describe, expect, it, vi } from 'vitest';
import { CLASSES, firstDigits, loadMnist } from '../../../src/data/mnist';
import { parseProblem, problemToJson } from '../../../src/data/problem';
import { Trace } from '../../../src/engine/trace';
import { traceProblemPacked } from '../../../src/nn/run';
import { selectKernels } from '../../../src/tensor/kernels/select';
import { BatchedMlp } from '../../../src/tensor/mlp';
import { createRandom } from '../../../src/data/random';
import { classifierShapes } from '../../../src/tensor/train';
import { digitProblem } from '../../../src/ui/mnist/digit-problem';
import { isDrawable } from '../../../src/ui/player/network-layout';
import { layerTex } from '../../../src/ui/player/layer-tex';
import { ShownNumbers } from '../../../src/ui/player/shown-numbers';
import { GRANULARITIES, computeStops } from '../../../src/ui/player/stops';
import { TraceIndex } from '../../../src/ui/player/trace-index';

describe('step into one digit', async () => {
  // The page's default network, freshly initialised, and the first test digit as the page holds it (bytes).
  const network = new BatchedMlp(classifierShapes(784, [128], 'relu'), 1, selectKernels());
  network.initialize(createRandom(1));
  const digits = firstDigits((await loadMnist()).test, 1);
  const pixels = digits.pixels;
  const label = digits.labels[0]!;
  const problem = digitProblem(network, pixels, label, 0.001);

  it('makes a problem file of the network, the digit scaled as training scales it, its class and the learning rate', () => {
    expect(problem.layers.map((layer) => [layer.weights.length, layer.weights[0]!.length, layer.biases.length, layer.activation])).toEqual([
      [128, 784, 128, 'relu'],
      [10, 128, 10, 'softmax'],
    ]);
    expect(problem.layers[0]!.weights[5]![300]).toBe(network.layers[0]!.weights[5 * 784 + 300]);
    expect(problem.inputs).toHaveLength(1);
    expect(problem.inputs[0]).toHaveLength(784);
    problem.inputs[0]!.forEach((value, k) => expect(value).toBe(pixels[k]! / 255));
    expect(problem).toMatchObject({ targets: [label], loss: 'cross_entropy', learningRate: 0.001, singleSample: true });
    expect(parseProblem(problemToJson(problem))).toEqual(problem);
    expect(isDrawable([784, 128, 10])).toBe(false);
  });

  it("takes a drawing's inputs (0–1, already the network's input) as they are", () => {
    const drawn = Float32Array.from(pixels, (value) => value / 255);
    const fromDrawing = digitProblem(network, drawn, 3, 0.001, 1);
    fromDrawing.inputs[0]!.forEach((value, k) => expect(value).toBe(drawn[k]!));
    expect(fromDrawing.targets).toEqual([3]);
  });

  it('holds the 300,000-step trace in its columns: wrapping, indexing and finding every stop build no step or node object', () => {
    const built = [vi.spyOn(Trace.prototype, 'step'), vi.spyOn(Trace.prototype, 'node'), vi.spyOn(Trace.prototype, 'placeOf'), vi.spyOn(Trace.prototype, 'toData')];
    try {
      const trace = new Trace(traceProblemPacked(problem).packed);
      expect(trace.length).toBeGreaterThan(300_000);
      const index = new TraceIndex(trace);
      for (const granularity of GRANULARITIES) computeStops(trace, granularity);
      expect(index.passCount).toBe(2);
      for (const spy of built) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of built) spy.mockRestore();
    }
  });

  it("records a trace whose output-layer δ is the tensor engine's ŷ − y for the digit, and whose layer view has the shapes", () => {
    const trace = new Trace(traceProblemPacked(problem).packed);
    const index = new TraceIndex(trace);
    const last = trace.length - 1;

    network.input.set(problem.inputs[0]!);
    network.targets.fill(0, 0, CLASSES);
    network.targets[label] = 1;
    const yHat = network.forward(1).slice(0, CLASSES);
    network.backward('cross_entropy');
    const tensorDelta = network.layers[1]!.delta;

    for (let j = 0; j < CLASSES; j++) {
      const delta = index.gradAfter(index.find(0, { role: 'pre-activation', layer: 2, neuron: j + 1 })!, last)!;
      // float32 against float64: the outputs are probabilities, so 1e-6 is rounding.
      expect(Math.abs(delta - tensorDelta[j]!)).toBeLessThan(1e-6);
      expect(Math.abs(delta - (yHat[j]! - (j === label ? 1 : 0)))).toBeLessThan(1e-6);
    }

    // Stepping by layer: forward 1, 2, loss, the start of backward, backward 2, 1, update 1, 2, forward 1, 2, loss.
    const stops = computeStops(trace, 'layer');
    expect(stops).toHaveLength(11);
    const backward2 = stops.find((stop) => trace.tags(stop).phase === 'backward' && trace.tags(stop).layer === 2)!;
    const view = layerTex(problem, trace, new ShownNumbers(index, backward2), undefined, 64)!;
    expect(view.lines[0]).toMatch(/^\\delta\^\{\[2\]\} = \(\\hat\{y\} - y\) = \\begin\{bmatrix\}/);
    expect(view.shapes?.here).toContain('\\underbrace{(z^{[1]})^{\\mathsf T}}_{1\\times 128}');
    const forward1 = layerTex(problem, trace, new ShownNumbers(index, stops[0]!), undefined, 64)!;
    expect(forward1.shapes?.training).toContain('\\underbrace{X}_{B\\times 784}');
    expect(forward1.shapes?.training).toContain('\\underbrace{A^{[1]}}_{B\\times 128}');
  });
});
