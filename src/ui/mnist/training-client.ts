/**
 * The page's end of the worker: starts it, sends typed commands, and hands typed events to one
 * listener. Kept apart from the page so the page reads as what it shows.
 */
import type { WorkerCommand, WorkerEvent } from './protocol';

export interface TrainingClient {
  send(command: WorkerCommand): void;
  terminate(): void;
}

export function startTrainingWorker(onEvent: (event: WorkerEvent) => void, onFailure: (message: string) => void): TrainingClient {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (message: MessageEvent<WorkerEvent>) => onEvent(message.data);
  worker.onerror = (event) => {
    event.preventDefault();
    onFailure(event.message || 'the training worker failed to start');
  };
  return {
    send: (command) => worker.postMessage(command),
    terminate: () => worker.terminate(),
  };
}
