/** `npm run build:wasm`: regenerates kernels.wasm.ts from kernels.wat. */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { GENERATED_PATH, renderKernelsModule } from './compile';

await writeFile(GENERATED_PATH, await renderKernelsModule());
console.log(`wrote ${fileURLToPath(GENERATED_PATH)}`);
