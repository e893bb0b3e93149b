/**
 * The batched multilayer perceptron: the slides' matrix algorithm on B×n row-major matrices,
 * one row per sample. For layer l with n_{l-1} inputs and n_l neurons:
 *
 *   forward   a^{[l]} = z^{[l-1]} W^{[l]ᵀ} + b^{[l]}         (B×n_l)     z^{[l]} = σ(a^{[l]})
 *   backward  ∂L/∂W^{[l]} = δ^{[l]ᵀ} z^{[l-1]}                (n_l×n_{l-1}: Σ over the batch of δ_i z_iᵀ)
 *             ∂L/∂b^{[l]} = Σ_i δ^{[l]}_i
 *             δ^{[l-1]}   = (δ^{[l]} W^{[l]}) ⊙ σ'(a^{[l-1]}) (the rows of Wᵀδ, one per sample)
 *
 * Every array lives in one kernel workspace, allocated once for the largest batch; a smaller batch
 * uses the first rows.
 */
import type { ActivationName, LossName } from '../data/problem';
import { activation as activationNamed, type Activation } from './activations';
import type { KernelBackend, Workspace } from './kernels/types';
import { loss as lossNamed, type BatchOutput } from './losses';
import type { Random } from '../data/random';

export interface LayerShape {
  inputs: number;
  outputs: number;
  activation: ActivationName;
}

export interface TensorLayer {
  readonly shape: LayerShape;
  readonly activation: Activation;
  /** W^{[l]}: outputs×inputs, one row per neuron. */
  readonly weights: Float32Array;
  readonly biases: Float32Array;
  readonly gradWeights: Float32Array;
  readonly gradBiases: Float32Array;
  /** a^{[l]}, z^{[l]} and δ^{[l]}: batch×outputs. */
  readonly a: Float32Array;
  readonly z: Float32Array;
  readonly delta: Float32Array;
  /** The optimizer's running averages for the weights and the biases (see optimizers.ts). */
  readonly weightsState: OptimizerState;
  readonly biasesState: OptimizerState;
}

/** Two arrays the size of a parameter: momentum's velocity uses the first, Adam's m and v both. */
export type OptimizerState = [Float32Array, Float32Array];

export interface Parameter {
  values: Float32Array;
  grads: Float32Array;
  state: OptimizerState;
  /** Whether weight regularisation (L1/L2) applies: weights yes, biases no. */
  regularized: boolean;
}

/** The arrays a layer needs and their lengths, for batches of up to `maxBatch` samples. */
function layerArrayLengths({ inputs, outputs }: LayerShape, maxBatch: number) {
  const weightCount = outputs * inputs;
  const batchRows = maxBatch * outputs;
  return {
    weights: weightCount, biases: outputs, gradWeights: weightCount, gradBiases: outputs,
    a: batchRows, z: batchRows, delta: batchRows,
    weightsVelocity: weightCount, weightsMeanSquare: weightCount, biasesVelocity: outputs, biasesMeanSquare: outputs,
  };
}

type LayerArrayName = keyof ReturnType<typeof layerArrayLengths>;

export class BatchedMlp {
  readonly layers: TensorLayer[];
  /** z^{[0]} = x: write the batch's inputs here (maxBatch×inputs) before `forward`. */
  readonly input: Float32Array;
  /** The batch's targets (maxBatch×outputs; one-hot rows for cross_entropy), read by `backward`. */
  readonly targets: Float32Array;
  /** Each byte matrix the network was given to hold, and its copy in the workspace (see `gatherInputs`). */
  private readonly heldInputs = new Map<Uint8Array, Uint8Array>();
  /** The rows `gatherInputs` is asked for, where the kernels can read them. */
  private readonly gatherIndices: Uint32Array;
  readonly maxBatch: number;
  /** The kernels, bound to the workspace that holds every array above. */
  readonly kernels: Workspace;
  /** Samples in the last forward pass, which `loss` and `backward` continue. */
  private batch = 0;

