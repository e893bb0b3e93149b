/**
 * MNIST in the browser (page or worker): downloads the gzip assets with progress, keeps them in the
 * Cache API so later visits load them without the network (the run works offline), and decodes
 * them with the browser's DecompressionStream and the IDX reader.
 */
import { decodeMnistSplit, MNIST_FILES, MnistDataError, type Mnist } from './mnist';
import { MNIST_ASSET_DIR, MNIST_FILE_KEYS, MNIST_MANIFEST, type MnistFileKey, type MnistManifest } from './mnist-assets';

/** Bumped when the asset format changes, so an old cache is not read as the new format. */
const CACHE_NAME = 'tracegrad-mnist-v1';

export interface DownloadProgress {
  loadedBytes: number;
  totalBytes: number;
  /** Whether the bytes came from the cache rather than the network. */
  fromCache: boolean;
}

/** The Cache API exists only in secure contexts (https, localhost); elsewhere every load downloads. */
async function openCache(): Promise<Cache | undefined> {
  if (typeof caches === 'undefined') return undefined;
  try {
    return await caches.open(CACHE_NAME);
  } catch {
    return undefined;
  }
}

async function fetchOk(url: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new MnistDataError(`cannot download ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new MnistDataError(`cannot download ${url}: HTTP ${response.status}`);
  return response;
}

/** The manifest from the network, else (offline) from the cache. */
async function loadManifest(baseUrl: string, cache: Cache | undefined): Promise<MnistManifest> {
  const url = new URL(`${MNIST_ASSET_DIR}/${MNIST_MANIFEST}`, baseUrl).href;
  let response: Response | undefined;
  try {
    response = await fetchOk(url);
    await cache?.put(url, response.clone());
  } catch (error) {
    response = await cache?.match(url);
    if (response === undefined) throw error;
  }
  return (await response.json()) as MnistManifest;
}

/** Reads a body to the end, calling `onBytes` with each chunk's length. */
async function readBody(response: Response, onBytes: (count: number) => void): Promise<Uint8Array<ArrayBuffer>> {
  if (response.body === null) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
    onBytes(value.length);
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

async function gunzip(bytes: Uint8Array<ArrayBuffer>, name: string): Promise<Uint8Array> {
  // A server that sends `.gz` files with Content-Encoding: gzip has already had the browser
  // decompress them: only bytes that start with gzip's magic number need decompressing here.
  if (!(bytes[0] === 0x1f && bytes[1] === 0x8b)) return bytes;
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new MnistDataError(`${name}: not a valid gzip file: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Loads both splits from the assets under `baseUrl` (the app's root URL). `onProgress` hears the
 * compressed bytes as they arrive. Throws MnistDataError for a missing or corrupt file.
 */
export async function fetchMnist(baseUrl: string, onProgress: (progress: DownloadProgress) => void = () => {}): Promise<Mnist> {
  const cache = await openCache();
  const manifest = await loadManifest(baseUrl, cache);
  const totalBytes = MNIST_FILE_KEYS.reduce((sum, key) => sum + manifest.files[key].bytes, 0);
  let loadedBytes = 0;
  let fromCache = true;

  const load = async (key: MnistFileKey): Promise<Uint8Array> => {
    const entry = manifest.files[key];
    const url = new URL(`${MNIST_ASSET_DIR}/${entry.name}`, baseUrl).href;
    const cached = await cache?.match(url);
    let bytes: Uint8Array<ArrayBuffer> | undefined;
    if (cached !== undefined) {
      bytes = new Uint8Array(await cached.arrayBuffer());
      // A cached file of another size is from an older build of the assets: download it again.
      if (bytes.length !== entry.bytes) bytes = undefined;
    }
    if (bytes === undefined) {
      fromCache = false;
      bytes = await readBody(await fetchOk(url), (count) => {
        loadedBytes += count;
        onProgress({ loadedBytes, totalBytes, fromCache });
      });
      await cache?.put(url, new Response(bytes));
    } else {
      loadedBytes += bytes.length;
      onProgress({ loadedBytes, totalBytes, fromCache });
    }
    return gunzip(bytes, entry.name);
  };

  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(MNIST_FILE_KEYS.map(load));
  return {
    train: decodeMnistSplit(trainImages!, trainLabels!, MNIST_FILES.trainImages, MNIST_FILES.trainLabels),
    test: decodeMnistSplit(testImages!, testLabels!, MNIST_FILES.testImages, MNIST_FILES.testLabels),
  };
}
