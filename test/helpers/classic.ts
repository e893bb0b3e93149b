/**
 * The classic worked example of backpropagation (a 2-2-2 sigmoid network with half squared error,
 * as published in Matt Mazur's "A Step by Step Backpropagation Example"), with one bias per neuron.
 */
import { findExample } from '../../src/data/examples';
import { parseProblem, problemToJson, type Problem } from '../../src/data/problem';

/** The example as its problem file writes it: W^{[1]} = [[.15,.20],[.25,.30]], b^{[1]} = .35, W^{[2]} = [[.40,.45],[.50,.55]], b^{[2]} = .60. */
export const CLASSIC_PROBLEM_JSON = problemToJson(findExample('classic')!.problem);

export function classicProblem(): Problem {
  return parseProblem(structuredClone(CLASSIC_PROBLEM_JSON));
}
