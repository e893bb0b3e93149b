/**
 * Reading what a command is given, never more than a stated number of bytes: a regular file larger
 * than the cap is refused from its size alone, and anything else (standard input, a pipe, a device
 * such as /dev/zero) is read in chunks until it ends or passes the cap. So an endless pipe or a
 * 10 GB file costs at most the cap in memory and a moment in time, and ends in one line.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Limit } from '../data/limits';
import { CliError } from './cli-error';

/** The name commands take for standard input. */
export const STDIN = '-';

const CHUNK_BYTES = 1 << 16;

/** The file's name as messages show it. */
export function displayName(path: string): string {
  if (path === '') return 'the empty file name ""';
  return path === STDIN ? 'standard input' : path;
}

/** Why a file could not be opened or read, in words rather than an errno. */
export function ioReason(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EIO') return 'input/output error';
  if (code === 'ENAMETOOLONG') return 'the name is too long';
  if (code === 'ENXIO') return 'not a file that can be read (a socket or a device without a driver)';
  if (code === 'ELOOP') return 'too many symbolic links (a link that points back to itself?)';
  return error instanceof Error ? error.message : String(error);
}

function tooLarge(path: string, limit: Limit, size?: number): CliError {
  const what = size === undefined ? `more than ${limit.max} bytes` : `${size} bytes`;
  return new CliError(`${displayName(path)}: too large: ${what}; ${limit.by} at most ${limit.max} ${limit.unit}`);
}

/** A pause while a non-blocking standard input has nothing to read yet (readSync then says EAGAIN). */
function waitForInput(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
}

/** Reads from `fd` until the end or until more than `limit.max` bytes have come. */
function readAtMost(fd: number, path: string, limit: Limit): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let length: number;
    try {
      length = readSync(fd, chunk, 0, CHUNK_BYTES, null);
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'EAGAIN') {
        waitForInput();
        continue;
      }
      if (error instanceof Error && 'code' in error && error.code === 'EOF') break;
      throw error;
    }
    if (length === 0) break;
    total += length;
    if (total > limit.max) throw tooLarge(path, limit);
    chunks.push(chunk.subarray(0, length));
  }
  return Buffer.concat(chunks, total);
}

/**
 * The bytes of the file at `path` (`-`: standard input), refused with one line naming the file and
 * the limit when there are more than `limit.max` of them.
 */
export function readBytes(path: string, limit: Limit): Buffer {
  let fd: number | undefined;
  try {
    // Non-blocking, so a named pipe nobody writes to reads as empty instead of waiting forever
    // in open(); a pipe with a writer is then read as it comes (readAtMost waits on EAGAIN).
    fd = path === STDIN ? 0 : openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new CliError(`${displayName(path)}: cannot read: is a directory, not a file`);
    if (stat.isFile() && stat.size > limit.max) throw tooLarge(path, limit, stat.size);
    return readAtMost(fd, path, limit);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${displayName(path)}: cannot read: ${ioReason(error)}`);
  } finally {
    if (fd !== undefined && fd !== 0) closeSync(fd);
  }
}

/** The text of a file (UTF-8) read through `readBytes`; a byte-order mark at the start is dropped. */
export function readTextCapped(path: string, limit: Limit): string {
  return new TextDecoder('utf-8').decode(readBytes(path, limit));
}
