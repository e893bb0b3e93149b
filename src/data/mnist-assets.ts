/**
 * The MNIST files as the web app gets them: the four original IDX files, each gzip-compressed
 * (about 12 MB instead of 55 MB), plus a manifest with their sizes so the page can show download
 * progress before any response has said how long it is. scripts/build-mnist-assets.ts writes them into
 * the app's public folder; mnist-fetch.ts reads them in the browser. Browser-safe.
 */
import { MNIST_FILES } from './mnist.ts';

/** Where the assets live, relative to the app's root URL (and inside the public folder). */
export const MNIST_ASSET_DIR = 'mnist';
export const MNIST_MANIFEST = 'manifest.json';

export type MnistFileKey = keyof typeof MNIST_FILES;
export const MNIST_FILE_KEYS = Object.keys(MNIST_FILES) as MnistFileKey[];

export interface MnistAssetFile {
  /** File name inside MNIST_ASSET_DIR, e.g. `train-images-idx3-ubyte.gz.bin`. */
  name: string;
  /** Size of the gzip file, what the download has to fetch. */
  bytes: number;
  /** Size of the IDX file inside. */
  rawBytes: number;
}

export interface MnistManifest {
  version: 1;
  files: Record<MnistFileKey, MnistAssetFile>;
}

export function assetName(key: MnistFileKey): string {
  // Gzip bytes under a `.bin` name: servers send `.gz` files with Content-Encoding: gzip, and the
  // browser then unpacks them before the page sees a byte, so progress would count the unpacked
  // size and the cache would hold unpacked files that never match the manifest.
  return `${MNIST_FILES[key]}.gz.bin`;
}
