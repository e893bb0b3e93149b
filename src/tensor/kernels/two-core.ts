/**
 * The WebAssembly SIMD kernels on two cores: what Node (threads.ts, a worker thread) and the
 * browser (browser-threads.ts, a nested Web Worker) share. Each workspace lives in a shared memory;
 * one helper thread instantiates the same kernels on it and waits for jobs in a small control block.
 * A large matrix product is cut into small units that both threads claim in turn (ab and aᵀb by
 * rows of c, abᵀ by columns of c); a large Adam update into runs of parameters, a batch's gather
 * into rows, and large element-wise steps (biases by rows, ReLU and its derivative by entries)
 * likewise. Small products, updates and element-wise steps (at MNIST's batch of 64, all of the
 * element-wise ones) stay on this thread, where waking the helper would cost more than it saves;
 * so do the bias gradient's row sums. Every unit boundary is a multiple of 4 rows, columns or
 * entries, so each number is computed by the same operations whichever thread computes it: two
 * cores give one core's results, bit for bit.
 *
 * On a busy machine the helper may be slow to wake up (another thread has its core): this thread
 * does not wait for it but takes the units itself, and waits only for a claim the helper has
 * already started, so two cores are never much slower than one.
 *
 * Nothing here imports a Node module: the browser bundle includes this file.
 */
import type { KernelBackend, Workspace } from './types';
import { allocateArrays, bindWorkspace, kernelModule, type Arithmetic, type KernelExports } from './wasm';

/** Products below this many multiply-adds (≈ 40 µs on one core) are not worth a hand-off. */
export const PARALLEL_MULTIPLY_ADDS = 1 << 20;
/** Adam updates of fewer parameters (≈ 60 µs on one core) are not worth a hand-off either. */
export const PARALLEL_PARAMETERS = 1 << 16;
/** Gathers of fewer bytes (≈ 5 µs on one core) stay on this thread; MNIST's batch of 64 digits is 50,176. */
export const PARALLEL_GATHERED_BYTES = 1 << 14;
/**
 * Element-wise steps (biases, ReLU, its derivative) over fewer entries (≈ 15 µs on one core) stay
 * on this thread too: at MNIST's batch of 64 a hidden layer of 128 has 8,192, a microsecond of work.
 */
export const PARALLEL_ELEMENTS = 1 << 17;

/**
 * The control block both threads see (an Int32Array on a SharedArrayBuffer): its slots, and the
 * codes of the kinds of job. One object, passed to `serveJobs` and `workOnJob`, so that the
 * helper's code needs nothing from this module's scope (see `serveJobs`).
 *
 * A job is cut into units (rows of a product, runs of parameters or entries) that either thread
 * claims with a compare-and-exchange on the claim word, a quarter of what is left at a time (at
 * least one unit): large claims while much is left, single units at the end, so that whichever
 * thread finishes first waits for at most a small last claim of the other's. This thread works
 * from the start, and the helper joins in from the end as soon as it wakes. A helper that wakes
 * late, or loses its core to another program halfway, holds up at most the claim it is on,
 * instead of half the job.
 */
