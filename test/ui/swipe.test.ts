import { describe, expect, it } from 'vitest';
import { SWIPE_DISTANCE, swipeDirection } from '../../src/ui/swipe';

describe('what a finger moving on the player means', () => {
  it('right to left far enough is the next step, left to right the previous', () => {
    expect(swipeDirection(-SWIPE_DISTANCE, 0)).toBe('next');
    expect(swipeDirection(-200, 30)).toBe('next');
    expect(swipeDirection(SWIPE_DISTANCE, 0)).toBe('previous');
    expect(swipeDirection(150, -20)).toBe('previous');
  });

  it('a short nudge is nothing', () => {
    expect(swipeDirection(-(SWIPE_DISTANCE - 1), 0)).toBeUndefined();
    expect(swipeDirection(10, 0)).toBeUndefined();
  });

  it('a move that is not mostly sideways is a scroll, not a swipe', () => {
    expect(swipeDirection(-100, 60)).toBeUndefined();
    expect(swipeDirection(100, -51)).toBeUndefined();
    expect(swipeDirection(-100, 50)).toBe('next');
    expect(swipeDirection(5, 300)).toBeUndefined();
  });
});
