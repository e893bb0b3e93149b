/**
 * An MNIST run as the page shows it: the training worker's life cycle (connect, commands,
 * terminate), the run's settings, the data's download, the progress and loss points of each slice,
 * the epochs' reports and confusion matrix, and the page's own copy of the network (pretrained,
 * trained, or loaded from a file) with what it predicts for the sample digits. Reactive fields the
 * views read and explicit methods for what a person does; the page only composes views around it.
 */
import { CLASSES } from '../../data/mnist';
import type { EpochReport } from '../../tensor/train';
import { readChosenText } from '../chosen-file';
import { download as downloadFile } from '../export-image';
import { argmax, describeShape, loadPretrained, modelFromFile, modelFromSnapshot, predictDigits, weightsFile, type PageModel } from './model';
import { LossSmoother, secondsLeft, type DigitSample, type KernelsInfo, type RunSettings, type RunState, type WorkerCommand, type WorkerEvent } from './protocol';
import { startTrainingWorker, type TrainingClient } from './training-client';

export type RunCommand = Exclude<WorkerCommand['type'], 'load'>;

export interface RunProgress {
  /** 1-based epoch of the last batch (0 before any). */
  epoch: number;
  batchInEpoch: number;
  batchesPerEpoch: number;
  examplesDone: number;
  /** A moving average, so the speed and the time left do not flicker from slice to slice. */
  examplesPerSecond: number;
}

/** Where a run gets its worker and the pretrained model (the page: the real ones; tests: stand-ins). */
export interface RunSources {
  startWorker(onEvent: (event: WorkerEvent) => void, onFailure: (message: string) => void): TrainingClient;
  loadPretrained(): Promise<PageModel>;
}

const BROWSER: RunSources = { startWorker: startTrainingWorker, loadPretrained };

const NO_PROGRESS: RunProgress = { epoch: 0, batchInEpoch: 0, batchesPerEpoch: 0, examplesDone: 0, examplesPerSecond: 0 };

export class MnistRun {
  settings: RunSettings = $state({ hidden: [128], activation: 'relu', optimizer: 'adam', lr: 0.001, batch: 64, epochs: 5, seed: 1 });
  runState: RunState = $state('loading');
  /** What the last run came to: finished, or paused because the loss diverged. */
  notice: string | undefined = $state();
  /** A failure of the worker or of loading the data or the pretrained model. */
  failure: string | undefined = $state();
  download = $state.raw({ loadedBytes: 0, totalBytes: 0, fromCache: false });
  dataInfo: { trainCount: number; testCount: number; kernels: KernelsInfo } | undefined = $state();
  /** The test digits the page shows and predicts on itself. */
  sample: DigitSample | undefined = $state.raw();

  /** The smoothed batch losses, as (epoch, loss) points. */
  lossPoints: [number, number][] = $state.raw([]);
  epochs: EpochReport[] = $state.raw([]);
  confusion: number[] | undefined = $state.raw();
  progress: RunProgress = $state.raw(NO_PROGRESS);
  /** The batch size and epochs of the run started last (the settings may be edited since). */
  runBatch = $state(64);
  runEpochs = $state(5);
  /** Milliseconds from Start to the first progress report. */
  firstFrameMs: number | undefined = $state();

  model: PageModel | undefined = $state.raw();
  /** Why the last weights file was refused. */
  loadError: string | undefined = $state();

  readonly examplesTotal = $derived((this.dataInfo?.trainCount ?? 0) * this.runEpochs);
  readonly secondsLeft = $derived(secondsLeft(this.progress.examplesDone, this.examplesTotal, this.progress.examplesPerSecond));
  readonly lastEpoch = $derived(this.epochs[this.epochs.length - 1]);
  /** The sample digits as the network's inputs, in [0, 1]. */
  readonly sampleInputs = $derived(this.sample === undefined ? undefined : Float32Array.from(this.sample.pixels, (value) => value / 255));
  /** The current model's class for each sample digit. */
  readonly samplePredictions = $derived.by(() => {
    const { model, sample, sampleInputs } = this;
    if (model === undefined || sample === undefined || sampleInputs === undefined) return undefined;
    const probabilities = predictDigits(model.network, sampleInputs, sample.labels.length);
    return Uint8Array.from({ length: sample.labels.length }, (_, i) => argmax(probabilities.subarray(i * CLASSES, (i + 1) * CLASSES)));
  });

  private client: TrainingClient | undefined;
  private smoother = new LossSmoother();
  private startedAt = 0;

