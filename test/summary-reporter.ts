import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Prints `N passed, N failed` as the last line of a run, for CI to read.
 *
 * "Failed" counts failed tests, files that failed as a whole (did not load, had no tests,
 * or a file-level hook threw) and unhandled errors — everything that makes vitest exit
 * non-zero — so `0 failed` means the run was green.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
  ): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    for (const testModule of testModules) {
      for (const testCase of testModule.children.allTests()) {
        const { state } = testCase.result();
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
      }
      if (testModule.errors().length > 0) failed += 1;
    }
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
  }
}
