/** `tracegrad gradcheck PROBLEM`: backprop against central finite differences, parameter by parameter. */
import { formatNumber } from '../../engine/format';
import { texToText } from '../../engine/tex';
import { BAND_MEANINGS, FAIL_ABOVE, RELATIVE_STEP, bandOf, gradientCheck, type Band, type GradientCheck } from '../../nn/gradcheck';
import { EXIT_OK, EXIT_WRONG } from '../cli-error';
import type { Command } from '../command';
import { readProblem } from '../files';
import { jsonText } from '../json-text';
import { parseCommandLine, requirePositionals } from '../options';
import { renderTable } from '../table';

const BANDS = Object.keys(BAND_MEANINGS) as Band[];

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
  const failing = check.parameters.filter((entry) => entry.relativeError > FAIL_ABOVE && !entry.nearKink).length;
  const verdict = check.passed
    ? 'Backprop agrees with finite differences.'
    : `${failing} parameter${failing === 1 ? '' : 's'} above ${FAIL_ABOVE} away from any kink: backprop disagrees with finite differences.`;
  return [
    ...table,
    '',
    `Largest relative error ${formatNumber(check.maxRelativeError)} (${BAND_MEANINGS[bandOf(check.maxRelativeError)]}).`,
    verdict,
    '',
  ].join('\n');
}

export const gradcheck: Command = {
  name: 'gradcheck',
  summary: 'check backprop against central finite differences for every weight and bias',
  usage: `Usage: tracegrad gradcheck PROBLEM [--json]

Compares backprop's ∂L/∂θ with the central difference (L(θ + h) − L(θ − h)) / 2h for every weight
and bias, in float64, with h = ${RELATIVE_STEP}·max(1, |θ|). The relative error |a − n| / max(1e-8, |a| + |n|)
is read in these bands:
${BANDS.map((band) => `  ${band.padEnd(10)}  ${BAND_MEANINGS[band]}`).join('\n')}
A parameter is next to a ReLU kink when some ReLU pre-activation changes side of 0 between θ − h
and θ + h; there the two methods see different slopes, so it is flagged rather than failed.

  --json   print { "maxRelativeError", "passed", "relativeStep", "parameters": [ { "parameter", "path",
           "analytic", "numerical", "relativeError", "band", "nearKink" } ] }

Exit code 1 if any parameter is above ${FAIL_ABOVE} and not next to a kink.
`,
  run(args) {
    const { values, positionals } = parseCommandLine('gradcheck', { args, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    const [path] = requirePositionals('gradcheck', positionals, ['PROBLEM']);
    const check = gradientCheck(readProblem(path));
    const { maxRelativeError, passed, parameters } = check;
    process.stdout.write(values.json ? jsonText({ maxRelativeError, passed, relativeStep: RELATIVE_STEP, parameters }) : gradcheckText(check));
    return passed ? EXIT_OK : EXIT_WRONG;
  },
};