export const CONTROL = {
  /** Slot: the newest job's tag; the helper waits for it to change. */
  posted: 0,
  /**
   * Slot: the newest job's claim word: its tag (bits 12–30), one past the last unclaimed unit
   * (bits 6–11) and the first unclaimed unit (bits 0–5). The posting thread claims from the
   * start, the helper from the end, so that in consecutive jobs each usually gets the same rows
   * (a weight gradient's rows, then the same rows' Adam update) while they are still in its cache.
   * Tagging the word with the job means a thread still looking at an older job can never claim a
   * unit of a newer one.
   */
  claims: 1,
  /** Slot: how many units of the newest job are finished, by either thread. */
  done: 2,
  /** Slot: what the newest job is, one of the jobs below. */
  task: 3,
  /** Slot: 1 once the helper serves this workspace; until then no job is posted. */
  serving: 4,
  /** Slot: how many rows (or parameters, or entries) one unit covers; the last takes what is left. */
  unit: 5,
  /**
   * First of the slots holding a job's arguments, for the whole job, in the order the kernel
   * takes them: up to eight integers; adam's five integers, then its four float32 numbers (stored
   * as float32 bits).
   */
  arguments: 6,
  slots: 15,
  /** Tags count up modulo this (19 bits); only equality is ever asked of them. */
  tagModulus: 1 << 19,
  /** Units a shared job is cut into (at most 63, the claim word's six bits). */
  units: 32,
  /**
   * How many times a waiting thread reads the control block (≈ 0.1–0.2 ms in all) before it sleeps
   * in Atomics.wait: the next job of a batch usually comes sooner, and waking a sleeping thread
   * can take longer than the part it is woken for.
   */
  spinChecks: 20_000,
  /** Job: matmulStrided (c, a, b, m, k, n, aRowStep, aStep), cut by rows of c. */
  matmulJob: 0,
  /** Job: adam (values, grads, m, v, length; β₁, β₂, step, ε), cut by parameters. */
  adamJob: 1,
  /** Job: this workspace has been replaced; stop serving it and wait for the next assignment. */
  releaseJob: 2,
  /**
   * Job: matmulTransposedB (c, a, b, m, k, n), cut by columns of c (neurons), not rows: a unit
   * then reads only its own rows of W, the same rows whose gradient and Adam update that thread
   * usually computes, instead of every thread reading all of W from the other's cache.
   */
  matmulTransposedBJob: 3,
  /** Job: addBias (a, biases, rows, cols), cut by rows. */
  addBiasJob: 4,
  /** Jobs: relu (z, a, length) and reluDerivative (δ, a, length), cut by entries. */
  reluJob: 5,
  reluDerivativeJob: 6,
  /** Job: gatherUnitRows (x, source, indices, rows, rowLength), cut by rows. */
  gatherUnitRowsJob: 7,
} as const;
export type ControlLayout = typeof CONTROL;

/** What the helper is sent for each new workspace; it answers by running `serveJobs` on it. */
export interface HelperAssignment {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: Int32Array;
}

/**
 * Claims units of the job tagged `tag` and runs them, until none is left to claim; returns how
 * many units this thread ran. Both threads run it: the posting thread right after posting, the
 * helper whenever it wakes to a new tag. A job's arguments are read only after a claim, and the
 * posting thread changes them only once every unit of the job is done, so they are never stale.
 *
 * Like `serveJobs`, it uses only its parameters and globals and defines no function inside it
 * (see there).
 */
export function workOnJob(kernels: KernelExports, control: Int32Array, layout: ControlLayout, tag: number, fromEnd: boolean): number {
  const floats = new Float32Array(control.buffer, control.byteOffset, control.length);
  const at = layout.arguments;
  let ran = 0;
  for (;;) {
    const word = Atomics.load(control, layout.claims);
    const next = word & 63;
    const end = (word >>> 6) & 63;
    if (word >>> 12 !== tag || next >= end) return ran;
    // A quarter of what is left, at least one unit (see CONTROL).
    const size = Math.max(1, (end - next) >> 2);
    if (Atomics.compareExchange(control, layout.claims, word, fromEnd ? word - (size << 6) : word + size) !== word) continue;
    const task = Atomics.load(control, layout.task);
    const unit = Atomics.load(control, layout.unit);
    const first = (fromEnd ? end - size : next) * unit;
    const count = size * unit;
    if (task === layout.matmulJob) {
      const n = control[at + 5]!;
      const aRowStep = control[at + 6]!;
      kernels.matmulStrided(control[at]! + first * n * 4, control[at + 1]! + first * aRowStep, control[at + 2]!,
        Math.min(count, control[at + 3]! - first), control[at + 4]!, n, aRowStep, control[at + 7]!);
    } else if (task === layout.matmulTransposedBJob) {
      const k = control[at + 4]!;
      const n = control[at + 5]!;
      kernels.matmulTransposedBColumns(control[at]! + first * 4, control[at + 1]!, control[at + 2]! + first * k * 4,
        control[at + 3]!, k, Math.min(count, n - first), n * 4);
    } else if (task === layout.adamJob) {
      const offset = first * 4;
      kernels.adam(control[at]! + offset, control[at + 1]! + offset, control[at + 2]! + offset, control[at + 3]! + offset,
        Math.min(count, control[at + 4]! - first), floats[at + 5]!, floats[at + 6]!, floats[at + 7]!, floats[at + 8]!);
    } else if (task === layout.addBiasJob) {
      const cols = control[at + 3]!;
      kernels.addBias(control[at]! + first * cols * 4, control[at + 1]!, Math.min(count, control[at + 2]! - first), cols);
    } else if (task === layout.reluJob) {
      kernels.relu(control[at]! + first * 4, control[at + 1]! + first * 4, Math.min(count, control[at + 2]! - first));
    } else if (task === layout.reluDerivativeJob) {
      kernels.reluDerivative(control[at]! + first * 4, control[at + 1]! + first * 4, Math.min(count, control[at + 2]! - first));
    } else if (task === layout.gatherUnitRowsJob) {
      const rowLength = control[at + 4]!;
      kernels.gatherUnitRows(control[at]! + first * rowLength * 4, control[at + 1]!, control[at + 2]! + first * 4,
        Math.min(count, control[at + 3]! - first), rowLength);
    }
    ran += size;
    Atomics.add(control, layout.done, size);
    Atomics.notify(control, layout.done);
  }
}

