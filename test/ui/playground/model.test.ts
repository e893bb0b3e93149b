import { describe, expect, it } from 'vitest';
import { DATASETS, DATASET_NAMES, generateSamples, type GeneratedDatasetName } from '../../../src/ui/playground/datasets';
import { FEATURE_NAMES, featureVector } from '../../../src/ui/playground/features';
import { GRID_SIZE, PlaygroundNetwork, applyResult, playgroundTrainer, sampleProblem, type NetworkShape } from '../../../src/ui/playground/model';
import { parseProblem, problemToJson } from '../../../src/data/problem';
import { runProblem } from '../../../src/nn/run';
import { RECIPES, type Recipe } from './recipes';

function train(data: GeneratedDatasetName, recipe: Recipe) {
  const samples = generateSamples(data, 10, 50, 1);
  const classes = DATASETS[data].classes;
  const shape: NetworkShape = { features: recipe.features, hidden: recipe.hidden, activation: recipe.activation, output: classes > 2 ? 'softmax-ce' : 'sigmoid-bce', classes };
  const network = new PlaygroundNetwork(shape, 1);
  const test = samples.filter((s) => s.test);
  const trainer = playgroundTrainer(network, samples.filter((s) => !s.test), test, { learningRate: recipe.learningRate, batchSize: 10, regularization: 'none', regularizationRate: 0 }, 1);
  for (let e = 0; e < recipe.epochs; e++) trainer.runEpoch();
  return { network, trainer, test };
}

describe('the playground data sets', () => {
  it.each(DATASET_NAMES.filter((name) => name !== 'custom') as GeneratedDatasetName[])('%s trains to its stated test accuracy', (data) => {
    const recipe = RECIPES[data];
    const { network, trainer, test } = train(data, recipe);
    expect(network.evaluate(test).accuracy).toBeGreaterThanOrEqual(recipe.accuracy);
    expect(trainer.epoch).toBe(recipe.epochs);
    expect(trainer.history).toHaveLength(recipe.epochs + 1);
    expect(trainer.lastLoss!.train).toBeLessThan(trainer.history[0]!.train);
  });

  it('split by the training share and are the same for the same seed', () => {
    const samples = generateSamples('circle', 20, 30, 5);
    expect(samples.filter((s) => !s.test)).toHaveLength(90);
    expect(generateSamples('circle', 20, 30, 5)).toEqual(samples);
    expect(generateSamples('circle', 20, 30, 6)).not.toEqual(samples);
  });
});

describe('the playground network', () => {
  const shape: NetworkShape = { features: ['x1', 'x2', 'x1x2'], hidden: [3, 2], activation: 'relu', output: 'softmax-ce', classes: 3 };

  it('computes every feature', () => {
    expect(featureVector(FEATURE_NAMES.slice(), [2, -3])).toEqual([2, -3, 4, 9, -6, Math.sin(2), Math.sin(-3)]);
  });

  it('maps every neuron over the plane, inputs first', () => {
    const maps = new PlaygroundNetwork(shape, 3).neuronMaps([-6, 6]);
    expect(maps.map((layer) => layer.length)).toEqual([3, 3, 2, 3]);
    expect(maps[0]![0]).toHaveLength(GRID_SIZE * GRID_SIZE);
    // Cell (0, 0) is the top-left corner: smallest x₁, largest x₂.
    expect(maps[0]![0]![0]).toBeCloseTo(-6 + 6 / GRID_SIZE, 5);
    expect(maps[0]![1]![0]).toBeCloseTo(6 - 6 / GRID_SIZE, 5);
    // Softmax outputs sum to 1 in every cell.
    expect(maps[3]![0]![10]! + maps[3]![1]![10]! + maps[3]![2]![10]!).toBeCloseTo(1, 5);
  });

  it('steps into one sample: the problem is valid, and applying its update is one training step of batch 1', () => {
    const samples = generateSamples('clusters', 10, 50, 2);
    const network = new PlaygroundNetwork(shape, 4);
    const sample = samples[0]!;
    const problem = sampleProblem(network, sample, 0.1);
    expect(parseProblem(problemToJson(problem))).toEqual(problem);
    expect(problem.inputs[0]).toEqual(featureVector(shape.features, sample.x));
    expect(problem.targets[0]).toBe(sample.label);

    const twin = new PlaygroundNetwork(shape, 4);
    const trainer = playgroundTrainer(twin, [sample], [], { learningRate: 0.1, batchSize: 1, regularization: 'none', regularizationRate: 0 }, 1);
    trainer.step();
    applyResult(network, runProblem(problem).result);
    network.mlp.layers.forEach((layer, l) => {
      layer.weights.forEach((w, e) => expect(w).toBeCloseTo(twin.mlp.layers[l]!.weights[e]!, 5));
      layer.biases.forEach((b, e) => expect(b).toBeCloseTo(twin.mlp.layers[l]!.biases[e]!, 5));
    });
  });

  it('regularises the weights: L2 at rate λ shrinks a network with no data gradient by the factor 1 − αλ', () => {
    const plain: NetworkShape = { features: ['x1'], hidden: [], activation: 'tanh', output: 'sigmoid-mse', classes: 2 };
    const network = new PlaygroundNetwork(plain, 1);
    network.setWeight(1, 1, 1, 2);
    network.setBias(1, 1, 0);
    // x = 0: the data gradient of the weight is 0, so only the penalty moves it.
    const trainer = playgroundTrainer(network, [{ x: [0, 0], label: 1, test: false }], [], { learningRate: 0.1, batchSize: 1, regularization: 'l2', regularizationRate: 0.5 }, 1);
    trainer.step();
    expect(network.weight(1, 1, 1)).toBeCloseTo(2 * (1 - 0.1 * 0.5), 6);
    trainer.settings = { ...trainer.settings, regularization: 'l1' };
    trainer.step();
    expect(network.weight(1, 1, 1)).toBeCloseTo(1.9 - 0.1 * 0.5, 6);
  });
});

describe('the plane of custom points', () => {
  it('is the usual plane while the points fit, else the whole-number square around them, stable under clicks inside it', async () => {
    const { extentOf } = await import('../../../src/ui/playground/datasets');
    const at = (x1: number, x2: number) => ({ x: [x1, x2] as [number, number], label: 0, test: false });
    expect(extentOf([at(-5.99, 5.99)])).toEqual([-6, 6]);
    expect(extentOf([at(0.2, 3), at(10.4, 9)])).toEqual([0, 11]);
    const wide = extentOf([at(-0.3, 3), at(10.4, 12.2)]);
    expect(wide).toEqual([-1, 13]);
    expect(extentOf([at(-0.3, 3), at(10.4, 12.2), at(-0.99, 12.99)])).toEqual(wide);
  });
});
