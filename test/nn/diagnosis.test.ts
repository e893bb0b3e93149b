/**
 * Each known mistake, made by hand on a small network (the arithmetic written out here, apart from
 * tracegrad's backward passes), must be named by the diagnosis of the wrong numbers it gives.
 */
import { describe, expect, it } from 'vitest';
import { parseProblem, type Problem } from '../../src/data/problem';
import { figuresToKeep, type DiagnosisKind } from '../../src/nn/diagnosis';
import { DEFAULT_TOLERANCE, gradeAnswers, type Grading } from '../../src/nn/grading';
import { runProblem } from '../../src/nn/run';

type Vec = number[];
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const matVec = (W: Vec[], v: Vec): Vec => W.map((row) => row.reduce((sum, w, k) => sum + w * v[k]!, 0));
const add = (u: Vec, v: Vec): Vec => u.map((x, i) => x + v[i]!);
const times = (u: Vec, v: Vec): Vec => u.map((x, i) => x * v[i]!);
const outer = (u: Vec, v: Vec): Vec[] => u.map((x) => v.map((y) => x * y));
const sigmoidSlope = (z: Vec): Vec => z.map((s) => s * (1 - s));

// The classic 2-2-2 sigmoid network with ½ Σ (ŷ − y)² and α = 0.5; W^{[2]} is square and not symmetric.
const W1 = [[0.15, 0.2], [0.25, 0.3]];
const b1 = [0.35, 0.35];
const W2 = [[0.4, 0.45], [0.5, 0.55]];
const b2 = [0.6, 0.6];
const x = [0.05, 0.1];
const y = [0.01, 0.99];
const classic: Problem = parseProblem({
  layers: [{ weights: W1, biases: b1, activation: 'sigmoid' }, { weights: W2, biases: b2, activation: 'sigmoid' }],
  input: x,
  target: y,
  loss: 'half_sse',
  learningRate: 0.5,
});

/** The forward pass and the right δ^{[2]}, by hand. */
function forward(input: Vec): { z1: Vec; z2: Vec; delta2: Vec } {
  const z1 = add(matVec(W1, input), b1).map(sigmoid);
  const z2 = add(matVec(W2, z1), b2).map(sigmoid);
  return { z1, z2, delta2: times(z2.map((p, k) => p - y[k]!), sigmoidSlope(z2)) };
}

function grade(answers: unknown, problem: Problem = classic): Grading {
  return gradeAnswers(answers, problem, runProblem(problem).result, DEFAULT_TOLERANCE);
}

/** The kind named for each wrong item (every item given is wrong in these sheets). */
function kinds(grading: Grading): (DiagnosisKind | undefined)[] {
  expect(grading.correct).toBe(0);
  return grading.items.map((item) => item.diagnosis?.kind);
}

