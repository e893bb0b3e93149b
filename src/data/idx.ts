/**
 * The IDX format of the MNIST files: a big-endian header, then the bytes of the data.
 *   magic    0x00000803 for images (unsigned bytes, 3 dimensions), 0x00000801 for labels (1 dimension)
 *   sizes    one 32-bit big-endian count per dimension
 *   data     the product of the sizes, one byte each
 * The reader checks all three and says in one line which file is wrong and how. Browser-safe.
 */
export class IdxError extends Error {
  override name = 'IdxError';
}

export const IMAGES_MAGIC = 0x00000803;
export const LABELS_MAGIC = 0x00000801;

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols bytes, image after image, each row by row. */
  pixels: Uint8Array;
}

function hex(value: number): string {
  return '0x' + value.toString(16).padStart(8, '0');
}

/** Reads the header of an IDX file of unsigned bytes with `dims` dimensions; returns the sizes. */
function readHeader(bytes: Uint8Array, fileName: string, magic: number, what: string): number[] {
  const dims = magic & 0xff;
  const headerBytes = 4 + 4 * dims;
  if (bytes.length < 4) throw new IdxError(`${fileName}: expected an IDX ${what} file of at least ${headerBytes} bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0);
  if (found !== magic) {
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (it looks gzip-compressed: decompress it first)' : '';
    throw new IdxError(`${fileName}: not an IDX ${what} file: magic number ${hex(found)}, expected ${hex(magic)}${gzip}`);
  }
  if (bytes.length < headerBytes) throw new IdxError(`${fileName}: header cut short: expected ${headerBytes} bytes of header, got ${bytes.length}`);
  return Array.from({ length: dims }, (_, d) => view.getUint32(4 + 4 * d));
}

function checkLength(bytes: Uint8Array, fileName: string, headerBytes: number, sizes: number[], what: string): void {
  const expected = headerBytes + sizes.reduce((product, size) => product * size, 1);
  if (bytes.length !== expected) {
    throw new IdxError(`${fileName}: expected ${expected} bytes for ${sizes.join('×')} ${what}, got ${bytes.length}`);
  }
}

export function readIdxImages(bytes: Uint8Array, fileName: string): IdxImages {
  const [count, rows, cols] = readHeader(bytes, fileName, IMAGES_MAGIC, 'images') as [number, number, number];
  checkLength(bytes, fileName, 16, [count, rows, cols], 'images');
  return { count, rows, cols, pixels: bytes.subarray(16) };
}

export function readIdxLabels(bytes: Uint8Array, fileName: string): Uint8Array {
  const [count] = readHeader(bytes, fileName, LABELS_MAGIC, 'labels') as [number];
  checkLength(bytes, fileName, 8, [count], 'labels');
  return bytes.subarray(8);
}
