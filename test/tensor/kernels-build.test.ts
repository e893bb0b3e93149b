import { describe, it, expect } from 'vitest';
import { readFile } from 'node:fs/promises';
import { GENERATED_PATH, renderKernelsModule } from '../../src/tensor/kernels/compile';

describe('the committed WebAssembly kernels', () => {
  it('match a fresh compile of kernels.wat (run `npm run build:wasm` if this fails)', async () => {
    const committed = await readFile(GENERATED_PATH, 'utf8');
    expect(committed).toBe(await renderKernelsModule());
  });
});
