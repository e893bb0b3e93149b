/**
 * `tracegrad gradescope DIR --out autograder.zip`: a Gradescope autograder for a course folder.
 * Gradescope unpacks the ZIP into /autograder/source, runs setup.sh once to build its image and
 * run_autograder for each submission. The bundle carries tracegrad's own source (the layers the
 * command line uses) so the autograder grades exactly as this copy does; only Node and tsx come
 * from the network.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonText } from '../../data/json-text';
import { problemToJson } from '../../data/problem';
import { createZip, type ZipEntry } from '../../data/zip';
import { ROSTER_FILE } from '../../nn/course';
import { CliError, EXIT_OK } from '../cli-error';
import type { Command } from '../command';
import { readCourse } from '../course-folder';
import { readText } from '../files';
import { ioReason } from '../input';
import { parseCommandLine, requirePositionals } from '../options';
import { BUNDLED_PROBLEMS, ROOT_VARIABLE } from './autograde';

const REPOSITORY = fileURLToPath(new URL('../../..', import.meta.url));
/** The source folders the command line imports (never the app or the components). */
const SOURCE_FOLDERS = ['src/cli', 'src/data', 'src/engine', 'src/nn', 'src/tensor'];

const SETUP = `#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image: Node 20 from NodeSource, then
# tracegrad from the copy in this bundle (its one run-time dependency, tsx, comes from npm).
set -euo pipefail
apt-get update
apt-get install -y ca-certificates curl gnupg
curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
apt-get install -y nodejs
cd /autograder/source/tracegrad
npm install --omit=dev --no-audit --no-fund
cat > /usr/local/bin/tracegrad <<'SHIM'
#!/bin/sh
exec node /autograder/source/tracegrad/src/cli/tracegrad.mjs "$@"
SHIM
chmod +x /usr/local/bin/tracegrad
tracegrad --help > /dev/null
`;

const RUN = `#!/usr/bin/env bash
# Gradescope runs this for each submission. tracegrad autograde writes results/results.json in
# every case (score 0 and one sentence when it cannot grade); should tracegrad itself not start,
# this script writes such a result, so a student never meets an autograder failure.
# ${ROOT_VARIABLE} moves the root away from /autograder (for trying the bundle out).
root="\${${ROOT_VARIABLE}:-/autograder}"
mkdir -p "$root/results"
rm -f "$root/results/results.json"
if ! tracegrad autograde --root "$root" --course "$root/source/course" || [ ! -s "$root/results/results.json" ]; then
  printf '%s\\n' '{"score": 0, "output": "The autograder could not run tracegrad, so nothing was graded: please tell your instructor.", "tests": []}' > "$root/results/results.json"
fi
exit 0
`;

interface PackageJson {
  version: string;
  dependencies: Record<string, string>;
}

/** tracegrad's source files for the bundle, in a fixed order so the same course gives the same ZIP. */
function sourceEntries(): ZipEntry[] {
  const pkg = JSON.parse(readFileSync(join(REPOSITORY, 'package.json'), 'utf8')) as PackageJson;
  const manifest = {
    name: 'tracegrad',
    version: pkg.version,
    type: 'module',
    private: true,
    bin: { tracegrad: 'src/cli/tracegrad.mjs' },
    dependencies: { tsx: pkg.dependencies['tsx'] },
  };
  const files = SOURCE_FOLDERS.flatMap((folder) =>
    readdirSync(join(REPOSITORY, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(ts|mjs)$/.test(entry.name))
      .map((entry) => relative(REPOSITORY, join(entry.parentPath, entry.name)).split('\\').join('/')),
  ).sort();
  return [
    { name: 'tracegrad/package.json', content: `${JSON.stringify(manifest, null, 2)}\n` },
    ...files.map((path) => ({ name: `tracegrad/${path}`, content: readFileSync(join(REPOSITORY, path)) })),
  ];
}

export const gradescope: Command = {
  name: 'gradescope',
  summary: 'write a Gradescope autograder (ZIP) that grades each student against their own problem',
  usage: `Usage: tracegrad gradescope DIR --out autograder.zip

Writes a Gradescope autograder for the course folder DIR (written by tracegrad new --roster):
setup.sh installs Node and tracegrad, run_autograder grades each submission. For a submission it
reads /autograder/submission_metadata.json, finds the student on the roster by id (Gradescope's
student id or email) or by the roster's email column, grades /autograder/submission/answers.json
against that student's problem and writes /autograder/results/results.json, in every case: a
student not on the roster or a broken answers file gets score 0 and one sentence saying why.
The answer keys stay out of the bundle; the problems are worked out again when grading.

  --out FILE   where to write the ZIP (required)
`,
  run(args) {
    const { values, positionals } = parseCommandLine('gradescope', { args, allowPositionals: true, options: { out: { type: 'string' } } });
    const [dir] = requirePositionals('gradescope', positionals, ['DIR']);
    if (values.out === undefined) throw new CliError('gradescope: missing --out (see tracegrad gradescope --help)');
    const course = readCourse(dir);
    const entries: ZipEntry[] = [
      { name: 'setup.sh', content: SETUP, executable: true },
      { name: 'run_autograder', content: RUN, executable: true },
      { name: `course/${ROSTER_FILE}`, content: readText(join(dir, ROSTER_FILE)) },
      { name: `course/${BUNDLED_PROBLEMS}`, content: jsonText(Object.fromEntries(course.roster.students.map((student) => [student.id, problemToJson(course.problems.get(student.id)!.problem)]))) },
      ...sourceEntries(),
    ];
    try {
      writeFileSync(values.out, createZip(entries));
    } catch (error) {
      throw new CliError(`${values.out}: cannot write: ${ioReason(error)}`);
    }
    return EXIT_OK;
  },
};