  /**
   * `heldInputs`: byte matrices of input rows (0–255, `inputs` bytes a row, e.g. MNIST's training
   * and test pixels) that the workspace keeps a copy of, so that `gatherInputs` can fill a batch
   * from them inside the kernels (on both threads, where there are two).
   */
  constructor(shapes: readonly LayerShape[], maxBatch: number, backend: KernelBackend, heldInputs: readonly Uint8Array[] = []) {
    const first = shapes[0];
    const last = shapes[shapes.length - 1];
    if (first === undefined || last === undefined) throw new Error('an MLP needs at least one layer');
    shapes.forEach((shape, l) => {
      if (l > 0 && shape.inputs !== shapes[l - 1]!.outputs) {
        throw new Error(`layer ${l} has ${shape.inputs} inputs but layer ${l - 1} has ${shapes[l - 1]!.outputs} outputs`);
      }
    });
    this.maxBatch = maxBatch;

    heldInputs.forEach((bytes, index) => {
      if (bytes.length % first.inputs !== 0) throw new Error(`held inputs ${index}: ${bytes.length} bytes is not a whole number of rows of ${first.inputs}`);
    });

    // One workspace for everything: the input and target rows, the gather's row numbers, each held
    // byte matrix (in as many floats as hold it), then each layer's named arrays.
    const layerLengths = shapes.map((shape) => layerArrayLengths(shape, maxBatch));
    const names = Object.keys(layerLengths[0]!) as LayerArrayName[];
    this.kernels = backend.createWorkspace([
      maxBatch * first.inputs,
      maxBatch * last.outputs,
      maxBatch,
      ...heldInputs.map((bytes) => Math.ceil(bytes.length / 4)),
      ...layerLengths.flatMap((lengths) => names.map((name) => lengths[name])),
    ]);
    const [input, targets, indexRoom, ...layerArrays] = this.kernels.arrays as Float32Array[];
    this.input = input!;
    this.targets = targets!;
    this.gatherIndices = new Uint32Array(indexRoom!.buffer, indexRoom!.byteOffset, maxBatch);
    // The held byte matrices come first; what is left is the layers' arrays.
    const heldRooms = layerArrays.splice(0, heldInputs.length);
    heldInputs.forEach((bytes, index) => {
      const room = heldRooms[index]!;
      const copy = new Uint8Array(room.buffer, room.byteOffset, bytes.length);
      copy.set(bytes);
      this.heldInputs.set(bytes, copy);
    });
    this.layers = shapes.map((shape, l) => {
      const array = Object.fromEntries(names.map((name, slot) => [name, layerArrays[l * names.length + slot]!])) as Record<LayerArrayName, Float32Array>;
      return {
        shape,
        activation: activationNamed(shape.activation, this.kernels),
        weights: array.weights, biases: array.biases, gradWeights: array.gradWeights, gradBiases: array.gradBiases,
        a: array.a, z: array.z, delta: array.delta,
        weightsState: [array.weightsVelocity, array.weightsMeanSquare],
        biasesState: [array.biasesVelocity, array.biasesMeanSquare],
      };
    });
  }

  get output(): Float32Array {
    return this.layers[this.layers.length - 1]!.z;
  }

  /** He initialisation for ReLU layers, Xavier (Glorot) for the others; biases start at 0. */
  initialize(random: Random): void {
    for (const { shape, weights, biases } of this.layers) {
      const std = shape.activation === 'relu' ? Math.sqrt(2 / shape.inputs) : Math.sqrt(2 / (shape.inputs + shape.outputs));
      for (let e = 0; e < weights.length; e++) weights[e] = std * random.normal();
      biases.fill(0);
    }
  }

