/**
 * The WebAssembly SIMD kernels on two cores: what Node (threads.ts, a worker thread) and the
 * browser (browser-threads.ts, a nested Web Worker) share. Each workspace lives in a shared memory;
 * one helper thread instantiates the same kernels on it and waits for jobs in a small control block.
 * A large matrix product (any of the three: ab, aᵀb, abᵀ) is split by rows of c: the helper is
 * offered the lower rows while this thread computes the upper ones. A large Adam update is split
 * the same way, into the first and second half of the parameters, and so are the element-wise
 * steps (biases by rows, ReLU and its derivative by halves). Small products, updates and
 * element-wise steps (at MNIST's batch of 64, all of the element-wise ones) stay on this thread,
 * where waking the helper would cost more than it saves. The bias gradient's row sums always do.
 *
 * On a busy machine the helper may be slow to wake up (another thread has its core): if it has not
 * started its part by the time this thread has finished its own, this thread takes the part back
 * and computes it too, so two cores are never much slower than one.
 *
 * Nothing here imports a Node module: the browser bundle includes this file.
 */
import type { KernelBackend, Workspace } from './types';
import { allocateArrays, bindWorkspace, kernelModule, type Arithmetic, type KernelExports } from './wasm';

/** Products below this many multiply-adds (≈ 40 µs on one core) are not worth a hand-off. */
export const PARALLEL_MULTIPLY_ADDS = 1 << 20;
/** Adam updates of fewer parameters (≈ 60 µs on one core) are not worth a hand-off either. */
export const PARALLEL_PARAMETERS = 1 << 16;
/**
 * Element-wise steps (biases, ReLU, its derivative) over fewer entries (≈ 15 µs on one core) stay
 * on this thread too: at MNIST's batch of 64 a hidden layer of 128 has 8,192, a microsecond of work.
 */
export const PARALLEL_ELEMENTS = 1 << 17;

/**
 * The control block both threads see (an Int32Array on a SharedArrayBuffer): its slots, and the
 * codes of the two kinds of job. One object, passed to `serveJobs`, so that the helper's loop needs
 * nothing from this module's scope (see `serveJobs`).
 */
export const CONTROL = {
  /** Slot: the number of the newest job (they count from 1); the helper waits on it. */
  posted: 0,
  /**
   * Slot: the newest job's number while neither thread has claimed it, 0 once one has. Each thread
   * claims with a compare-and-exchange, so exactly one of them runs the helper's part.
   */
  unclaimed: 1,
  /** Slot: the number of the last job the helper finished; the posting thread waits on it. */
  finished: 2,
  /** Slot: what the newest job is, one of the jobs below. */
  task: 3,
  /** Slot: 1 once the helper serves this workspace; until then no job is posted. */
  serving: 4,
  /**
   * First of the slots holding a job's arguments, in the order the kernel takes them: matmulStrided's
   * eight integers; adam's five integers, then its four float32 numbers (stored as float32 bits).
   */
  arguments: 5,
  slots: 14,
  /**
   * How many times a waiting thread reads the control block (≈ 0.1–0.2 ms in all) before it sleeps
   * in Atomics.wait: the next job of a batch usually comes sooner, and waking a sleeping thread
   * can take longer than the part it is woken for.
   */
  spinChecks: 20_000,
  /** Job: run matmulStrided with the arguments. */
  matmulJob: 0,
  /** Job: run adam with the arguments. */
  adamJob: 1,
  /** Job: this workspace has been replaced; stop serving it and wait for the next assignment. */
  releaseJob: 2,
  /** Job: run matmulTransposedB with the arguments (six integers). */
  matmulTransposedBJob: 3,
  /** Jobs: run addBias (four integers), relu or reluDerivative (three) with the arguments. */
  addBiasJob: 4,
  reluJob: 5,
  reluDerivativeJob: 6,
} as const;
export type ControlLayout = typeof CONTROL;

/** What the helper is sent for each new workspace; it answers by running `serveJobs` on it. */
export interface HelperAssignment {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: Int32Array;
}

/**
 * The helper's side: runs the jobs posted on `control` until the workspace is released, then
 * returns (so the helper's event loop can receive the next workspace).
 *
 * It uses only its parameters and globals: Node's helper runs this function's source text, as
 * plain JavaScript in a worker thread that has no TypeScript loader (threads.ts). The browser's
 * helper imports it like any function.
 */
