import { describe, expect, it } from 'vitest';
import { ProblemError, parseProblem, parseProblemText, problemToJson } from '../../src/data/problem';
import { CLASSIC_PROBLEM_JSON } from '../helpers/classic';

type Edit = (problem: Record<string, unknown> & { layers: Record<string, unknown>[] }) => void;

/** The classic problem with one edit applied, parsed; returns the error message. */
function messageFor(edit: Edit): string {
  const problem = structuredClone(CLASSIC_PROBLEM_JSON) as unknown as Record<string, unknown> & { layers: Record<string, unknown>[] };
  edit(problem);
  try {
    parseProblem(problem);
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemError);
    return (error as Error).message;
  }
  throw new Error('expected the problem to be rejected');
}

describe('a valid problem', () => {
  it('parses, and writes back to the same JSON', () => {
    const problem = parseProblem(structuredClone(CLASSIC_PROBLEM_JSON));
    expect(problem.singleSample).toBe(true);
    expect(problem.inputs).toEqual([[0.05, 0.1]]);
    expect(problemToJson(problem)).toEqual(CLASSIC_PROBLEM_JSON);
  });

  it('accepts a batch with class-index targets for cross_entropy', () => {
    const problem = parseProblem({
      layers: [{ weights: [[1, 2], [3, 4], [5, 6]], biases: [0, 0, 0], activation: 'softmax' }],
      inputs: [[1, 2], [3, 4]],
      targets: [0, 2],
      loss: 'cross_entropy',
    });
    expect(problem.targets).toEqual([0, 2]);
    expect(problem.singleSample).toBe(false);
  });
});

describe('every validation message says what is wrong and where', () => {
  const cases: [string, Edit, string][] = [
    ['sizes that do not chain', (p) => (p.layers[1]!['weights'] = [[1, 2, 3], [4, 5, 6]]), 'layers[1].weights has 3 columns but layer 0 has 2 outputs'],
    ['a first layer that does not fit the input', (p) => (p.layers[0]!['weights'] = [[1], [2]]), 'layers[0].weights has 1 columns but the input has 2 values'],
    ['a ragged row', (p) => (p.layers[0]!['weights'] = [[1, 2], [3]]), 'layers[0].weights[1] has 1 columns but the input has 2 values'],
    ['a non-number', (p) => (p.layers[0]!['weights'] = [[1, '2'], [3, 4]]), 'layers[0].weights[0][1] must be a number, not the string "2"'],
    ['null in the biases', (p) => (p.layers[1]!['biases'] = [0.6, null]), 'layers[1].biases[1] must be a number, not null'],
    ['too few biases', (p) => (p.layers[1]!['biases'] = [0.6]), 'layers[1].biases has 1 entries but layers[1].weights has 2 rows (one bias per neuron)'],
    ['an unknown activation', (p) => (p.layers[0]!['activation'] = 'swish'), 'layers[0].activation must be one of identity, sigmoid, tanh, relu, softmax, not the string "swish"'],
    ['softmax in a hidden layer', (p) => (p.layers[0]!['activation'] = 'softmax'), 'layers[0].activation is softmax, which is allowed on the last layer only'],
    ['an unknown key in a layer', (p) => (p.layers[0]!['bias'] = [1]), 'layers[0] has an unknown key "bias" (expected weights, biases, activation)'],
    ['an unknown loss', (p) => (p['loss'] = 'l2'), 'loss must be one of half_sse, mse, bce, cross_entropy, not the string "l2"'],
    ['a missing loss', (p) => delete p['loss'], 'loss must be one of half_sse, mse, bce, cross_entropy, not missing'],
    ['a target of the wrong size', (p) => (p['target'] = [0.01]), 'target has 1 values but the output layer has 2 neurons'],
    ['a missing input', (p) => delete p['input'], 'missing input (the problem has a target but no input)'],
    ['no sample at all', (p) => (delete p['input'], delete p['target']), 'missing input: give input and target (one sample) or inputs and targets (a batch)'],
    ['both one sample and a batch', (p) => (p['inputs'] = [[1, 2]]), 'give either input/target (one sample) or inputs/targets (a batch), not both'],
    ['a negative learning rate', (p) => (p['learningRate'] = -0.1), 'learningRate must not be negative, not -0.1'],
    ['cross_entropy without softmax', (p) => ((p['loss'] = 'cross_entropy'), (p['target'] = 1)), 'loss cross_entropy needs a softmax output but layers[1].activation is sigmoid'],
    ['softmax without cross_entropy', (p) => (p.layers[1]!['activation'] = 'softmax'), 'layers[1].activation is softmax, which goes with loss cross_entropy, not half_sse'],
    ['bce without sigmoid', (p) => ((p['loss'] = 'bce'), (p.layers[1]!['activation'] = 'tanh'), (p['target'] = [0, 1])), 'loss bce needs a sigmoid output but layers[1].activation is tanh'],
    ['a bce target out of range', (p) => ((p['loss'] = 'bce'), (p['target'] = [0, 1.5])), 'target[1] is 1.5 but bce needs targets in [0, 1]'],
    ['an unknown top-level key', (p) => (p['lr'] = 0.1), 'unknown key "lr" (expected layers, input, target, inputs, targets, loss, learningRate)'],
    ['an empty layer list', (p) => (p['layers'] = []), 'layers must be a non-empty array, not an array'],
  ];
  it.each(cases)('%s', (_name, edit, message) => expect(messageFor(edit)).toBe(message));

  it('a class index out of range for cross_entropy', () => {
    expect(() =>
      parseProblem({ layers: [{ weights: [[1], [2]], biases: [0, 0], activation: 'softmax' }], inputs: [[1]], targets: [2], loss: 'cross_entropy' }),
    ).toThrow('targets[0] is class 2 but the output layer has 2 classes (0 to 1)');
  });

  it('a batch whose samples differ in size', () => {
    expect(() =>
      parseProblem({ layers: [{ weights: [[1, 1]], biases: [0], activation: 'identity' }], inputs: [[1, 2], [1]], targets: [[0], [0]], loss: 'mse' }),
    ).toThrow('inputs[1] has 1 values but inputs[0] has 2');
  });

  it('a batch with fewer targets than inputs', () => {
    expect(() =>
      parseProblem({ layers: [{ weights: [[1, 1]], biases: [0], activation: 'identity' }], inputs: [[1, 2], [3, 4]], targets: [[0]], loss: 'mse' }),
    ).toThrow('targets has 1 entries but inputs has 2 samples');
  });

  it('non-finite numbers (which JSON cannot spell, but objects can carry)', () => {
    expect(messageFor((p) => (p['input'] = [0.05, Number.POSITIVE_INFINITY]))).toBe('input[1] must be a finite number, not Infinity');
  });

  it('text that is not JSON', () => {
    expect(() => parseProblemText('{"layers": [}')).toThrow(/^not valid JSON: /);
  });
});
