/** `npm run build:wasm`: regenerates kernels.wasm.ts from kernels.wat. */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { GENERATED_PATH, compileKernels, renderKernelsModule } from './compile';

const bytes = await compileKernels();
await writeFile(GENERATED_PATH, renderKernelsModule(bytes));
console.log(`wrote ${fileURLToPath(GENERATED_PATH)} (${bytes.length} bytes of WebAssembly)`);
