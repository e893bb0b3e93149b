import { describe, expect, it } from 'vitest';
import { generateSamples } from '../../../src/ui/playground/datasets';
import { PlaygroundSession, type SessionInputs } from '../../../src/ui/playground/session.svelte';

const samples = generateSamples('xor', 10, 50, 3);
const inputs: SessionInputs = {
  shape: { features: ['x1', 'x2'], hidden: [3], activation: 'tanh', output: 'sigmoid-bce', classes: 2 },
  seed: 3,
  samples,
  options: { learningRate: 0.1, batchSize: 10, regularization: 'none', regularizationRate: 0 },
  extent: [-6, 6],
};

describe('the playground session', () => {
  it('applies training settings to the running trainer, keeps weights and epochs for new data, starts over for a new shape or seed', () => {
    const session = new PlaygroundSession(inputs);
    session.stepEpoch();
    session.stepEpoch();
    expect(session.epoch).toBe(2);
    const trainer = session.trainer;
    const trained = session.network.layerSpecs();

    expect(session.follow({ ...inputs, options: { ...inputs.options, learningRate: 0.03 } })).toBe(false);
    expect(session.trainer).toBe(trainer);
    expect(session.trainer.settings.learningRate).toBe(0.03);

    // A copy of the same points is the same data: nothing is rebuilt.
    expect(session.follow({ ...inputs, samples: samples.map((sample) => ({ ...sample })), options: { ...inputs.options, learningRate: 0.03 } })).toBe(false);
    expect(session.trainer).toBe(trainer);

    const moreData = [...samples, { x: [1, 1] as [number, number], label: 1, test: false }];
    expect(session.follow({ ...inputs, samples: moreData })).toBe(false);
    expect(session.trainer).not.toBe(trainer);
    expect(session.epoch).toBe(2);
    expect(session.network.layerSpecs()).toEqual(trained);

    expect(session.follow({ ...inputs, samples: moreData, shape: { ...inputs.shape, hidden: [4] } })).toBe(true);
    expect(session.epoch).toBe(0);
    expect(session.specs[0]!.biases).toHaveLength(4);
  });

  it('shows the test accuracy of the current weights, and reset brings back the seed’s weights', () => {
    const session = new PlaygroundSession(inputs);
    session.refresh();
    const start = session.network.layerSpecs();
    const test = samples.filter((sample) => sample.test);
    expect(session.testAccuracy).toBe(session.network.evaluate(test).accuracy);
    for (let e = 0; e < 20; e++) session.stepEpoch();
    expect(session.testAccuracy).toBe(session.network.evaluate(test).accuracy);
    expect(session.network.layerSpecs()).not.toEqual(start);
    session.playing = true;
    session.reset();
    expect(session.playing).toBe(false);
    expect(session.epoch).toBe(0);
    expect(session.network.layerSpecs()).toEqual(start);
  });
});
