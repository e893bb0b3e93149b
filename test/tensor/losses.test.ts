import { describe, it, expect } from 'vitest';
import { activation } from '../../src/tensor/activations';
import { loss } from '../../src/tensor/losses';

function batchOf(logits: number[], targets: number[], outputName: 'sigmoid' | 'softmax', outputs: number) {
  const a = Float32Array.from(logits);
  const z = new Float32Array(a.length);
  activation(outputName).forward(a, z, a.length / outputs, outputs);
  return { logits: a, output: z, targets: Float32Array.from(targets), batch: a.length / outputs, outputs };
}

describe('losses at extreme logits', () => {
  it('cross_entropy stays finite and exact when a logit is huge', () => {
    const batch = batchOf([1000, 0, -1000, 0, 1000, 0], [1, 0, 0, 1, 0, 0], 'softmax', 3);
    // Sample 1 is sure and right (loss ≈ 0); sample 2 puts all mass on class 1 but the answer is class 0: loss 1000.
    expect(loss('cross_entropy').value(batch)).toBeCloseTo((0 + 1000) / 2, 6);
    const delta = new Float32Array(6);
    loss('cross_entropy').outputDelta(delta, batch, activation('softmax'));
    expect(Array.from(delta)).toEqual([0, 0, 0, -0.5, 0.5, 0]);
  });

  it('bce stays finite when the sigmoid saturates to exactly 0 or 1 in float32', () => {
    const batch = batchOf([200, -200], [0, 1], 'sigmoid', 2);
    expect(Array.from(batch.output)).toEqual([1, 0]);
    // −log(1 − σ(200)) = softplus(200) = 200, the same for the other; mean over K = 2 elements.
    expect(loss('bce').value(batch)).toBeCloseTo(200, 6);
  });

  it('a loss that needs a particular output activation says so', () => {
    const batch = batchOf([0.5, 0.5], [0, 1], 'sigmoid', 2);
    expect(() => loss('cross_entropy').outputDelta(new Float32Array(2), batch, activation('sigmoid'))).toThrow(
      'loss cross_entropy needs a softmax output layer, not sigmoid',
    );
    expect(() => activation('softmax').multiplyDerivative(new Float32Array(1), new Float32Array(1), new Float32Array(1), 1)).toThrow(/folded into the cross-entropy/);
  });
});
