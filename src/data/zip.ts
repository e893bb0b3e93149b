/**
 * A ZIP archive writer, store only (no compression): a problem set is a few dozen small text files,
 * so compressing would save little and cost a dependency. Every archive of the same files is the
 * same bytes: entries keep their order and carry a fixed date (1 January 1980, the earliest a ZIP
 * can say), so a regenerated set can be compared with the last one.
 *
 * Layout (PKWARE APPNOTE 4.3): for each file a local header and its bytes, then the central
 * directory (one record per file, pointing back at its local header), then the end record.
 */

export interface ZipEntry {
  /** The path inside the archive, with `/` between folders. */
  name: string;
  /** Text is stored as UTF-8. */
  content: string | Uint8Array;
  /** A script to run (Gradescope's run_autograder): marked as a Unix file with mode 755. */
  executable?: boolean;
}

const CRC_TABLE = ((): Uint32Array => {
  // The reflected CRC-32 of ZIP, gzip and PNG (polynomial 0xEDB88320), one byte at a time.
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let bit = 0; bit < 8; bit++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** MS-DOS date of 1980-01-01 (year 0 from 1980, month 1, day 1) and time 00:00:00. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
/** Version 2.0: what a stored entry needs. */
const VERSION = 20;
/** "Made by" Unix (3 in the high byte), so unzip reads the mode in the external attributes. */
const MADE_BY_UNIX = (3 << 8) | VERSION;
/** A regular file (0o100000) with mode rwxr-xr-x, in the high 16 bits as Unix zip tools write it. */
const EXECUTABLE_ATTRIBUTES = ((0o100000 | 0o755) << 16) >>> 0;
/** General-purpose flag bit 11: the name is UTF-8. */
const UTF8_NAMES = 0x0800;
/** The format's 16- and 32-bit fields cap an archive without ZIP64 extensions. */
const MAX_ENTRIES = 0xffff;
const MAX_SIZE = 0xffffffff;

class ByteWriter {
  private chunks: Uint8Array[] = [];
  length = 0;

  bytes(data: Uint8Array): void {
    this.chunks.push(data);
    this.length += data.length;
  }

  /** Little-endian, as every ZIP field is. */
  uint(value: number, size: 2 | 4): void {
    const data = new Uint8Array(size);
    if (size === 2) new DataView(data.buffer).setUint16(0, value, true);
    else new DataView(data.buffer).setUint32(0, value, true);
    this.bytes(data);
  }

  result(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

export function createZip(entries: readonly ZipEntry[]): Uint8Array {
  if (entries.length > MAX_ENTRIES) throw new RangeError(`a ZIP without ZIP64 holds at most ${MAX_ENTRIES} files, not ${entries.length}`);
  const encoder = new TextEncoder();
  const out = new ByteWriter();
  const directory = new ByteWriter();
  const seen = new Set<string>();
  for (const entry of entries) {
    if (entry.name === '' || entry.name.startsWith('/') || entry.name.includes('\\')) throw new RangeError(`"${entry.name}" is not a relative path with / between folders`);
    if (seen.has(entry.name)) throw new RangeError(`two files are called "${entry.name}"`);
    seen.add(entry.name);
    const name = encoder.encode(entry.name);
    const data = typeof entry.content === 'string' ? encoder.encode(entry.content) : entry.content;
    if (data.length > MAX_SIZE || out.length > MAX_SIZE) throw new RangeError('the archive would pass 4 GiB, which needs ZIP64');
    const crc = crc32(data);
    const offset = out.length;
    // The fields both headers share, from "version needed" to the name length.
    const common = (writer: ByteWriter): void => {
      writer.uint(VERSION, 2);
      writer.uint(UTF8_NAMES, 2);
      writer.uint(0, 2); // method 0: stored
      writer.uint(DOS_TIME, 2);
      writer.uint(DOS_DATE, 2);
      writer.uint(crc, 4);
      writer.uint(data.length, 4); // compressed size = size, since stored
      writer.uint(data.length, 4);
      writer.uint(name.length, 2);
      writer.uint(0, 2); // extra field length
    };
    out.uint(0x04034b50, 4);
    common(out);
    out.bytes(name);
    out.bytes(data);

    directory.uint(0x02014b50, 4);
    directory.uint(entry.executable === true ? MADE_BY_UNIX : VERSION, 2); // made by: MS-DOS attributes (or Unix), version 2.0
    common(directory);
    directory.uint(0, 2); // comment length
    directory.uint(0, 2); // disk number
    directory.uint(0, 2); // internal attributes
    directory.uint(entry.executable === true ? EXECUTABLE_ATTRIBUTES : 0, 4); // external attributes
    directory.uint(offset, 4);
    directory.bytes(name);
  }
  const directoryOffset = out.length;
  const directoryBytes = directory.result();
  out.bytes(directoryBytes);
  out.uint(0x06054b50, 4);
  out.uint(0, 2); // this disk
  out.uint(0, 2); // the disk the directory starts on
  out.uint(entries.length, 2);
  out.uint(entries.length, 2);
  out.uint(directoryBytes.length, 4);
  out.uint(directoryOffset, 4);
  out.uint(0, 2); // comment length
  return out.result();
}
