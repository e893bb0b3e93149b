/**
 * The `tracegrad` command line: picks the command, answers --help, runs it, and turns any failure
 * into one line on stderr and exit code 2. Each command lives in its own module in commands/.
 */
import { autograde } from './commands/autograde';
import { check } from './commands/check';
import { expr } from './commands/expr';
import { grad } from './commands/grad';
import { grade } from './commands/grade';
import { gradcheck } from './commands/gradcheck';
import { gradescope } from './commands/gradescope';
import { mnist } from './commands/mnist';
import { newProblem } from './commands/new';
import { trace } from './commands/trace';
import { CliError, errorLine, EXIT_BAD_INPUT, EXIT_OK } from './cli-error';
import { ioReason } from './input';
import type { Command } from './command';

const COMMANDS: readonly Command[] = [grad, check, gradcheck, newProblem, grade, gradescope, autograde, trace, expr, mnist];

function overview(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return `Usage: tracegrad <command> [options]

tracegrad replays backpropagation on small networks described by problem files.

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(width)}   ${command.summary}`).join('\n')}

Run tracegrad <command> --help for a command's options.
Exit codes: 0 success, 1 a check found wrong answers (mnist: training diverged), 2 bad input or usage.
`;
}

/** --help anywhere before a `--` asks for help, even when other arguments are wrong or missing. */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

async function main(args: readonly string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined) throw new CliError('missing command (see tracegrad --help)');
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(overview());
    return EXIT_OK;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) throw new CliError(`unknown command "${name}" (commands: ${COMMANDS.map((known) => known.name).join(', ')})`);
  if (asksForHelp(rest)) {
    process.stdout.write(command.usage);
    return EXIT_OK;
  }
  return await command.run(rest);
}

// Output that could not be written is a failure a script must see: a reader that stopped early
// (`tracegrad trace … | head -c1`) or a full disk (`> /dev/full`) gets its own line and exit 2,
// never a stack trace and never a silent exit 0 with the output cut short.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  const why = error.code === 'EPIPE' ? 'the reader closed it before all output was written' : ioReason(error);
  process.stderr.write(`${errorLine(new CliError(`cannot write to standard output: ${why}`))}\n`);
  process.exit(EXIT_BAD_INPUT);
});

try {
  // exitCode rather than exit(): output still being written to a pipe is not cut off.
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${errorLine(error)}\n`);
  process.exitCode = EXIT_BAD_INPUT;
}
