/**
 * The classic worked example of backpropagation (a 2-2-2 sigmoid network with half squared error,
 * as published in Matt Mazur's "A Step by Step Backpropagation Example"), with one bias per neuron.
 */
import { parseProblem, type Problem } from '../../src/data/problem';

export const CLASSIC_PROBLEM_JSON = {
  layers: [
    { weights: [[0.15, 0.2], [0.25, 0.3]], biases: [0.35, 0.35], activation: 'sigmoid' },
    { weights: [[0.4, 0.45], [0.5, 0.55]], biases: [0.6, 0.6], activation: 'sigmoid' },
  ],
  input: [0.05, 0.1],
  target: [0.01, 0.99],
  loss: 'half_sse',
  learningRate: 0.5,
};

export function classicProblem(): Problem {
  return parseProblem(structuredClone(CLASSIC_PROBLEM_JSON));
}
