/**
 * Grading a class in the browser, as `tracegrad grade` does on the command line: a course (the
 * folder or ZIP that `tracegrad new --roster` or the problem-set page made) and a folder or ZIP of
 * answer files named `<id>.json` become the same gradebook CSV. Files arrive from a file input, a
 * folder input or a drop; a ZIP among them is unpacked in place.
 */
import { readZip } from '../../data/unzip';
import { courseFromFiles } from '../../nn/course';
import { gradebookCsv, gradebookSummary, gradeCourse, MAX_SUBMISSION_BYTES, submissionId, type GradebookRow, type Submission } from '../../nn/gradebook';
import type { Tolerance } from '../../nn/grading';

/** A file with its path inside what was given (a folder's relative path, or a ZIP entry's name). */
export interface GivenFile {
  path: string;
  bytes: Uint8Array;
}

/** Files a file or folder input gave, or a drop; `webkitRelativePath` keeps a folder's structure. */
export async function filesOf(files: Iterable<File>): Promise<GivenFile[]> {
  const read = await Promise.all([...files].map(async (file) => ({ path: file.webkitRelativePath || file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
  return unpackZips(read);
}

/** Every ZIP among the files replaced by its contents, under the ZIP's own folder. */
export async function unpackZips(files: readonly GivenFile[]): Promise<GivenFile[]> {
  const out: GivenFile[] = [];
  for (const file of files) {
    if (!/\.zip$/i.test(file.path)) {
      out.push(file);
      continue;
    }
    const folder = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/') + 1) : '';
    for (const entry of await readZip(file.bytes)) out.push({ path: folder + entry.name, bytes: entry.bytes });
  }
  return out;
}

const decoder = new TextDecoder();

/** Archive clutter that is nobody's answers: macOS resource forks, hidden files. */
const isClutter = (path: string): boolean => path.split('/').some((part) => part.startsWith('.') || part === '__MACOSX');

/**
 * The answer files: `<id>.json` in the shallowest folder that holds any (a zipped folder puts
 * them one level down). Anything else is left alone and counted.
 */
export function submissionsOf(files: readonly GivenFile[]): { byId: Map<string, Submission>; ignored: number } {
  const candidates = files.filter((file) => !isClutter(file.path) && submissionId(file.path.split('/').pop()!) !== undefined);
  const depth = Math.min(...candidates.map((file) => file.path.split('/').length));
  const byId = new Map<string, Submission>();
  for (const file of [...candidates].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const id = submissionId(file.path.split('/').pop()!)!;
    if (file.path.split('/').length !== depth || byId.has(id)) continue;
    byId.set(id, file.bytes.length > MAX_SUBMISSION_BYTES ? { unreadable: `the file is ${file.bytes.length} bytes; an answers file is at most ${MAX_SUBMISSION_BYTES}` } : { text: decoder.decode(file.bytes) });
  }
  return { byId, ignored: files.length - byId.size };
}

export interface ClassGrades {
  rows: GradebookRow[];
  csv: string;
  summary: string;
}

/** The gradebook for a course and a set of answer files; throws CourseError when the course is unusable. */
export function gradeClass(course: readonly GivenFile[], answers: readonly GivenFile[], tolerance: Tolerance): ClassGrades {
  const { roster, problems } = courseFromFiles(new Map(course.filter((file) => !isClutter(file.path)).map((file) => [file.path, decoder.decode(file.bytes)])));
  const { byId, ignored } = submissionsOf(answers);
  const rows = gradeCourse(roster, problems, byId, tolerance);
  const left = ignored === 0 ? '' : ` ${ignored} other file${ignored === 1 ? '' : 's'} (not <id>.json) left alone.`;
  return { rows, csv: gradebookCsv(roster, rows), summary: `${gradebookSummary(rows)}${left}` };
}

/**
 * The files of a drop, folders walked. The entries are taken before anything is awaited: the
 * browser empties the drop's items once its handler yields.
 */
export async function droppedFiles(transfer: DataTransfer): Promise<GivenFile[]> {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry()).filter((entry): entry is FileSystemEntry => entry !== null);
  if (entries.length === 0) return filesOf(transfer.files);
  const files: GivenFile[] = [];
  const walk = async (entry: FileSystemEntry, folder: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      files.push({ path: folder + entry.name, bytes: new Uint8Array(await file.arrayBuffer()) });
      return;
    }
    if (!entry.isDirectory) return;
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // A directory reader hands its entries over in batches until it answers with none.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, `${folder}${entry.name}/`);
    }
  };
  for (const entry of entries) await walk(entry, '');
  return unpackZips(files);
}
