/**
 * The playground's network and its training run as the page shows them: one object with reactive
 * fields the views read (the neuron maps, the weights, the loss history, the epoch, the test
 * accuracy), refreshed together once a frame, and explicit methods for what a person does (follow
 * new settings, train an epoch, reset, edit a weight). The page only composes views around it.
 */
import type { LayerSpec } from '../../data/problem';
import type { Extent, Sample } from './datasets';
import type { LossPoint, Trainer, TrainerSettings } from '../../tensor/train';
import { PlaygroundNetwork, playgroundTrainer, type NetworkShape, type NeuronMaps } from './model';

/** Everything a session is built from, as the page's settings give it. */
export interface SessionInputs {
  shape: NetworkShape;
  seed: number;
  samples: readonly Sample[];
  options: TrainerSettings;
  /** The plane the neuron maps cover. */
  extent: Extent;
}

function sameShape(a: NetworkShape, b: NetworkShape): boolean {
  return (
    a.activation === b.activation &&
    a.output === b.output &&
    a.classes === b.classes &&
    a.features.length === b.features.length &&
    a.features.every((name, i) => name === b.features[i]) &&
    a.hidden.length === b.hidden.length &&
    a.hidden.every((size, i) => size === b.hidden[i])
  );
}

function sameSamples(a: readonly Sample[], b: readonly Sample[]): boolean {
  return a.length === b.length && a.every((sample, i) => sample.label === b[i]!.label && sample.test === b[i]!.test && sample.x[0] === b[i]!.x[0] && sample.x[1] === b[i]!.x[1]);
}

export class PlaygroundSession {
  network: PlaygroundNetwork = $state.raw()!;
  trainer: Trainer = $state.raw()!;
  maps: NeuronMaps | undefined = $state.raw();
  specs: LayerSpec[] = $state.raw([]);
  lossHistory: LossPoint[] = $state.raw([]);
  epoch = $state(0);
  /** Over the test points with the current weights; undefined when there are none. */
  testAccuracy: number | undefined = $state();
  playing = $state(false);
  private inputs: SessionInputs;

  constructor(inputs: SessionInputs) {
    this.inputs = inputs;
    this.start();
  }

  /** A fresh network from the seed, and a trainer on it from epoch 0. */
  private start(): void {
    this.network = new PlaygroundNetwork(this.inputs.shape, this.inputs.seed);
    this.trainer = this.makeTrainer();
  }

  private makeTrainer(): Trainer {
    const { samples, options, seed } = this.inputs;
    return playgroundTrainer(this.network, samples.filter((sample) => !sample.test), samples.filter((sample) => sample.test), options, seed);
  }

  /**
   * Follows changed settings. A new shape or seed starts over; new data alone keeps the weights
   * and the epoch count (adding a point does not throw training away); training settings apply to
   * the running trainer from its next batch. Returns true when it started over.
   */
  follow(next: SessionInputs): boolean {
    const previous = this.inputs;
    this.inputs = next;
    const startOver = next.seed !== previous.seed || !sameShape(next.shape, previous.shape);
    if (startOver) this.start();
    else if (!sameSamples(next.samples, previous.samples)) {
      const epoch = this.trainer.epoch;
      this.trainer = this.makeTrainer();
      this.trainer.epoch = epoch;
    } else this.trainer.settings = next.options;
    this.refresh();
    return startOver;
  }

  /** Copies what the views show from the network and the trainer (once a frame while training). */
  refresh(): void {
    this.maps = this.network.neuronMaps(this.inputs.extent);
    this.specs = this.network.layerSpecs();
    this.lossHistory = [...this.trainer.history];
    this.epoch = this.trainer.epoch;
    const test = this.inputs.samples.filter((sample) => sample.test);
    this.testAccuracy = test.length === 0 ? undefined : this.network.evaluate(test).accuracy;
  }

  /** One mini-batch (the page's frame loop calls it); true when it completed an epoch. */
  trainBatch(): boolean {
    const result = this.trainer.step();
    return result.status === 'trained' && result.epoch !== undefined;
  }

  stepEpoch(): void {
    this.trainer.runEpoch();
    this.refresh();
  }

  /** Stops training and starts over with the seed's weights. */
  reset(): void {
    this.playing = false;
    this.start();
    this.refresh();
  }

  /** After weights were changed from outside (an edit, a replayed update). */
  afterEdit(): void {
    this.trainer.refresh();
    this.refresh();
  }
}
