import { describe, expect, it } from 'vitest';
import { CONTROLS, SETTINGS, decodeSettings, defaultSettings, encodeSettings, normalize, type Settings } from '../../../src/ui/playground/settings';

/** A settings object with every field away from its default. */
function everythingChanged(): Settings {
  return normalize({
    data: 'custom',
    noise: 35,
    train: 70,
    seed: 4294967295,
    showTest: true,
    features: ['x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'],
    hidden: [8, 1, 3, 2, 5, 7],
    activation: 'relu',
    output: 'softmax-ce',
    lr: 0.003,
    batch: 27,
    reg: 'l1',
    regRate: 0.3,
    hide: ['noise', 'stepInto'],
    points: [
      { x: [1.25, -3.5], label: 2, test: false },
      { x: [-0.01, 6], label: 0, test: true },
    ],
  });
}

describe('the playground settings', () => {
  it('round-trip through the link: every setting, each away from its default', () => {
    const settings = everythingChanged();
    for (const key of Object.keys(SETTINGS) as (keyof Settings)[]) expect(settings[key]).not.toEqual(defaultSettings()[key]);
    const { settings: decoded, ignored } = decodeSettings(new URLSearchParams(encodeSettings(settings)));
    expect(ignored).toEqual([]);
    expect(decoded).toEqual(settings);
  });

  it('round-trip the defaults, and an empty link means the defaults', () => {
    expect(decodeSettings(new URLSearchParams(encodeSettings(defaultSettings()))).settings).toEqual(defaultSettings());
    expect(decodeSettings(new URLSearchParams('')).settings).toEqual(defaultSettings());
  });

  it('write every setting into the link (custom points only for custom data)', () => {
    const keys = [...new URLSearchParams(encodeSettings(defaultSettings())).keys()];
    expect(keys).toEqual(Object.keys(SETTINGS).filter((key) => key !== 'points'));
  });

  it('keep empty sets and no hidden layers apart from missing ones', () => {
    const settings = normalize({ ...defaultSettings(), hidden: [], hide: [...CONTROLS] });
    expect(decodeSettings(new URLSearchParams(encodeSettings(settings))).settings).toEqual(settings);
    expect(decodeSettings(new URLSearchParams('hide=-')).settings.hide).toEqual([]);
  });

  it('replace unreadable values by defaults and say which', () => {
    const { settings, ignored } = decodeSettings(new URLSearchParams('noise=80&hidden=9,2&lr=0.02&data=moons&seed=-1&features=x3&points=1,2'));
    expect(settings).toEqual(defaultSettings());
    expect(ignored).toEqual(['data=moons', 'noise=80', 'seed=-1', 'features=x3', 'hidden=9,2', 'lr=0.02', 'points=1,2: at most 1000 points, each coordinate from -100 to 100']);
  });

  it('refuse custom points the plane cannot draw, naming the limit', () => {
    // A million units out froze the tab drawing grid lines; 400 nines is Infinity, which blanked it.
    for (const points of ['1000000,1000000,0;-1000000,-1000000,1', `${'9'.repeat(400)},1,0`, '100.5,0,1', '0,-101,0']) {
      const { settings, ignored } = decodeSettings(new URLSearchParams({ data: 'custom', points }));
      expect(settings.points).toEqual([]);
      expect(ignored).toEqual([`points=${points.length > 24 ? `${points.slice(0, 24)}…` : points}: at most 1000 points, each coordinate from -100 to 100`]);
    }
    expect(decodeSettings(new URLSearchParams({ data: 'custom', points: '100,-100,1' })).settings.points).toEqual([{ x: [100, -100], label: 1, test: false }]);
  });

  it('need the softmax output for more than two classes, and at least one feature', () => {
    expect(normalize({ ...defaultSettings(), data: 'clusters' }).output).toBe('softmax-ce');
    expect(normalize({ ...defaultSettings(), features: [] }).features).toEqual(['x1']);
    expect(normalize({ ...defaultSettings(), features: ['sinx2', 'x1'] }).features).toEqual(['x1', 'sinx2']);
  });
});
