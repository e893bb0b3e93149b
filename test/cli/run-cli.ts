/** Runs the real command line as a child process, the way a user or an autograder would. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `tracegrad ARGS`, through tsx's loader (the same as `npm run tracegrad --`, without npm's start-up). */
export function runCli(args: readonly string[], entry = 'src/cli/main.ts'): CliRun {
  const loader = entry.endsWith('.mjs') ? [] : ['--import', 'tsx'];
  const child = spawnSync(process.execPath, [...loader, entry, ...args], { cwd: REPO, encoding: 'utf8' });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

export const fixture = (name: string): string => `test/cli/fixtures/${name}`;