/**
 * The helper's side: works on each job posted on `control` (with `work`, which is `workOnJob`)
 * until the workspace is released, then returns (so the helper's event loop can receive the next
 * workspace).
 *
 * It uses only its parameters and globals, and defines no function inside it: Node's helper runs
 * this function's source text, as plain JavaScript in a worker thread that has no TypeScript
 * loader (threads.ts), where a nested function would call tsx's naming helper, which is not there.
 * The browser's helper imports it like any function.
 */
export function serveJobs(kernels: KernelExports, control: Int32Array, layout: ControlLayout, work: typeof workOnJob): void {
  let seen = Atomics.load(control, layout.posted);
  // A workspace replaced before its assignment arrived was released before `seen` was read: its
  // release will never be posted again, so waiting for a newer job would wait for ever (and leave
  // every later workspace computing alone). A release posted after this check changes `posted`.
  if (Atomics.load(control, layout.task) === layout.releaseJob) return;
  Atomics.store(control, layout.serving, 1);
  Atomics.notify(control, layout.serving);
  for (;;) {
    for (let check = 0; check < layout.spinChecks && Atomics.load(control, layout.posted) === seen; check++);
    Atomics.wait(control, layout.posted, seen);
    seen = Atomics.load(control, layout.posted);
    // The release is the last job a workspace posts, and it has no units.
    if (Atomics.load(control, layout.task) === layout.releaseJob) return;
    work(kernels, control, layout, seen, true);
  }
}

export interface TwoCoreWorkspace extends Workspace {
  /**
   * Blocks up to `timeoutMs` until the helper serves this workspace; whether it does. For tests:
   * in a browser the helper may not receive the workspace while this thread is blocked.
   */
  awaitHelper(timeoutMs: number): boolean;
  /** Jobs offered to the helper so far, and in how many of them it ran at least one unit. */
  readonly jobs: { offered: number; ranByHelper: number };
}

export interface TwoCoreBackend extends KernelBackend {
  createWorkspace(lengths: readonly number[]): TwoCoreWorkspace;
}

/** For each helper (known by the function that assigns it work): how to release the workspace it serves. */
const releaseNewest = new WeakMap<(assignment: HelperAssignment) => void, () => void>();

