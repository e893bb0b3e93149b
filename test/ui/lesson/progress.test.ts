import { describe, expect, it } from 'vitest';
import { PROGRESS_VERSION, emptyProgress, loadProgress, markSeen, markSolved, mergeProgress, serializeProgress, summarize } from '../../../src/ui/lesson/progress';

describe('saved lesson progress', () => {
  it('nothing saved is a fresh start without a notice', () => {
    expect(loadProgress(null)).toEqual({ progress: emptyProgress() });
  });

  it('round-trips through its serialized form', () => {
    let progress = markSeen(emptyProgress(), 'perceptron', 2);
    progress = markSeen(progress, 'perceptron', 0);
    progress = markSolved(progress, 'perceptron', 'update');
    const loaded = loadProgress(serializeProgress(progress));
    expect(loaded.notice).toBeUndefined();
    expect(loaded.progress.lessons['perceptron']).toEqual({ seen: [0, 2], solved: ['update'] });
  });

  it.each([
    ['not JSON at all', '{"version": 1, "less', 'damaged'],
    ['an array', '[1, 2]', 'not progress data'],
    ['another version', JSON.stringify({ version: PROGRESS_VERSION + 1, lessons: {} }), 'another version'],
    ['no lesson list', JSON.stringify({ version: PROGRESS_VERSION }), 'lesson list is missing'],
    ['steps that are not indices', JSON.stringify({ version: PROGRESS_VERSION, lessons: { a: { seen: [-1], solved: [] } } }), 'entry for "a"'],
    ['seen as a string', JSON.stringify({ version: PROGRESS_VERSION, lessons: { a: { seen: 'all', solved: [] } } }), 'entry for "a"'],
    ['solved ids that are not strings', JSON.stringify({ version: PROGRESS_VERSION, lessons: { a: { seen: [], solved: [3] } } }), 'entry for "a"'],
    ['a lesson that is null', JSON.stringify({ version: PROGRESS_VERSION, lessons: { a: null } }), 'entry for "a"'],
  ])('discards %s with a notice and starts afresh', (_what, raw, reason) => {
    const loaded = loadProgress(raw);
    expect(loaded.progress).toEqual(emptyProgress());
    expect(loaded.notice).toContain(reason);
    expect(loaded.notice).toContain('reset');
  });

  it('tidies duplicates and order in otherwise valid data', () => {
    const loaded = loadProgress(JSON.stringify({ version: PROGRESS_VERSION, lessons: { a: { seen: [3, 1, 3], solved: ['x', 'x'] } } }));
    expect(loaded.progress.lessons['a']).toEqual({ seen: [1, 3], solved: ['x'] });
  });

  it('marking something already marked returns the same object (so nothing is saved again)', () => {
    const once = markSeen(emptyProgress(), 'a', 1);
    expect(markSeen(once, 'a', 1)).toBe(once);
    const solved = markSolved(once, 'a', 'q');
    expect(markSolved(solved, 'a', 'q')).toBe(solved);
  });

  it('summarizes against the lesson as it is now, ignoring steps and exercises it no longer has', () => {
    const progress = loadProgress(JSON.stringify({ version: PROGRESS_VERSION, lessons: { a: { seen: [0, 1, 2, 9], solved: ['q', 'gone'] } } })).progress;
    expect(summarize(progress, 'a', 3, ['q', 'r'])).toEqual({ seen: 3, steps: 3, solved: 1, exercises: 2, complete: false });
    expect(summarize(progress, 'a', 3, ['q'])).toMatchObject({ complete: true });
    expect(summarize(progress, 'b', 4, ['q'])).toEqual({ seen: 0, steps: 4, solved: 0, exercises: 1, complete: false });
  });

  it('merges what two tabs recorded: the union of seen steps and solved exercises, whichever wrote last', () => {
    const base = markSeen(emptyProgress(), 'perceptron', 0);
    const tabA = markSolved(markSeen(base, 'perceptron', 2), 'perceptron', 'rule');
    const tabB = markSeen(markSeen(markSolved(base, 'perceptron', 'bias'), 'perceptron', 1), 'chain-rule', 4);
    const merged = mergeProgress(tabA, tabB);
    expect(merged.lessons).toEqual({
      perceptron: { seen: [0, 1, 2], solved: ['rule', 'bias'] },
      'chain-rule': { seen: [4], solved: [] },
    });
    expect(mergeProgress(tabB, tabA).lessons['perceptron']).toEqual({ seen: [0, 1, 2], solved: ['bias', 'rule'] });
    // Nothing new: the same object, so the reactive state does not change.
    expect(mergeProgress(merged, tabA)).toBe(merged);
    expect(mergeProgress(merged, emptyProgress())).toBe(merged);
  });
});