describe('a wrong number named by the mistake that gives it', () => {
  const { z1, z2, delta2 } = forward(x);

  it('names σ′(a) left out of δ', () => {
    const wrongDelta = z2.map((p, k) => p - y[k]!);
    const grading = grade({ layers: [null, { delta: wrongDelta, gradWeights: outer(wrongDelta, z1) }] });
    expect(new Set(kinds(grading))).toEqual(new Set(['sigma-prime-omitted']));
    expect(grading.items[0]!.diagnosis!.text).toMatch(/σ′\(a\) is left out of δ/);
  });

  it('names σ′ evaluated at z instead of a', () => {
    const wrongDelta = times(z2.map((p, k) => p - y[k]!), sigmoidSlope(z2.map(sigmoid)));
    expect(new Set(kinds(grade({ layers: [null, { delta: wrongDelta, gradWeights: outer(wrongDelta, z1) }] })))).toEqual(new Set(['sigma-prime-at-z']));
  });

  it('names the sign of (ŷ − y) flipped', () => {
    const wrongDelta = times(z2.map((p, k) => y[k]! - p), sigmoidSlope(z2));
    const grading = grade({ layers: [null, { delta: wrongDelta, gradBiases: wrongDelta }] });
    expect(new Set(kinds(grading))).toEqual(new Set(['sign-flipped']));
    expect(grading.items[0]!.diagnosis!.text).toContain('ŷ − y, not y − ŷ');
  });

  it('names W^{[2]} not transposed when δ is sent back', () => {
    const wrongDelta1 = times(matVec(W2, delta2), sigmoidSlope(z1));
    const grading = grade({ layers: [{ delta: wrongDelta1, gradWeights: outer(wrongDelta1, x) }] });
    expect(new Set(kinds(grading))).toEqual(new Set(['not-transposed']));
    expect(grading.items[0]!.diagnosis!.text).toContain('not transposed');
  });

  it('names z^{[l]} used where z^{[l-1]} belongs in ∂ℒ/∂W', () => {
    const grading = grade({ layers: [null, { gradWeights: outer(delta2, z2) }] });
    expect(new Set(kinds(grading))).toEqual(new Set(['same-layer-activation']));
  });

  it('names the step taken uphill, W + α∇, when the gradients given are right', () => {
    const gradient = outer(delta2, z1);
    const uphill = W2.map((row, j) => row.map((w, k) => w + 0.5 * gradient[j]![k]!));
    const grading = grade({ layers: [null, { gradWeights: gradient, newWeights: uphill }] });
    expect(grading.correct).toBe(4);
    expect(grading.items.filter((item) => !item.ok).map((item) => item.diagnosis?.kind)).toEqual(['uphill', 'uphill', 'uphill', 'uphill']);
    expect(grading.items.find((item) => !item.ok)!.diagnosis!.text).toContain('W − α ∂ℒ/∂W, not W + α ∂ℒ/∂W');
  });

  it('calls the same updated weights a flipped sign when the gradients given are flipped too', () => {
    const flipped = outer(delta2, z1).map((row) => row.map((g) => -g));
    const updated = W2.map((row, j) => row.map((w, k) => w - 0.5 * flipped[j]![k]!));
    expect(new Set(kinds(grade({ layers: [null, { gradWeights: flipped, newWeights: updated }] })))).toEqual(new Set(['sign-flipped']));
  });

  it('names the batch mean’s 1/B left out', () => {
    const inputs = [x, [0.5, -0.2], [-0.3, 0.8]];
    const batch = parseProblem({ layers: classic.layers, inputs, targets: [y, y, y], loss: 'half_sse' });
    const passes = inputs.map(forward);
    const summed = passes.map(({ z1: hidden, delta2: d }) => outer(d, hidden)).reduce((total, g) => total.map((row, j) => add(row, g[j]!)));
    const summedLoss = passes.reduce((total, { z2: out }) => total + out.reduce((sum, p, k) => sum + (p - y[k]!) ** 2, 0) / 2, 0);
    const grading = grade({ loss: summedLoss, layers: [null, { gradWeights: summed }] }, batch);
    expect(new Set(kinds(grading))).toEqual(new Set(['batch-mean-dropped']));
    expect(grading.items[0]!.diagnosis!.text).toContain('1/B');
  });

  it('calls a number within 1 % of the answer a rounding slip and says how many figures pass', () => {
    const grading = grade({ layers: [null, { gradWeights: [[outer(delta2, z1)[0]![0]! * 1.006]] }] });
    const expected = grading.items[0]!.expected;
    expect(grading.items[0]!.diagnosis).toEqual({ kind: 'rounding', text: `Within 1 % of the answer, so a rounding slip: give ${figuresToKeep(expected, DEFAULT_TOLERANCE)} significant figures (and carry more through the working).` });
    // 0.082167… needs 3 figures (0.0822, 0.04 % off); 0.08 (2.6 % off) and 0.082 (0.2 %) fail at rtol 1e-3.
    expect(figuresToKeep(expected, DEFAULT_TOLERANCE)).toBe(3);
  });

  it('names nothing for a number no known mistake gives, and leaves right numbers alone', () => {
    const grading = gradeAnswers({ loss: 12.5, layers: [null, { delta: delta2 }] }, classic, runProblem(classic).result);
    expect(grading.items.map((item) => [item.ok, item.diagnosis])).toEqual([[false, undefined], [true, undefined], [true, undefined]]);
  });
});

describe('the mistakes on other activations and losses', () => {
  it('names σ′ left out of the hidden δ of a tanh layer under cross-entropy', () => {
    const problem = parseProblem({
      layers: [{ weights: [[0.3, -0.6], [0.8, 0.1]], biases: [0.1, 0.6], activation: 'tanh' }, { weights: [[0.5, -0.4], [-0.7, 0.9]], biases: [0, 0.1], activation: 'softmax' }],
      input: [0.4, -0.9],
      target: 1,
      loss: 'cross_entropy',
    });
    const a1 = problem.layers[0]!.weights.map((row, j) => row[0]! * 0.4 + row[1]! * -0.9 + problem.layers[0]!.biases[j]!);
    const z1 = a1.map(Math.tanh);
    const a2 = problem.layers[1]!.weights.map((row, j) => row[0]! * z1[0]! + row[1]! * z1[1]! + problem.layers[1]!.biases[j]!);
    const exps = a2.map(Math.exp);
    const p = exps.map((e) => e / (exps[0]! + exps[1]!));
    const delta2 = [p[0]!, p[1]! - 1];
    // Wᵀ δ^{[2]} without the factor 1 − tanh²(a^{[1]}).
    const sentBack = [0, 1].map((k) => problem.layers[1]!.weights.reduce((sum, row, j) => sum + row[k]! * delta2[j]!, 0));
    const grading = grade({ layers: [{ delta: sentBack, gradWeights: outer(sentBack, [0.4, -0.9]) }] }, problem);
    expect(new Set(kinds(grading))).toEqual(new Set(['sigma-prime-omitted']));
  });
});
