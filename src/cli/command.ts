/** What main.ts needs from each command: its name, its help, and a run that returns the exit code. */
export interface Command {
  name: string;
  /** One line for `tracegrad --help`. */
  summary: string;
  /** The full text of `tracegrad <command> --help`. */
  usage: string;
  /**
   * Writes the command's output to stdout and returns the exit code; throws for bad input.
   * A command that reads large files (mnist) may answer with a promise.
   */
  run(args: string[]): number | Promise<number>;
}
