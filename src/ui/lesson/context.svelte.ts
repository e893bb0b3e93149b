/**
 * How the pieces of a lesson find each other. The lesson page creates one LessonState and puts it in
 * the context; every `<Step>` in the lesson registers with it as it is created (document order is
 * step order) and shows its content only while it is the current step. An embedded player claims
 * the arrow keys through `keyHandler` while it is on screen. Exercises put their hint and
 * explanation snippets in an ExerciseParts of their own.
 */
import { getContext, setContext, type Snippet } from 'svelte';
import type { LinkTo } from '../links';

/** What a widget that takes the keys answers, as Player.handleKey does. */
export type KeyResult = 'handled' | 'ignored' | 'at-end' | 'at-start';

export interface RegisteredStep {
  title: string;
  /** The name exercises use to point back at this step (`revisit="…"`). */
  id: string | undefined;
}

export class LessonState {
  /** Filled as the steps are created; not reactive (read once the lesson has mounted). */
  readonly steps: RegisteredStep[] = [];
  /** The step on screen, 0-based. */
  current = $state(0);
  presenting = $state(false);
  /** The widget on the current step that wants the arrow keys first, if any. */
  keyHandler: ((event: KeyboardEvent) => KeyResult) | undefined;
  /** True when the current step was entered by going back, so a player there starts at its end. */
  enteredBackwards = false;
  /**
   * The stop (1-based, as its counter numbers them) of the player on the current step, if it has
   * one: a link's `stop=k` opens it there, and the URL keeps it as the player moves.
   */
  playerStop: number | undefined = $state();

  /** `linkTo` is the app's link builder (see ui/links.ts). */
  constructor(
    readonly lessonId: string,
    private readonly linkTo: LinkTo,
  ) {}

  register(title: string, id: string | undefined): number {
    this.steps.push({ title, id });
    return this.steps.length - 1;
  }

  /** The index of the step with this id; undefined (and a console error, for the tests) if none. */
  indexOf(id: string): number | undefined {
    const index = this.steps.findIndex((step) => step.id === id);
    if (index !== -1) return index;
    console.error(`lesson ${this.lessonId}: no step with id "${id}"`);
    return undefined;
  }

  /** The link to a step (0-based), as the URL spells it (1-based). */
  hrefOf(index: number): string {
    return this.linkTo(`/lesson?id=${encodeURIComponent(this.lessonId)}&step=${index + 1}`);
  }
}

const LESSON = Symbol('lesson');

export function provideLesson(state: LessonState): void {
  setContext(LESSON, state);
}

export function useLesson(): LessonState {
  const state = getContext<LessonState | undefined>(LESSON);
  if (state === undefined) throw new Error('a lesson component was used outside a lesson page');
  return state;
}

/** Optional: widgets also work outside a lesson (e.g. in a test page), just without key routing. */
export function maybeLesson(): LessonState | undefined {
  return getContext<LessonState | undefined>(LESSON);
}

/** Where an exercise stands: not checked yet, right, wrong, or not readable as an answer. */
export type ExerciseStatus = 'idle' | 'right' | 'wrong' | 'unreadable';

/** The parts an exercise gets from its `<Hint>` and `<Explain>` children. */
export interface ExerciseParts {
  hint?: Snippet;
  explain?: Snippet;
}

const EXERCISE = Symbol('exercise');

export function provideExercise(parts: ExerciseParts): void {
  setContext(EXERCISE, parts);
}

export function useExercise(): ExerciseParts {
  const parts = getContext<ExerciseParts | undefined>(EXERCISE);
  if (parts === undefined) throw new Error('<Hint> and <Explain> go inside an exercise (<Numeric>, <Choice> or <Formula>)');
  return parts;
}

/** A multiple-choice question's shared state: its options register in order. */
export class ChoiceState {
  selected: number | undefined = $state();
  /** Plain: filled as the options are created. */
  readonly correct: boolean[] = [];
  /** Once checked, options show which was right. */
  checked = $state(false);

  constructor(readonly name: string) {}

  register(correct: boolean): number {
    this.correct.push(correct);
    return this.correct.length - 1;
  }
}

const CHOICE = Symbol('choice');

export function provideChoice(state: ChoiceState): void {
  setContext(CHOICE, state);
}

export function useChoice(): ChoiceState {
  const state = getContext<ChoiceState | undefined>(CHOICE);
  if (state === undefined) throw new Error('<Option> goes inside <Choice>');
  return state;
}
