import { describe, it, expect } from 'vitest';
import { countNodes, learningRate, trainMoons, type MoonsRun } from '../../bench/moons-workload';
import { Value } from '../../src/engine/value';

// 20 of the benchmark's 100 steps: enough to see learning, quick enough for every test run.
const STEPS = 20;

describe('the moons benchmark workload', () => {
  // Trained once for all the tests below; each run builds its network afresh from the same seeds.
  const recorded: MoonsRun = trainMoons({ steps: STEPS, record: true });
  const plain: MoonsRun = trainMoons({ steps: STEPS, record: false });

  it('learns: the loss falls and the accuracy rises over 20 steps', () => {
    const first = plain.steps[0]!;
    const last = plain.steps[STEPS - 1]!;
    expect(plain.steps).toHaveLength(STEPS);
    expect(last.loss).toBeLessThan(first.loss / 2);
    expect(last.accuracy).toBeGreaterThan(first.accuracy);
    expect(last.accuracy).toBeGreaterThanOrEqual(0.8);
  });

  it('gives the same losses, accuracies and parameters with recording on as with it off', () => {
    expect(recorded.steps.map((step) => step.loss)).toEqual(plain.steps.map((step) => step.loss));
    expect(recorded.steps.map((step) => step.accuracy)).toEqual(plain.steps.map((step) => step.accuracy));
    expect(recorded.parameters).toEqual(plain.parameters);
  });

  it('gives the same run twice, because the data and the weights come from fixed seeds', () => {
    expect(trainMoons({ steps: 3, record: false }).parameters).toEqual(trainMoons({ steps: 3, record: false }).parameters);
  });

  it('trains a 2-16-16-1 network: 337 weights and biases', () => {
    expect(plain.parameters).toHaveLength(2 * 16 + 16 + 16 * 16 + 16 + 16 + 1);
  });

  it('records every training step on a tape of its own, holding the whole graph', () => {
    for (const step of recorded.steps) {
      // One forward step per computed node and at least one backward step per parameter.
      expect(step.recordedSteps).toBeGreaterThan(step.nodes);
      // Each step's tape is fresh, so each holds the same number of nodes: nothing piles up.
      expect(step.nodes).toBe(recorded.steps[0]!.nodes);
    }
    expect(plain.steps.every((step) => step.recordedSteps === 0)).toBe(true);
  });

  it('counts the same nodes per step by traversal (recording off) as the tape holds (recording on)', () => {
    expect(plain.steps.map((step) => step.nodes)).toEqual(recorded.steps.map((step) => step.nodes));
  });

  it('decays the learning rate from 1 by 0.9/100 per step, as micrograd does', () => {
    expect([learningRate(0), learningRate(50), learningRate(99)].map((rate) => Number(rate.toFixed(12)))).toEqual([1, 0.55, 0.109]);
  });
});

describe('countNodes', () => {
  it('counts a node used twice once, and constants too', () => {
    const a = Value.leaf(2);
    const b = a.add(a); // a, b
    const c = b.mul(3); // the constant 3, c
    expect(countNodes(c)).toBe(4);
  });
});
