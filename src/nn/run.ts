/**
 * Runs a problem file on the scalar engine: forward for every sample, the (mean) loss, backward,
 * and one gradient-descent step when the problem gives a learning rate. Optionally recorded, in
 * which case a second forward pass after the update shows the new loss beside the old.
 */
import type { Problem } from '../data/problem';
import type { PackedTrace } from '../engine/packed-trace';
import { recordCompact, recordTrace } from '../engine/tape';
import type { TraceData } from '../engine/trace-data';
import type { Value } from '../engine/value';
import { MLP, batchLoss, gradientDescentStep, sampleLoss, type ForwardPass } from './mlp';
import type { GradResult, LayerResult, Matrix, Vector } from '../data/result';

export interface ScalarRun {
  result: GradResult;
  network: MLP;
  passes: ForwardPass[];
  loss: Value;
  /** The loss after the update (when the problem has a learning rate and the run re-forwards). */
  lossAfterUpdate?: number;
}

const values = (nodes: readonly Value[]): Vector => nodes.map((node) => node.data);
const grads = (nodes: readonly Value[]): Vector => nodes.map((node) => node.grad);

function forwardAll(network: MLP, problem: Problem): { passes: ForwardPass[]; loss: Value } {
  const batch = !problem.singleSample;
  const passes = problem.inputs.map((input, i) => network.forward(input, batch ? i + 1 : undefined));
  const losses = passes.map((pass, i) => sampleLoss(problem.loss, pass, problem.targets[i]!, batch ? i + 1 : undefined));
  return { passes, loss: batchLoss(losses) };
}

/** Collects one sample's vectors, or one vector per sample for a batch. */
function perSample(problem: Problem, passes: readonly ForwardPass[], pick: (pass: ForwardPass) => Vector): Vector | Matrix {
  const rows = passes.map(pick);
  return problem.singleSample ? rows[0]! : rows;
}

function run(problem: Problem, reforward: boolean): ScalarRun {
  const network = MLP.fromSpec(problem.layers);
  const { passes, loss } = forwardAll(network, problem);
  loss.backward();

  const layers: LayerResult[] = network.layers.map((layer, index) => ({
    a: perSample(problem, passes, (pass) => values(pass.a[index]!)),
    z: perSample(problem, passes, (pass) => values(pass.z[index]!)),
    delta: perSample(problem, passes, (pass) => grads(pass.a[index]!)),
    gradWeights: layer.W.map(grads),
    gradBiases: grads(layer.b),
  }));
  const lastLayer = network.layers.length - 1;
  const result: GradResult = {
    loss: loss.data,
    output: perSample(problem, passes, (pass) => values(pass.z[lastLayer]!)),
    layers,
  };

  const scalarRun: ScalarRun = { result, network, passes, loss };
  if (problem.learningRate !== undefined) {
    gradientDescentStep(network.parameters(), problem.learningRate);
    network.layers.forEach((layer, index) => {
      layers[index]!.newWeights = layer.W.map(values);
      layers[index]!.newBiases = values(layer.b);
    });
    if (reforward) scalarRun.lossAfterUpdate = forwardAll(network, problem).loss.data;
  }
  return scalarRun;
}

/** The gradients of a problem, unrecorded (the fast path for CLI answers and checks). */
export function runProblem(problem: Problem): ScalarRun {
  return run(problem, false);
}

/** The same run, recorded step by step, followed by a second forward pass after the update. */
export function traceProblem(problem: Problem): ScalarRun & { trace: TraceData } {
  const { result, trace } = recordTrace(() => run(problem, true));
  return { ...result, trace };
}

/** The same recording, packed for a worker to post (an MNIST network's trace has 300,000 steps). */
export function traceProblemPacked(problem: Problem): ScalarRun & { packed: PackedTrace } {
  const { result, tape } = recordCompact(() => run(problem, true));
  return { ...result, packed: tape.toPacked() };
}