  /** `limit`: train on the first `limit` digits only (quick demos and tests). */
  constructor(
    private readonly limit: number | undefined,
    private readonly sources: RunSources = BROWSER,
  ) {}

  /** Starts the worker, which downloads the digits, and loads the pretrained model. Returns the disconnect. */
  connect(baseUrl: string): () => void {
    const client = this.sources.startWorker((event) => this.handle(event), (message) => (this.failure = message));
    this.client = client;
    client.send(this.limit === undefined ? { type: 'load', baseUrl } : { type: 'load', baseUrl, limit: this.limit });
    this.sources.loadPretrained().then(
      (pretrained) => (this.model ??= pretrained),
      (error: unknown) => (this.failure = String(error)),
    );
    return () => {
      client.terminate();
      if (this.client === client) this.client = undefined;
    };
  }

  /** A button: start a new run with the settings as they are, or pause, resume, stop, reset this one. */
  command(type: RunCommand): void {
    if (type === 'start') {
      this.clear();
      this.runBatch = this.settings.batch;
      this.runEpochs = this.settings.epochs;
      this.startedAt = performance.now();
      this.client?.send({ type: 'start', settings: $state.snapshot(this.settings) });
      return;
    }
    if (type === 'reset') {
      this.clear();
      this.sources.loadPretrained().then(
        (pretrained) => (this.model = pretrained),
        (error: unknown) => (this.failure = String(error)),
      );
    }
    this.client?.send({ type });
  }

  /** Saves the current model's weights as a JSON file the page (and the CLI) can load. */
  saveModel(): void {
    if (this.model === undefined) return;
    downloadFile(`tracegrad-mnist-${describeShape(this.model.network).split(' ')[0]}.json`, JSON.stringify(weightsFile(this.model)), 'application/json');
  }

  /** Replaces the model with a weights file's; a file that is not one is refused with `loadError`. */
  async loadModel(file: File): Promise<void> {
    try {
      const loaded = modelFromFile(JSON.parse(await readChosenText(file)) as unknown, file.name);
      this.model = { ...loaded, source: `loaded from ${file.name}, ${describeShape(loaded.network)}` };
      this.loadError = undefined;
    } catch (error) {
      this.loadError = `${file.name}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** What the worker says, into the fields the views read. */
  handle(event: WorkerEvent): void {
    switch (event.type) {
      case 'download':
        this.download = { loadedBytes: event.loadedBytes, totalBytes: event.totalBytes, fromCache: event.fromCache };
        return;
      case 'ready':
        this.dataInfo = { trainCount: event.trainCount, testCount: event.testCount, kernels: event.kernels };
        this.sample = event.sample;
        return;
      case 'state':
        this.runState = event.state;
        if (event.state === 'diverged') this.notice = `Training paused: ${event.reason ?? 'the loss diverged'}.`;
        else if (event.reason === 'finished') this.notice = `Finished ${this.runEpochs} epoch${this.runEpochs === 1 ? '' : 's'}.`;
        return;
      case 'progress': {
        this.firstFrameMs ??= performance.now() - this.startedAt;
        const points: [number, number][] = [];
        event.losses.forEach((loss, i) => {
          const smoothed = this.smoother.add(loss);
          const batch = event.batchInEpoch - event.losses.length + i + 1;
          if (smoothed !== undefined) points.push([event.epoch - 1 + batch / event.batchesPerEpoch, smoothed]);
        });
        this.lossPoints = [...this.lossPoints, ...points];
        const speed = event.seconds > 0 ? event.examples / event.seconds : 0;
        const previous = this.progress.examplesPerSecond;
        this.progress = {
          epoch: event.epoch,
          batchInEpoch: event.batchInEpoch,
          batchesPerEpoch: event.batchesPerEpoch,
          examplesDone: this.progress.examplesDone + event.examples,
          examplesPerSecond: previous === 0 ? speed : 0.8 * previous + 0.2 * speed,
        };
        return;
      }
      case 'epoch': {
        this.epochs = [...this.epochs, event.report];
        this.confusion = event.confusion;
        const trained = modelFromSnapshot(event.model, '');
        this.model = { ...trained, source: `epoch ${event.report.epoch} of this run, ${describeShape(trained.network)}` };
        return;
      }
      case 'error':
        this.failure = event.message;
        return;
    }
  }

  /** Forgets the last run's points, reports and notice (a new start or a reset). */
  private clear(): void {
    this.lossPoints = [];
    this.epochs = [];
    this.confusion = undefined;
    this.progress = NO_PROGRESS;
    this.smoother = new LossSmoother();
    this.notice = undefined;
    this.firstFrameMs = undefined;
  }
}
