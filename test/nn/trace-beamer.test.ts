import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/engine/format';
import { computeStops } from '../../src/engine/stops';
import { Trace } from '../../src/engine/trace';
import { traceProblem } from '../../src/nn/run';
import { traceToBeamer } from '../../src/nn/trace-beamer';
import { fixture, runCli } from '../cli/run-cli';
import { classicProblem } from '../helpers/classic';

const problem = classicProblem();
const trace = new Trace(traceProblem(problem).trace);
const stops = computeStops(trace, 'op');
const beamer = traceToBeamer(trace, { problem, title: 'Backpropagation, step by step: classic.json' });

/** The frames of the document, each with its overlays' cards and highlight commands. */
const frames = beamer.split('\\begin{frame}').slice(1);

const hasPdflatex = spawnSync('pdflatex', ['--version']).status === 0;

describe('tracegrad trace --format beamer', () => {
  it('gives every stop of the player one overlay, in order, with the card of its step', () => {
    const cards = [...beamer.matchAll(/\\only<(\d+)>\{\\textbf\{Stop (\d+) of (\d+)\}/g)];
    expect(cards.map((card) => Number(card[2]))).toEqual(stops.map((_stop, i) => i + 1));
    expect(new Set(cards.map((card) => card[3]))).toEqual(new Set([String(stops.length)]));
    // Overlays count from 1 within each frame.
    for (const frame of frames) {
      const overlays = [...frame.matchAll(/\\only<(\d+)>/g)].map((match) => Number(match[1]));
      expect(overlays).toEqual(overlays.map((_overlay, i) => i + 1));
    }
  });

  it('highlights the edge of the weight whose gradient the step computes, and writes its three lines', () => {
    // ∂ℒ/∂W^{[2]}_{21} is 𝛿^{[2]}_2 · z^{[1]}_1: the edge from neuron 1 of layer 1 to neuron 2 of layer 2.
    const step = trace.toData().steps.findIndex((entry) => entry.kind === 'backward' && trace.node(entry.input).meta.label === 'W^{[2]}_{21}');
    const number = stops.indexOf(step) + 1;
    const frame = frames.find((text) => text.includes(`Stop ${number} of`))!;
    const overlay = Number(new RegExp(`\\\\only<(\\d+)>\\{\\\\textbf\\{Stop ${number} of`).exec(frame)![1]);
    const highlighted = [...frame.matchAll(/\\draw<([\d,]+)>\[now\][^%]*% n(\d)-(\d) to n(\d)-(\d)/g)]
      .filter((match) => match[1]!.split(',').includes(String(overlay)))
      .map((match) => `${match[2]}-${match[3]} to ${match[4]}-${match[5]}`);
    expect(highlighted).toEqual(['1-1 to 2-2']);
    const card = frame.slice(frame.indexOf(`Stop ${number} of`)).split('\\only<')[0]!;
    expect(card).toContain('W^{[2]}_{21}');
    expect(card).toMatch(/\\fitline\{= \\left\(-0\.0381\d*\\right\) \\times 0\.5933\d*\}/);
    expect(card).toMatch(/\\fitline\{= -0\.0226\d*\}/);
  });

  it('writes the z of each neuron under it from the overlay that computes it on, through the one formatter', () => {
    /** The overlays at which the frame shows `text` as a number at the neuron drawn at `x`. */
    const shownAt = (frame: string, x: string, text: string): number[] =>
      [...frame.matchAll(/\\node<(\d+)-(\d+)>\[number\] at \(([-\d.]+), [-\d.]+\) \{\$([^$]*)\$\}/g)]
        .filter((match) => match[3] === x && match[4] === text)
        .flatMap((match) => Array.from({ length: Number(match[2]) - Number(match[1]) + 1 }, (_none, i) => Number(match[1]) + i));
    // The classic example's hand-worked z^{[1]}_1 = σ(0.3775) = 0.5933 (layer 1 is drawn at x = 2.40):
    // blank until the stop that computes it (the first frame's third), then shown to the frame's end.
    const first = frames[0]!;
    const overlays = [...first.matchAll(/\\only<(\d+)>/g)].length;
    const layer1 = classicProblem().layers[0]!;
    const a11 = layer1.weights[0]![0]! * 0.05 + layer1.weights[0]![1]! * 0.1 + layer1.biases[0]!;
    expect(a11).toBeCloseTo(0.3775, 10);
    expect(formatNumber(1 / (1 + Math.exp(-a11)))).toBe('0.5933');
    expect(shownAt(first, '2.40', '0.5933')).toEqual(Array.from({ length: overlays - 2 }, (_none, i) => i + 3));
    // The inputs are given: 0.05 and 0.1 from the first overlay on.
    expect(shownAt(first, '0.00', '0.05')).toEqual(Array.from({ length: overlays }, (_none, i) => i + 1));
    // In the backward pass every neuron's z stands under it, on every overlay (z^{[2]}_1 = 0.7514).
    const backward = frames.find((frame) => frame.startsWith('{Backward pass}'))!;
    const backwardOverlays = [...backward.matchAll(/\\only<(\d+)>/g)].length;
    expect(shownAt(backward, '4.80', '0.7514')).toEqual(Array.from({ length: backwardOverlays }, (_none, i) => i + 1));
  });

  it('is what the command prints, and a bad format is one line', () => {
    const run = runCli(['trace', fixture('classic.json'), '--format', 'beamer']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(beamer);
    const bad = runCli(['trace', fixture('classic.json'), '--format', 'powerpoint']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.skipIf(!hasPdflatex)('compiles with pdflatex to a title page and one page per stop', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegrad-beamer-'));
    try {
      writeFileSync(join(dir, 'deck.tex'), beamer);
      const run = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'deck.tex'], { cwd: dir, encoding: 'utf8' });
      expect(run.status, run.stdout.split('\n').filter((line) => line.startsWith('!')).join('\n')).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`Output written on deck\\.pdf \\(${stops.length + 1} pages`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
