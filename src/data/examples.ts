/**
 * The built-in networks the player opens with. Numbers are short enough to follow by hand; each
 * example is a problem file in the contract of problem.ts, so it can be downloaded and edited.
 */
import { parseProblem, type Problem } from './problem';

export interface Example {
  id: string;
  title: string;
  /** One sentence: what this example is good for. */
  summary: string;
  problem: Problem;
}

const definitions: { id: string; title: string; summary: string; file: Record<string, unknown> }[] = [
  {
    id: 'classic',
    title: 'The classic 2-2-2 worked example',
    summary: 'Two sigmoid layers and half squared error: the example backprop is usually taught with, step by step.',
    file: {
      layers: [
        { weights: [[0.15, 0.2], [0.25, 0.3]], biases: [0.35, 0.35], activation: 'sigmoid' },
        { weights: [[0.4, 0.45], [0.5, 0.55]], biases: [0.6, 0.6], activation: 'sigmoid' },
      ],
      input: [0.05, 0.1],
      target: [0.01, 0.99],
      loss: 'half_sse',
      learningRate: 0.5,
    },
  },
  {
    id: 'xor',
    title: 'XOR with one hidden layer (2-3-1)',
    summary: 'Three sigmoid hidden units and binary cross-entropy, partway through learning XOR: input (1, 0) should give 1.',
    file: {
      layers: [
        { weights: [[2.1, 2.3], [-1.9, -2.2], [0.5, -0.4]], biases: [-0.9, 2.8, 0.1], activation: 'sigmoid' },
        { weights: [[2.5, 2.2, 0.3]], biases: [-3.1], activation: 'sigmoid' },
      ],
      input: [1, 0],
      target: [1],
      loss: 'bce',
      learningRate: 0.5,
    },
  },
  {
    id: 'softmax',
    title: 'Softmax and cross-entropy (2-3-3)',
    summary: 'A ReLU hidden layer and a 3-class softmax output, where the output error is simply ŷ − y.',
    file: {
      layers: [
        { weights: [[0.6, -0.4], [-0.3, 0.8], [0.5, 0.5]], biases: [0.1, 0, -0.2], activation: 'relu' },
        { weights: [[0.7, -0.5, 0.2], [-0.6, 0.9, 0.4], [0.3, 0.2, -0.8]], biases: [0, 0.1, 0], activation: 'softmax' },
      ],
      input: [0.5, -1],
      target: 1,
      loss: 'cross_entropy',
      learningRate: 0.1,
    },
  },
  {
    id: 'deep',
    title: 'A deeper net (3-4-4-2)',
    summary: 'Two tanh hidden layers and a sigmoid output: δ travels back through three layers.',
    file: {
      layers: [
        {
          weights: [[0.2, -0.5, 0.3], [0.6, 0.1, -0.4], [-0.3, 0.7, 0.2], [0.4, 0.4, -0.6]],
          biases: [0.1, -0.1, 0.05, 0],
          activation: 'tanh',
        },
        {
          weights: [[0.5, -0.2, 0.3, 0.1], [-0.4, 0.6, 0.2, -0.3], [0.3, 0.3, -0.5, 0.4], [0.1, -0.6, 0.4, 0.2]],
          biases: [0, 0.1, -0.1, 0.05],
          activation: 'tanh',
        },
        { weights: [[0.7, -0.3, 0.5, 0.2], [-0.2, 0.6, -0.4, 0.3]], biases: [0.1, -0.1], activation: 'sigmoid' },
      ],
      input: [0.2, -0.4, 0.7],
      target: [1, 0],
      loss: 'half_sse',
      learningRate: 0.3,
    },
  },
];

export const EXAMPLES: readonly Example[] = definitions.map(({ file, ...rest }) => ({ ...rest, problem: parseProblem(file) }));

export function findExample(id: string): Example | undefined {
  return EXAMPLES.find((example) => example.id === id);
}