export function serveJobs(kernels: KernelExports, control: Int32Array, layout: ControlLayout): void {
  const floats = new Float32Array(control.buffer, control.byteOffset, control.length);
  const argument = layout.arguments;
  let seen = 0;
  Atomics.store(control, layout.serving, 1);
  Atomics.notify(control, layout.serving);
  for (;;) {
    for (let check = 0; check < layout.spinChecks && Atomics.load(control, layout.posted) === seen; check++);
    Atomics.wait(control, layout.posted, seen);
    seen = Atomics.load(control, layout.posted);
    // Too late: the posting thread has taken this job back (or posted a newer one, seen next time).
    if (Atomics.compareExchange(control, layout.unclaimed, seen, 0) !== seen) continue;
    const task = Atomics.load(control, layout.task);
    if (task === layout.releaseJob) return;
    if (task === layout.matmulJob) {
      kernels.matmulStrided(control[argument]!, control[argument + 1]!, control[argument + 2]!, control[argument + 3]!,
        control[argument + 4]!, control[argument + 5]!, control[argument + 6]!, control[argument + 7]!);
    } else if (task === layout.matmulTransposedBJob) {
      kernels.matmulTransposedB(control[argument]!, control[argument + 1]!, control[argument + 2]!, control[argument + 3]!,
        control[argument + 4]!, control[argument + 5]!);
    } else if (task === layout.addBiasJob) {
      kernels.addBias(control[argument]!, control[argument + 1]!, control[argument + 2]!, control[argument + 3]!);
    } else if (task === layout.reluJob) {
      kernels.relu(control[argument]!, control[argument + 1]!, control[argument + 2]!);
    } else if (task === layout.reluDerivativeJob) {
      kernels.reluDerivative(control[argument]!, control[argument + 1]!, control[argument + 2]!);
    } else if (task === layout.adamJob) {
      kernels.adam(control[argument]!, control[argument + 1]!, control[argument + 2]!, control[argument + 3]!, control[argument + 4]!,
        floats[argument + 5]!, floats[argument + 6]!, floats[argument + 7]!, floats[argument + 8]!);
    }
    Atomics.store(control, layout.finished, seen);
    Atomics.notify(control, layout.finished);
  }
}

export interface TwoCoreWorkspace extends Workspace {
  /**
   * Blocks up to `timeoutMs` until the helper serves this workspace; whether it does. For tests:
   * in a browser the helper may not receive the workspace while this thread is blocked.
   */
  awaitHelper(timeoutMs: number): boolean;
  /** Jobs offered to the helper so far, and how many of them it ran (this thread took back the rest). */
  readonly jobs: { offered: number; ranByHelper: number };
}

export interface TwoCoreBackend extends KernelBackend {
  createWorkspace(lengths: readonly number[]): TwoCoreWorkspace;
}

/** For each helper (known by the function that assigns it work): how to release the workspace it serves. */
const releaseNewest = new WeakMap<(assignment: HelperAssignment) => void, () => void>();

/**
 * A backend whose workspaces split large products and updates with one helper thread; `assign`
 * sends the helper a new workspace (it must call `serveJobs` on it). The helper serves the newest
 * workspace only: the one before is released first and from then on computes alone, so no
 * workspace ever waits for a job the helper will not run, and a page that trains many networks in
 * turn keeps one helper. Backends made with the same `assign` share that rule, whatever their
 * arithmetic (by default the best the runtime has when a workspace is created; wasm.ts).
 */
