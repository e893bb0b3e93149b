/**
 * The sentence of a step (engine/narration.ts), kept for the last few steps: the spoken line and
 * the formula card's words say the same sentence, and the player builds the next stop's between
 * presses, so a press builds none.
 */
import { narrateStep } from '../../engine/narration';
import type { Trace } from '../../engine/trace';
import { StepMemo } from './step-memo';

const sentences = new StepMemo<string>();

/** The step in words; `ask`: predict mode's question instead of the result. */
export function stepSentence(trace: Trace, step: number, ask = false): string {
  return sentences.get(trace, `${step}:${ask}`, () => narrateStep(trace, step, ask));
}
