/**
 * One run of predict mode through a trace: what the student has typed at the stop on screen, the
 * verdict on it, and which stops they predicted right. The verdict belongs to the stop where it
 * was given and goes when the player moves; the tally stays, for the scores at the end of each
 * phase and of the trace.
 */
import { SvelteMap } from 'svelte/reactivity';
import { formatNumber } from '../../engine/format';
import { DEFAULT_TOLERANCE, withinTolerance } from '../../nn/grading';

export interface Verdict {
  /** The stop it is about. */
  step: number;
  /** Right within the grader's tolerance; undefined when the answer was revealed or the guess is unreadable. */
  right?: boolean;
  text: string;
}

export interface Score {
  right: number;
  asked: number;
}

export class PredictSession {
  /** What is typed in the prediction box. */
  draft = $state('');
  verdict: Verdict | undefined = $state();
  /** Stops whose result has been shown, each with whether it was predicted right. */
  private readonly outcomes = new SvelteMap<number, boolean>();
  /** The stop on screen, as last reported by the player. */
  private at = -1;

  /** Whether the stop's result has been shown (guessed or revealed). */
  answered(step: number): boolean {
    return this.outcomes.has(step);
  }

  /** Judges what is typed: the result is shown either way, unless what is typed is not a number. */
  submit(step: number, expected: number): void {
    const typed = this.draft.trim();
    if (typed === '') return this.reveal(step, expected);
    const given = Number(typed.replaceAll('−', '-').replace(/\s*×\s*10\^?/, 'e'));
    if (!Number.isFinite(given)) {
      this.verdict = { step, text: `“${typed}” is not a number: type one such as 0.0822 or 4.386e-4, or leave the box empty to see the answer.` };
      return;
    }
    const right = withinTolerance(given, expected, DEFAULT_TOLERANCE);
    this.outcomes.set(step, right);
    this.verdict = { step, right, text: right ? `Right: ${formatNumber(expected)}.` : `Not quite: it is ${formatNumber(expected)} (you said ${formatNumber(given)}).` };
  }

  /** Shows the result without a guess: it counts as not predicted. */
  reveal(step: number, expected: number): void {
    this.outcomes.set(step, false);
    this.verdict = { step, text: `The result is ${formatNumber(expected)}.` };
  }

  /** The player moved to `step`: feedback and typing from another stop go. */
  arrive(step: number): void {
    if (step === this.at) return;
    this.at = step;
    this.draft = '';
    if (this.verdict !== undefined && this.verdict.step !== step) this.verdict = undefined;
  }

  /** How many of the stops asked about were predicted right. */
  score(questions: readonly number[]): Score {
    return { right: questions.filter((step) => this.outcomes.get(step) === true).length, asked: questions.length };
  }
}
