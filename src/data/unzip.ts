/**
 * Reading a ZIP archive: the files of a folder a teacher zipped (submissions, a course) as the
 * operating system or a learning platform packs them, stored or deflated. The central directory
 * at the end is the archive's table of contents (PKWARE APPNOTE 4.3); each entry's data follows its
 * local header. Deflated data is inflated by the platform's DecompressionStream, so nothing is
 * bundled for it. ZIP64, encryption and other methods are refused with a message.
 */

export class UnzipError extends Error {
  override name = 'UnzipError';
}

export interface UnzippedFile {
  /** The path inside the archive, with `/` between folders. */
  name: string;
  bytes: Uint8Array;
}

const END_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const END_SEARCH = 22 + 0xffff;
/** An archive whose files would inflate past this is more likely a zip bomb than homework. */
export const MAX_UNZIPPED_BYTES = 200_000_000;

async function inflateRaw(data: Uint8Array, size: number, name: string): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  try {
    const out = new Uint8Array(await new Response(stream).arrayBuffer());
    if (out.length !== size) throw new UnzipError(`${name}: inflated to ${out.length} bytes, but the archive says ${size}`);
    return out;
  } catch (error) {
    if (error instanceof UnzipError) throw error;
    throw new UnzipError(`${name}: the compressed data is damaged`);
  }
}

/** Every file of the archive (folders left out), in the order of its table of contents. */
export async function readZip(archive: Uint8Array): Promise<UnzippedFile[]> {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  let end = -1;
  for (let at = archive.length - 22; at >= Math.max(0, archive.length - END_SEARCH); at--) {
    if (view.getUint32(at, true) === END_SIGNATURE) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new UnzipError('not a ZIP archive (no table of contents at its end)');
  const count = view.getUint16(end + 10, true);
  let cursor = view.getUint32(end + 16, true);
  if (count === 0xffff || cursor === 0xffffffff) throw new UnzipError('a ZIP64 archive, which is not supported; zip fewer or smaller files');
  const decoder = new TextDecoder();
  const files: UnzippedFile[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (cursor + 46 > archive.length || view.getUint32(cursor, true) !== CENTRAL_SIGNATURE) throw new UnzipError('the table of contents is damaged');
    const flags = view.getUint16(cursor + 8, true);
    const method = view.getUint16(cursor + 10, true);
    const compressedSize = view.getUint32(cursor + 20, true);
    const size = view.getUint32(cursor + 24, true);
    const nameLength = view.getUint16(cursor + 28, true);
    const extraLength = view.getUint16(cursor + 30, true);
    const commentLength = view.getUint16(cursor + 32, true);
    const local = view.getUint32(cursor + 42, true);
    const name = decoder.decode(archive.subarray(cursor + 46, cursor + 46 + nameLength));
    cursor += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    if (flags & 1) throw new UnzipError(`${name}: encrypted, which is not supported`);
    if (method !== 0 && method !== 8) throw new UnzipError(`${name}: compressed with method ${method}; only stored and deflated files are read`);
    total += size;
    if (total > MAX_UNZIPPED_BYTES) throw new UnzipError(`the files would unpack to more than ${MAX_UNZIPPED_BYTES} bytes`);
    if (local + 30 > archive.length || view.getUint32(local, true) !== LOCAL_SIGNATURE) throw new UnzipError(`${name}: its header is damaged`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + compressedSize > archive.length) throw new UnzipError(`${name}: the archive ends inside it`);
    const data = archive.subarray(start, start + compressedSize);
    files.push({ name, bytes: method === 0 ? data.slice() : await inflateRaw(data, size, name) });
  }
  return files;
}
