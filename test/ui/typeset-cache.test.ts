import { afterEach, describe, expect, test, vi } from 'vitest';
import { TypesetCache, afterNextFrame, whenIdle } from '../../src/ui/typeset-cache';

describe('TypesetCache', () => {
  test('typesets a source once, then hands back the same result', () => {
    const typeset = vi.fn((source: string) => ({ html: `<b>${source}</b>` }));
    const cache = new TypesetCache(typeset);
    const first = cache.get('x^2');
    expect(cache.get('x^2')).toBe(first);
    expect(typeset).toHaveBeenCalledTimes(1);
    cache.get('y');
    expect(typeset).toHaveBeenCalledTimes(2);
  });

  test('forgets the least recently used source once it holds 400, and keeps one used lately', () => {
    const typeset = vi.fn((source: string) => source.toUpperCase());
    const cache = new TypesetCache(typeset);
    for (let i = 0; i < 400; i++) cache.get(`s${i}`);
    cache.get('s0'); // used again: now the most recent
    cache.get('s400'); // one too many: s1 is the oldest and goes
    typeset.mockClear();
    cache.get('s0');
    expect(typeset).not.toHaveBeenCalled();
    cache.get('s1');
    expect(typeset).toHaveBeenCalledWith('s1');
  });
});

describe('whenIdle', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('runs every task when the runtime is idle, in order, and a failing task does not stop the rest', async () => {
    vi.useFakeTimers();
    const ran: number[] = [];
    whenIdle([
      () => ran.push(1),
      () => {
        throw new Error('bad formula');
      },
      () => ran.push(3),
    ]);
    expect(ran).toEqual([]);
    await vi.runAllTimersAsync();
    expect(ran).toEqual([1, 3]);
  });

  test('after the returned function is called, no task runs', async () => {
    vi.useFakeTimers();
    const ran: number[] = [];
    const cancel = whenIdle([() => ran.push(1), () => ran.push(2)]);
    cancel();
    await vi.runAllTimersAsync();
    expect(ran).toEqual([]);
  });
});

describe('afterNextFrame', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('runs the task once, later, and swallows its error', async () => {
    vi.useFakeTimers();
    const ran: string[] = [];
    afterNextFrame(() => ran.push('card'));
    afterNextFrame(() => {
      throw new Error('bad formula');
    });
    expect(ran).toEqual([]);
    await vi.runAllTimersAsync();
    expect(ran).toEqual(['card']);
  });

  test('after the returned function is called, the task does not run', async () => {
    vi.useFakeTimers();
    const ran: string[] = [];
    const cancel = afterNextFrame(() => ran.push('card'));
    cancel();
    await vi.runAllTimersAsync();
    expect(ran).toEqual([]);
  });
});
