/** `tracegrad gradcheck PROBLEM`: backprop against central finite differences, parameter by parameter. */
import { LIMITS } from '../../data/limits';
import { formatNumber } from '../../engine/format';
import { texToText } from '../../engine/tex';
import { BAND_MEANINGS, FAIL_ABOVE, RELATIVE_STEP, bandOf, gradientCheck, type Band, type GradientCheck } from '../../nn/gradcheck';
import { EXIT_OK, EXIT_WRONG } from '../cli-error';
import type { Command } from '../command';
import { computeFor, readProblem } from '../files';
import { jsonText } from '../../data/json-text';
import { parseCommandLine, requirePositionals } from '../options';
import { renderTable } from '../table';

const BANDS = Object.keys(BAND_MEANINGS) as Band[];

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

function gradcheckText(check: GradientCheck): string {
  const rows = check.parameters.map((entry) => [
    texToText(entry.parameter),
    formatNumber(entry.analytic),
    formatNumber(entry.numerical),
    formatNumber(entry.relativeError),
    entry.band,
    entry.nearKink ? 'next to a ReLU kink' : '',
  ]);
  const table = renderTable([['parameter', 'backprop', 'numerical', 'rel. error', 'band', ''], ...rows], ['left', 'right', 'right', 'right', 'left']);
  const smooth = check.parameters.filter((entry) => !entry.nearKink);
  const kinks = check.parameters.length - smooth.length;
  const largest = Math.max(0, ...smooth.map((entry) => entry.relativeError));
  const failing = smooth.filter((entry) => entry.relativeError > FAIL_ABOVE).length;
  const lines = [...table, ''];
  if (kinks > 0) {
    lines.push(`${plural(kinks, 'parameter')} next to a ReLU kink, where finite differences straddle two slopes: not counted.`);
  }
  lines.push(`Largest relative error${kinks > 0 ? ' elsewhere' : ''}: ${formatNumber(largest)} (${BAND_MEANINGS[bandOf(largest)]}).`);
  lines.push(check.passed ? 'Backprop agrees with finite differences.' : `${plural(failing, 'parameter')} above ${formatNumber(FAIL_ABOVE)}: backprop disagrees with finite differences.`);
  return `${lines.join('\n')}\n`;
}

export const gradcheck: Command = {
  name: 'gradcheck',
  summary: 'check backprop against central finite differences for every weight and bias',
  usage: `Usage: tracegrad gradcheck PROBLEM [--json]

Compares backprop's ∂L/∂θ with the central difference (L(θ + h) − L(θ − h)) / 2h for every weight
and bias, in float64, with h = ${formatNumber(RELATIVE_STEP)}·max(1, |θ|). The relative error |a − n| / max(1e-8, |a| + |n|)
is read in these bands:
${BANDS.map((band) => `  ${band.padEnd(10)}  ${BAND_MEANINGS[band]}`).join('\n')}
A parameter is next to a ReLU kink when some ReLU pre-activation changes side of 0 between θ − h
and θ + h; there the two methods see different slopes, so it is flagged rather than failed.

  --json   print { "maxRelativeError", "passed", "relativeStep", "parameters": [ { "parameter", "path",
           "analytic", "numerical", "relativeError", "band", "nearKink" } ] }

Exit code 1 if any parameter is above ${formatNumber(FAIL_ABOVE)} and not next to a kink.
`,
  run(args) {
    const { values, positionals } = parseCommandLine('gradcheck', { args, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    const [path] = requirePositionals('gradcheck', positionals, ['PROBLEM']);
    const problem = readProblem(path, LIMITS.gradcheckWork);
    const check = computeFor(path, () => gradientCheck(problem));
    const { maxRelativeError, passed, parameters } = check;
    process.stdout.write(values.json ? jsonText({ maxRelativeError, passed, relativeStep: RELATIVE_STEP, parameters }) : gradcheckText(check));
    return passed ? EXIT_OK : EXIT_WRONG;
  },
};