/** Rows (or parameters, or entries) per unit when `total` are cut into CONTROL.units: a multiple of 4, so blocks and vectors stay whole. */
function unitSize(total: number): number {
  return 4 * Math.ceil(total / (4 * CONTROL.units));
}

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
    let tag = 0;
    let offered = 0;
    let ranByHelper = 0;
    let released = false;
    let helperServing = false;

    /** Makes the job whose arguments are in the control block the newest, with `units` units to claim. */
    function post(task: number, unit: number, units: number): void {
      tag = (tag + 1) % CONTROL.tagModulus;
      Atomics.store(control, CONTROL.task, task);
      Atomics.store(control, CONTROL.unit, unit);
      Atomics.store(control, CONTROL.done, 0);
      // Last, after everything a claimant reads: the units become claimable.
      Atomics.store(control, CONTROL.claims, (tag << 12) | (units << 6));
      Atomics.store(control, CONTROL.posted, tag);
      Atomics.notify(control, CONTROL.posted);
    }

    /** Posts the job (arguments already set), works on it with the helper, and returns once all of it is done. */
    function share(task: number, total: number): void {
      const unit = unitSize(total);
      const units = Math.ceil(total / unit);
      offered++;
      post(task, unit, units);
      if (workOnJob(kernels, control, CONTROL, tag, false) === units) return;
      ranByHelper++;
      for (let check = 0; check < CONTROL.spinChecks; check++) if (Atomics.load(control, CONTROL.done) === units) return;
      for (let done = Atomics.load(control, CONTROL.done); done !== units; done = Atomics.load(control, CONTROL.done)) {
        Atomics.wait(control, CONTROL.done, done);
      }
    }

    releaseNewest.set(assign, () => {
      released = true;
      helperServing = false;
      // Not waited for: the helper sees it in its own time and then takes the next assignment,
      // which is already on its way.
      post(CONTROL.releaseJob, 0, 0);
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

    /** c = A·b with A laid out by its steps (kernels.wat, $product), cut by rows of c. */
    function matmulStrided(c: number, a: number, b: number, m: number, k: number, n: number, aRowStep: number, aStep: number): void {
      if (m < 8 || m * k * n < PARALLEL_MULTIPLY_ADDS || !helperReady()) {
        kernels.matmulStrided(c, a, b, m, k, n, aRowStep, aStep);
        return;
      }
      control.set([c, a, b, m, k, n, aRowStep, aStep], CONTROL.arguments);
      share(CONTROL.matmulJob, m);
    }

    /** c = a·bᵀ (b stored n×k), cut by columns of c (rows of b). */
    function matmulTransposedB(c: number, a: number, b: number, m: number, k: number, n: number): void {
      if (n < 8 || m * k * n < PARALLEL_MULTIPLY_ADDS || !helperReady()) {
        kernels.matmulTransposedB(c, a, b, m, k, n);
        return;
      }
      control.set([c, a, b, m, k, n], CONTROL.arguments);
      share(CONTROL.matmulTransposedBJob, n);
    }

    /** a += biases on every row, cut by rows. */
    function addBias(a: number, biases: number, rows: number, cols: number): void {
      if (rows < 8 || rows * cols < PARALLEL_ELEMENTS || !helperReady()) {
        kernels.addBias(a, biases, rows, cols);
        return;
      }
      control.set([a, biases, rows, cols], CONTROL.arguments);
      share(CONTROL.addBiasJob, rows);
    }

    /** x's rows gathered from a byte matrix and scaled, cut by rows: both threads fetch rows from memory at once. */
    function gatherUnitRows(x: number, source: number, indices: number, rows: number, rowLength: number): void {
      if (rows < 8 || rows * rowLength < PARALLEL_GATHERED_BYTES || !helperReady()) {
        kernels.gatherUnitRows(x, source, indices, rows, rowLength);
        return;
      }
      control.set([x, source, indices, rows, rowLength], CONTROL.arguments);
      share(CONTROL.gatherUnitRowsJob, rows);
    }

    /** An element-wise kernel of (out, input, length), `relu` or `reluDerivative`, cut by entries. */
    function elementwise(task: number, kernel: (out: number, input: number, length: number) => void, out: number, input: number, length: number): void {
      if (length < PARALLEL_ELEMENTS || !helperReady()) {
        kernel(out, input, length);
        return;
      }
      control.set([out, input, length], CONTROL.arguments);
      share(task, length);
    }

    /** One Adam update, cut by parameters (whole vectors but for the last unit's length mod 4, as on one thread). */
    function adam(values: number, grads: number, m: number, v: number, length: number, beta1: number, beta2: number, stepSize: number, epsilon: number): void {
      if (length < PARALLEL_PARAMETERS || !helperReady()) {
        kernels.adam(values, grads, m, v, length, beta1, beta2, stepSize, epsilon);
        return;
      }
      control.set([values, grads, m, v, length], CONTROL.arguments);
      floats.set([beta1, beta2, stepSize, epsilon], CONTROL.arguments + 5);
      share(CONTROL.adamJob, length);
    }

    return {
      ...bindWorkspace(buffer, arrays, {
        matmul: (c, a, b, m, k, n) => matmulStrided(c, a, b, m, k, n, k * 4, 4),
        matmulStrided,
        matmulTransposedB,
        addBias,
        sumRows: kernels.sumRows,
        gatherUnitRows,
        relu: (z, a, length) => elementwise(CONTROL.reluJob, kernels.relu, z, a, length),
        reluDerivative: (delta, a, length) => elementwise(CONTROL.reluDerivativeJob, kernels.reluDerivative, delta, a, length),
        adam,
      }),
      awaitHelper(timeoutMs) {
        Atomics.wait(control, CONTROL.serving, 0, timeoutMs);
        return helperReady();
      },
      get jobs() {
        return { offered, ranByHelper };
      },
    };
  }

  return { name: 'wasm-simd-threads', createWorkspace };
}
