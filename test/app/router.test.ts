import { describe, expect, test } from 'vitest';
import { href, parseHash } from '../../src/app/router.svelte';

describe('parseHash', () => {
  test('an empty hash, a bare # and #/ are all the home page', () => {
    for (const hash of ['', '#', '#/']) expect(parseHash(hash).path).toBe('/');
  });

  test('a trailing or doubled slash does not make a different page', () => {
    expect(parseHash('#/player/').path).toBe('/player');
    expect(parseHash('#//lessons//chain-rule').path).toBe('/lessons/chain-rule');
  });

  test('the query after ? is split off the path and parsed', () => {
    const location = parseHash('#/player?step=3&lesson=neuron');
    expect(location.path).toBe('/player');
    expect(location.query.get('step')).toBe('3');
    expect(location.query.get('lesson')).toBe('neuron');
  });

  test('href and parseHash round-trip an app path', () => {
    expect(parseHash(href('/player')).path).toBe('/player');
  });
});
