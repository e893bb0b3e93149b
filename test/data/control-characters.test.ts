/** Text from files is shown, never obeyed: control characters become visible escapes. */
import { describe, expect, it } from 'vitest';
import { escapeControlCharacters } from '../../src/data/control-characters';
import { jsonLine, jsonText, parseJsonText } from '../../src/data/json-text';
import { parseProblemText } from '../../src/data/problem';
import { Trace } from '../../src/engine/trace';
import { traceProblem } from '../../src/nn/run';

describe('escapeControlCharacters', () => {
  it('writes C0, DEL, C1 and bidirectional controls as escapes', () => {
    expect(escapeControlCharacters('\u001b[2Jok\u0007\u0000\n\t\u007f\u009b\u202e\u2066')).toBe('\\x1b[2Jok\\x07\\x00\\x0a\\x09\\x7f\\x9b\\u202e\\u2066');
  });

  it('keeps every other character, including the notation and accented names', () => {
    const text = 'W⁽¹⁾₁₁ ∂ℒ/∂a δ σ ŷ — Zoë, naïve 日本 🙂';
    expect(escapeControlCharacters(text)).toBe(text);
  });
});

describe('JSON written for a terminal', () => {
  it('escapes DEL, C1 and bidirectional controls in keys and strings, and parses back to the same data', () => {
    const data = { 'key\u009b2J\u202e': ['x\u007f', 1.5, null, true], plain: 'ok' };
    const text = jsonText(data);
    expect(text).toBe('{\n  "key\\u009b2J\\u202e": ["x\\u007f", 1.5, null, true],\n  "plain": "ok"\n}\n');
    expect(JSON.parse(text)).toEqual(data);
    expect(jsonLine({ 'a\u0085': 'b\u2069' })).toBe('{"a\\u0085": "b\\u2069"}\n');
  });
});

describe('a byte-order mark at the start of a JSON file', () => {
  it('is dropped by parseJsonText and parseProblemText', () => {
    expect(parseJsonText('\uFEFF{"a": 1}')).toEqual({ a: 1 });
    const problem = parseProblemText('\uFEFF{"layers": [{"weights": [[1]], "biases": [0], "activation": "identity"}], "input": [2], "target": [0], "loss": "half_sse"}');
    expect(problem.inputs).toEqual([[2]]);
  });

  it('is dropped by Trace.fromJSON (a trace file the player loads)', () => {
    const { trace } = traceProblem(parseProblemText('{"layers": [{"weights": [[1]], "biases": [0], "activation": "identity"}], "input": [2], "target": [0], "loss": "half_sse"}'));
    const loaded = Trace.fromJSON(`\uFEFF${JSON.stringify(trace)}`);
    expect(loaded.toData().steps.length).toBe(trace.steps.length);
  });

  it('is still an error anywhere else', () => {
    expect(() => parseJsonText('{"a": 1}\uFEFF')).toThrow(SyntaxError);
  });
});