export function twoCoreBackend(assign: (assignment: HelperAssignment) => void, arithmetic?: Arithmetic): TwoCoreBackend {
  function createWorkspace(lengths: readonly number[]): TwoCoreWorkspace {
    releaseNewest.get(assign)?.();
    const { memory, buffer, arrays } = allocateArrays(lengths, true);
    const module = kernelModule(true, arithmetic);
    const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
    const control = new Int32Array(new SharedArrayBuffer(CONTROL.slots * 4));
    const floats = new Float32Array(control.buffer);
    let posted = 0;
    let ranByHelper = 0;
    let released = false;
    let helperServing = false;

    /** Offers the helper a job whose arguments are already in the control block. */
    function post(task: number): void {
      posted++;
      Atomics.store(control, CONTROL.task, task);
      Atomics.store(control, CONTROL.unclaimed, posted);
      Atomics.store(control, CONTROL.posted, posted);
      Atomics.notify(control, CONTROL.posted);
    }

    /** After this thread's part: true if the helper never started the job, which is now ours. */
    function tookBack(): boolean {
      return Atomics.compareExchange(control, CONTROL.unclaimed, posted, 0) === posted;
    }

    releaseNewest.set(assign, () => {
      released = true;
      helperServing = false;
      // Not waited for, nor taken back: the helper claims it in its own time and then takes the
      // next assignment, which is already on its way.
      post(CONTROL.releaseJob);
    });
    assign({ module, memory, control });

    /**
     * Whether jobs may be posted: only once the helper has said it serves this workspace, so that
     * this thread never waits for a helper that has not yet received it (in a browser the
     * assignment may not even be delivered while this thread is blocked), and never after release.
     */
    function helperReady(): boolean {
      if (!helperServing && !released) helperServing = Atomics.load(control, CONTROL.serving) === 1;
      return helperServing;
    }

    function waitForHelper(): void {
      ranByHelper++;
      for (let check = 0; check < CONTROL.spinChecks; check++) if (Atomics.load(control, CONTROL.finished) === posted) return;
      for (let finished = Atomics.load(control, CONTROL.finished); finished !== posted; finished = Atomics.load(control, CONTROL.finished)) {
        Atomics.wait(control, CONTROL.finished, finished);
      }
    }

    /** c = A·b with A laid out by its steps (kernels.wat, $product), split by rows of c. */
    function matmulStrided(c: number, a: number, b: number, m: number, k: number, n: number, aRowStep: number, aStep: number): void {
      if (m < 8 || m * k * n < PARALLEL_MULTIPLY_ADDS || !helperReady()) {
        kernels.matmulStrided(c, a, b, m, k, n, aRowStep, aStep);
        return;
      }
      // This thread takes the first `upper` rows (a multiple of 4, so its blocks stay whole).
      const upper = (m >> 3) << 2;
      const lower = [c + upper * n * 4, a + upper * aRowStep, b, m - upper, k, n, aRowStep, aStep] as const;
      control.set(lower, CONTROL.arguments);
      post(CONTROL.matmulJob);
      kernels.matmulStrided(c, a, b, upper, k, n, aRowStep, aStep);
      if (tookBack()) kernels.matmulStrided(...lower);
      else waitForHelper();
    }

    /** c = a·bᵀ (b stored n×k), split by rows of c like the other products. */
    function matmulTransposedB(c: number, a: number, b: number, m: number, k: number, n: number): void {
      if (m < 8 || m * k * n < PARALLEL_MULTIPLY_ADDS || !helperReady()) {
        kernels.matmulTransposedB(c, a, b, m, k, n);
        return;
      }
      const upper = (m >> 3) << 2;
      const lower = [c + upper * n * 4, a + upper * k * 4, b, m - upper, k, n] as const;
      control.set(lower, CONTROL.arguments);
      post(CONTROL.matmulTransposedBJob);
      kernels.matmulTransposedB(c, a, b, upper, k, n);
      if (tookBack()) kernels.matmulTransposedB(...lower);
      else waitForHelper();
    }

    /** a += biases on every row: the helper takes the lower half of the rows. */
    function addBias(a: number, biases: number, rows: number, cols: number): void {
      if (rows < 2 || rows * cols < PARALLEL_ELEMENTS || !helperReady()) {
        kernels.addBias(a, biases, rows, cols);
        return;
      }
      const upper = rows >> 1;
      const lower = [a + upper * cols * 4, biases, rows - upper, cols] as const;
      control.set(lower, CONTROL.arguments);
      post(CONTROL.addBiasJob);
      kernels.addBias(a, biases, upper, cols);
      if (tookBack()) kernels.addBias(...lower);
      else waitForHelper();
    }

    /**
     * An element-wise kernel of (out, input, length), `relu` or `reluDerivative`, split into halves
     * (the first a multiple of 4, so both run whole vectors but for the helper's last length mod 4).
     */
    function elementwise(task: number, kernel: (out: number, input: number, length: number) => void, out: number, input: number, length: number): void {
      if (length < PARALLEL_ELEMENTS || !helperReady()) {
        kernel(out, input, length);
        return;
      }
      const first = (length >> 3) << 2;
      const second = [out + first * 4, input + first * 4, length - first] as const;
      control.set(second, CONTROL.arguments);
      post(task);
      kernel(out, input, first);
      if (tookBack()) kernel(...second);
      else waitForHelper();
    }

    function adam(values: number, grads: number, m: number, v: number, length: number, beta1: number, beta2: number, stepSize: number, epsilon: number): void {
      if (length < PARALLEL_PARAMETERS || !helperReady()) {
        kernels.adam(values, grads, m, v, length, beta1, beta2, stepSize, epsilon);
        return;
      }
      // A multiple of 4, so both halves run whole vectors until the helper's last length mod 4:
      // every parameter gets the same float32 operations as on one thread.
      const firstHalf = (length >> 3) << 2;
      const offset = firstHalf * 4;
      const secondHalf = [values + offset, grads + offset, m + offset, v + offset, length - firstHalf] as const;
      control.set(secondHalf, CONTROL.arguments);
      floats.set([beta1, beta2, stepSize, epsilon], CONTROL.arguments + 5);
      post(CONTROL.adamJob);
      kernels.adam(values, grads, m, v, firstHalf, beta1, beta2, stepSize, epsilon);
      if (tookBack()) kernels.adam(...secondHalf, beta1, beta2, stepSize, epsilon);
      else waitForHelper();
    }

    return {
      ...bindWorkspace(buffer, arrays, {
        matmul: (c, a, b, m, k, n) => matmulStrided(c, a, b, m, k, n, k * 4, 4),
        matmulStrided,
        matmulTransposedB,
        addBias,
        sumRows: kernels.sumRows,
        relu: (z, a, length) => elementwise(CONTROL.reluJob, kernels.relu, z, a, length),
        reluDerivative: (delta, a, length) => elementwise(CONTROL.reluDerivativeJob, kernels.reluDerivative, delta, a, length),
        adam,
      }),
      awaitHelper(timeoutMs) {
        Atomics.wait(control, CONTROL.serving, 0, timeoutMs);
        return helperReady();
      },
      get jobs() {
        // The release job is no job of this workspace's.
        return { offered: released ? posted - 1 : posted, ranByHelper };
      },
    };
  }

  return { name: 'wasm-simd-threads', createWorkspace };
}
