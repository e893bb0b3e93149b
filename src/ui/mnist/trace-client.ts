/**
 * The page's end of the trace worker (trace-worker.ts): `record` sends a problem and resolves with
 * its trace as columns (typed arrays and a string table), which the page's Trace keeps as they are.
 * A new request supersedes the one in progress, whose worker is stopped at once: there is no
 * point finishing a second of recording nobody will look at.
 */
import type { Problem } from '../../data/problem';
import type { PackedTrace } from '../../engine/packed-trace';
import type { Agreement } from '../../data/agreement';

export interface TraceRequest {
  id: number;
  problem: Problem;
}

export interface RecordedDigit {
  packed: PackedTrace;
  /** How long the worker took to record it. */
  seconds: number;
  /** The scalar run's output ŷ (before the update). */
  output: number[];
  /** The recorded run's ∂L/∂W^{[1]}, outputs×inputs row after row, and δ^{[1]}. */
  firstLayer: { gradWeights: Float32Array; delta: number[] };
  /** The tensor engine's numbers against the recorded run's. */
  agreement: Agreement;
}

export type TraceResponse = ({ type: 'trace'; id: number } & RecordedDigit) | { type: 'error'; id: number; message: string };

/** What `record` resolves with when a later request took its place. */
export const SUPERSEDED = 'superseded';

export class TraceRecorder {
  private worker: Worker | undefined;
  private nextId = 0;
  private pending: { id: number; settle: (outcome: RecordedDigit | typeof SUPERSEDED | Error) => void } | undefined;

  record(problem: Problem): Promise<RecordedDigit | typeof SUPERSEDED> {
    if (this.pending !== undefined) {
      this.pending.settle(SUPERSEDED);
      this.stopWorker();
    }
    const id = this.nextId++;
    const worker = this.startWorker();
    return new Promise((resolve, reject) => {
      this.pending = { id, settle: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)) };
      const request: TraceRequest = { id, problem };
      worker.postMessage(request);
    });
  }

  /** Stops the worker; a request in progress resolves as superseded. */
  close(): void {
    this.pending?.settle(SUPERSEDED);
    this.pending = undefined;
    this.stopWorker();
  }

  private startWorker(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(new URL('./trace-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }: MessageEvent<TraceResponse>) => {
      const pending = this.pending;
      if (pending === undefined || pending.id !== data.id) return;
      this.pending = undefined;
      if (data.type === 'error') pending.settle(new Error(data.message));
      else {
        const { type: _type, id: _id, ...recorded } = data;
        pending.settle(recorded);
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const pending = this.pending;
      this.pending = undefined;
      this.stopWorker();
      pending?.settle(new Error(event.message || 'the recording worker failed to start'));
    };
    this.worker = worker;
    return worker;
  }

  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }
}
