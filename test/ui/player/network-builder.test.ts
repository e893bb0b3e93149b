import { describe, expect, it } from 'vitest';
import { findExample } from '../../../src/data/examples';
import { parseProblem, problemToJson, type Problem } from '../../../src/data/problem';
import { withActivation, withHiddenLayerAdded, withHiddenLayerRemoved, withLoss, withNeuronCount } from '../../../src/ui/player/network-builder';

const classic = findExample('classic')!.problem;
const shape = (problem: Problem): number[] => [problem.layers[0]!.weights[0]!.length, ...problem.layers.map((layer) => layer.weights.length)];
/** Whether the problem passes the same checks as a loaded file. */
const valid = (problem: Problem): Problem => parseProblem(problemToJson(problem));

describe('the network builder', () => {
  it('adds and removes neurons of a hidden layer, resizing the next layer, and leaves the given problem alone', () => {
    const grown = withNeuronCount(classic, 0, 3);
    expect(shape(grown)).toEqual([2, 3, 2]);
    expect(shape(classic)).toEqual([2, 2, 2]);
    // Old weights stay where they were; the new neuron and the new column are new numbers.
    expect(grown.layers[0]!.weights.slice(0, 2)).toEqual(classic.layers[0]!.weights);
    expect(grown.layers[0]!.biases).toEqual([0.35, 0.35, 0]);
    expect(grown.layers[1]!.weights.map((row) => row.slice(0, 2))).toEqual(classic.layers[1]!.weights);
    expect(grown.layers[1]!.weights.map((row) => row.length)).toEqual([3, 3]);
    expect(valid(grown)).toEqual(grown);
    const shrunk = withNeuronCount(grown, 0, 1);
    expect(shape(shrunk)).toEqual([2, 1, 2]);
    expect(shrunk.layers[1]!.weights).toEqual([[0.4], [0.5]]);
    expect(valid(shrunk)).toEqual(shrunk);
  });

  it('adds a hidden layer before the output and removes the last one, keeping the shapes consistent', () => {
    const deeper = withHiddenLayerAdded(classic);
    expect(shape(deeper)).toEqual([2, 2, 2, 2]);
    expect(deeper.layers.map((layer) => layer.activation)).toEqual(['sigmoid', 'sigmoid', 'sigmoid']);
    expect(valid(deeper)).toEqual(deeper);
    const wide = withNeuronCount(deeper, 1, 4);
    const back = withHiddenLayerRemoved(wide);
    expect(shape(back)).toEqual([2, 2, 2]);
    expect(valid(back)).toEqual(back);
    const single = withHiddenLayerRemoved(back);
    expect(shape(single)).toEqual([2, 2]);
    expect(valid(single)).toEqual(single);
  });

  it('changes an activation, and the loss with the output and targets it needs', () => {
    expect(withActivation(classic, 0, 'relu').layers.map((layer) => layer.activation)).toEqual(['relu', 'sigmoid']);
    const ce = withLoss(classic, 'cross_entropy');
    expect(ce.layers[1]!.activation).toBe('softmax');
    expect(ce.targets).toEqual([1]);
    expect(valid(ce)).toEqual(ce);
    const back = withLoss(ce, 'mse');
    expect(back.layers[1]!.activation).toBe('sigmoid');
    expect(back.targets).toEqual([[0, 1]]);
    expect(valid(back)).toEqual(back);
    expect(valid(withLoss(classic, 'bce')).targets).toEqual([[0.01, 0.99]]);
    // A rule broken by hand is the problem check's to refuse.
    expect(() => valid(withActivation(classic, 0, 'softmax'))).toThrow('softmax, which is allowed on the last layer only');
  });
});