  /**
   * Fills the first rows of `input` with rows `rows` of `source`, a byte matrix this network holds
   * (see the constructor), each byte b as b/255: a batch of digits, gathered and scaled by the kernels.
   */
  gatherInputs(source: Uint8Array, rows: ArrayLike<number>): void {
    const held = this.heldInputs.get(source);
    if (held === undefined) throw new Error('gatherInputs: this network was not built holding these inputs');
    if (rows.length > this.maxBatch) throw new Error(`gatherInputs: ${rows.length} rows, but this network was built for at most ${this.maxBatch}`);
    const inputs = this.layers[0]!.shape.inputs;
    const count = held.length / inputs;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      // The kernels trust their row numbers: one out of range would read outside the held bytes.
      if (!(Number.isInteger(row) && row >= 0 && row < count)) throw new Error(`gatherInputs: row ${row} is not one of the ${count} held`);
      this.gatherIndices[r] = row;
    }
    this.kernels.gatherUnitRows(this.input, held, this.gatherIndices, rows.length, inputs);
  }

  /** Runs the first `batch` rows of `input` through the network; returns ŷ = z^{[L]} (batch×outputs, a view). */
  forward(batch: number): Float32Array {
    // The kernels trust their sizes: a larger batch would write into the neighbouring arrays.
    if (!(Number.isInteger(batch) && batch >= 1 && batch <= this.maxBatch)) {
      throw new Error(`batch of ${batch} samples, but this network was built for 1 to ${this.maxBatch}`);
    }
    this.batch = batch;
    let previousZ = this.input;
    for (const layer of this.layers) {
      const { inputs, outputs } = layer.shape;
      this.kernels.matmulTransposedB(layer.a, previousZ, layer.weights, batch, inputs, outputs);
      this.kernels.addBias(layer.a, layer.biases, batch, outputs);
      layer.activation.forward(layer.a, layer.z, batch, outputs);
      previousZ = layer.z;
    }
    return this.output.subarray(0, batch * this.layers[this.layers.length - 1]!.shape.outputs);
  }

  /** The mean loss of the last forward pass against its rows of `targets`. */
  loss(lossName: LossName): number {
    return lossNamed(lossName).value(this.batchOutput());
  }

  /** Backpropagation of the last forward pass: fills every δ^{[l]}, ∂L/∂W^{[l]} and ∂L/∂b^{[l]}. */
  backward(lossName: LossName): void {
    const batch = this.batch;
    if (batch === 0) throw new Error('backward needs a forward pass first');
    const outputLayer = this.layers[this.layers.length - 1]!;
    lossNamed(lossName).outputDelta(outputLayer.delta, this.batchOutput(), outputLayer.activation);

    for (let l = this.layers.length - 1; l >= 0; l--) {
      const layer = this.layers[l]!;
      const { inputs, outputs } = layer.shape;
      const previous = this.layers[l - 1];
      const previousZ = previous === undefined ? this.input : previous.z;

      // ∂L/∂W^{[l]} = δ^{[l]ᵀ} z^{[l-1]}: the sum over the batch of the outer products δ_i z_iᵀ.
      this.kernels.matmulTransposedA(layer.gradWeights, layer.delta, previousZ, outputs, batch, inputs);
      this.kernels.sumRows(layer.gradBiases, layer.delta, batch, outputs);

      if (previous !== undefined) {
        // δ^{[l-1]} = (W^{[l]ᵀ} δ^{[l]}) ⊙ σ'(a^{[l-1]}), for all samples at once.
        this.kernels.matmul(previous.delta, layer.delta, layer.weights, batch, outputs, inputs);
        previous.activation.multiplyDerivative(previous.delta, previous.a, previous.z, batch * inputs);
      }
    }
  }

  parameters(): Parameter[] {
    return this.layers.flatMap((layer) => [
      { values: layer.weights, grads: layer.gradWeights, state: layer.weightsState, regularized: true },
      { values: layer.biases, grads: layer.gradBiases, state: layer.biasesState, regularized: false },
    ]);
  }

  private batchOutput(): BatchOutput {
    const outputLayer = this.layers[this.layers.length - 1]!;
    return { logits: outputLayer.a, output: outputLayer.z, targets: this.targets, batch: this.batch, outputs: outputLayer.shape.outputs };
  }
}
