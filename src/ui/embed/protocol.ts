/**
 * The messages an embedded player exchanges with the page around it (a slide deck, a course
 * page). The frame speaks with `source: 'tracegrad'`, the host with `target: 'tracegrad'`, so
 * each side can tell these apart from anything else posted to the window (reveal.js, for one,
 * posts its own strings to every iframe). `stop` and `stops` count the player's stops at its
 * granularity, from 1: the same numbers its step counter shows.
 */
import type { Phase } from '../../engine/trace';

export const PROTOCOL_NAME = 'tracegrad';

/** Frame → host: shown for the first time, after every change, and a press past either end. */
export type FrameMessage =
  | { source: typeof PROTOCOL_NAME; type: 'ready'; stop: number; stops: number }
  | { source: typeof PROTOCOL_NAME; type: 'step'; stop: number; stops: number; phase: Phase }
  | { source: typeof PROTOCOL_NAME; type: 'edge'; at: 'end' | 'start' };

/** Host → frame. `status` is answered with a `step` message. */
export type HostCommand =
  | { command: 'next' | 'prev' | 'first' | 'last' | 'status' }
  | { command: 'goto'; stop: number };

const PLAIN_COMMANDS = ['next', 'prev', 'first', 'last', 'status'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The command a posted message carries, or undefined for anything that is not one: another
 * library's message, a misspelt command, a `goto` without a whole stop number of at least 1.
 */
export function readHostCommand(data: unknown): HostCommand | undefined {
  if (!isRecord(data) || data.target !== PROTOCOL_NAME) return undefined;
  const command = data.command;
  if (command === 'goto') {
    const stop = data.stop;
    return typeof stop === 'number' && Number.isInteger(stop) && stop >= 1 ? { command, stop } : undefined;
  }
  const plain = PLAIN_COMMANDS.find((name) => name === command);
  return plain === undefined ? undefined : { command: plain };
}

const PHASES: readonly Phase[] = ['forward', 'loss', 'backward', 'update'];

function isStopCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/** The frame's message, or undefined for anything else: what a host (the reveal.js plugin) listens for. */
export function readFrameMessage(data: unknown): FrameMessage | undefined {
  if (!isRecord(data) || data.source !== PROTOCOL_NAME) return undefined;
  const { type, stop, stops } = data;
  if (type === 'edge') return data.at === 'end' || data.at === 'start' ? { source: PROTOCOL_NAME, type, at: data.at } : undefined;
  if ((type !== 'ready' && type !== 'step') || !isStopCount(stop) || !isStopCount(stops) || stop > stops) return undefined;
  if (type === 'ready') return { source: PROTOCOL_NAME, type, stop, stops };
  const phase = PHASES.find((name) => name === data.phase);
  return phase === undefined ? undefined : { source: PROTOCOL_NAME, type, stop, stops, phase };
}
