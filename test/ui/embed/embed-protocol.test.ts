import { describe, expect, it } from 'vitest';
import { readFrameMessage, readHostCommand } from '../../../src/ui/embed/protocol';
import { readEmbedRequest } from '../../../src/ui/embed/embed-query';
import { encodeProblem } from '../../../src/ui/player/problem-url';
import { EXAMPLES } from '../../../src/data/examples';

describe('host commands', () => {
  it('reads every command of the protocol', () => {
    for (const command of ['next', 'prev', 'first', 'last', 'status'] as const) {
      expect(readHostCommand({ target: 'tracegrad', command })).toEqual({ command });
    }
    expect(readHostCommand({ target: 'tracegrad', command: 'goto', stop: 7 })).toEqual({ command: 'goto', stop: 7 });
  });

  it.each([
    ['a string', 'next'],
    ['null', null],
    ['an array', [{ target: 'tracegrad', command: 'next' }]],
    ['no target', { command: 'next' }],
    ['another target', { target: 'reveal', command: 'next' }],
    ['the frame’s own field', { source: 'tracegrad', command: 'next' }],
    ['an unknown command', { target: 'tracegrad', command: 'jump' }],
    ['a goto without a stop', { target: 'tracegrad', command: 'goto' }],
    ['a goto to stop 0', { target: 'tracegrad', command: 'goto', stop: 0 }],
    ['a goto to a fraction', { target: 'tracegrad', command: 'goto', stop: 1.5 }],
    ['a goto with a string', { target: 'tracegrad', command: 'goto', stop: '3' }],
    ['a goto to infinity', { target: 'tracegrad', command: 'goto', stop: Infinity }],
  ])('ignores %s', (_what, data) => {
    expect(readHostCommand(data)).toBeUndefined();
  });
});

describe('frame messages', () => {
  it('reads ready, step and edge', () => {
    expect(readFrameMessage({ source: 'tracegrad', type: 'ready', stop: 1, stops: 9 })).toEqual({ source: 'tracegrad', type: 'ready', stop: 1, stops: 9 });
    expect(readFrameMessage({ source: 'tracegrad', type: 'step', stop: 9, stops: 9, phase: 'update' })).toEqual({ source: 'tracegrad', type: 'step', stop: 9, stops: 9, phase: 'update' });
    expect(readFrameMessage({ source: 'tracegrad', type: 'edge', at: 'start' })).toEqual({ source: 'tracegrad', type: 'edge', at: 'start' });
  });

  it.each([
    ['reveal.js’s own string', 'slide:start'],
    ['a stop past the end', { source: 'tracegrad', type: 'step', stop: 10, stops: 9, phase: 'forward' }],
    ['an unknown phase', { source: 'tracegrad', type: 'step', stop: 1, stops: 9, phase: 'sideways' }],
    ['an edge nowhere', { source: 'tracegrad', type: 'edge', at: 'middle' }],
    ['a command', { target: 'tracegrad', command: 'next' }],
  ])('ignores %s', (_what, data) => {
    expect(readFrameMessage(data)).toBeUndefined();
  });
});

describe('embed links', () => {
  const query = (text: string) => readEmbedRequest(new URLSearchParams(text));

  it('reads the player’s own parameters', () => {
    const request = query('example=classic&step=20&view=graph&granularity=neuron');
    expect(request).toMatchObject({ stop: 20, view: 'graph', granularity: 'neuron' });
    expect(request.problem).toBe(EXAMPLES.find((example) => example.id === 'classic')!.problem);
    expect(query('by=layer').granularity).toBe('layer');
    expect(query('').stop).toBe(1);
    const problem = EXAMPLES[1]!.problem;
    expect(query(`problem=${encodeProblem(problem)}`).problem.layers.length).toBe(problem.layers.length);
  });

  it('names the bad parameter in one line', () => {
    expect(() => query('example=nope')).toThrow(/no example called "nope"/);
    expect(() => query('step=0')).toThrow('step=0 is not a whole number of at least 1');
    expect(() => query('view=table')).toThrow('view=table is not one of network, graph, layers');
    expect(() => query('granularity=word')).toThrow('granularity=word is not one of op, neuron, layer');
    expect(() => query('problem=%%%')).toThrow(/damaged/);
  });
});
