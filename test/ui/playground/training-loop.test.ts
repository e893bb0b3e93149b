import { afterEach, describe, expect, it, vi } from 'vitest';
import { trainInFrames } from '../../../src/ui/playground/training-loop';

/** Animation frames run by hand: `frame()` runs the callback the loop asked for. */
function fakeFrames() {
  let pending: FrameRequestCallback | undefined;
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    pending = callback;
    return 1;
  });
  vi.stubGlobal('cancelAnimationFrame', () => {
    pending = undefined;
  });
  return {
    frame(): void {
      const callback = pending;
      pending = undefined;
      callback?.(0);
    },
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('training in animation frames', () => {
  it('trains at most one epoch per frame, then draws once', () => {
    const frames = fakeFrames();
    let batches = 0;
    let draws = 0;
    // Four batches an epoch, on a clock that never moves: only the epoch's end stops a frame.
    const stop = trainInFrames({ train: () => ++batches % 4 === 0, draw: () => draws++ }, 12, () => 0);
    frames.frame();
    expect([batches, draws]).toEqual([4, 1]);
    frames.frame();
    expect([batches, draws]).toEqual([8, 2]);
    stop();
    frames.frame();
    expect([batches, draws]).toEqual([8, 2]);
  });

  it('stops training within a frame once the time budget is spent, mid-epoch', () => {
    const frames = fakeFrames();
    let clock = 0;
    let batches = 0;
    let draws = 0;
    // Each batch takes 5 ms of a 12 ms budget; an epoch would take 100 batches.
    trainInFrames({ train: () => ((clock += 5), ++batches % 100 === 0), draw: () => draws++ }, 12, () => clock);
    frames.frame();
    expect([batches, draws]).toEqual([3, 1]);
  });
});
