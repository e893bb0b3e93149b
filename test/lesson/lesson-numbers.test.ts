/**
 * The numbers the lessons state in their prose, recomputed: by the engine (a problem run through
 * the scalar engine) or by the same module the lesson's widget runs. Each check also finds the
 * number written in the lesson, so editing either side without the other fails here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findExample } from '../../src/data/examples';
import { parseProblem, type LayerSpec } from '../../src/data/problem';
import { runProblem, traceProblem } from '../../src/nn/run';
import { decodeSettings } from '../../src/ui/playground/settings';
import { PASS_LABELS, PASS_POINTS } from '../../src/ui/lesson/widgets/pass-data';
import { applyRule, type PerceptronWeights } from '../../src/ui/lesson/widgets/perceptron-rule';
import { ONE_LAYER_SIZES, agreement, fitOneLayer, oneLayerScore, twoLayers } from '../../src/ui/lesson/widgets/regions';

const lesson = (file: string): string => readFileSync(new URL(`../../lessons/${file}`, import.meta.url), 'utf8');

describe('lesson 1 (perceptron): the widget run the text describes', () => {
  const text = lesson('01-perceptron.md');

  it('the rule first makes no mistakes in pass 7 and stops at w = (2.24, −1.72), b = −0.2', () => {
    let w: PerceptronWeights = { w1: 0, w2: 0, b: 0 };
    const mistakes: number[] = [];
    while (mistakes.at(-1) !== 0 && mistakes.length < 50) {
      let count = 0;
      PASS_POINTS.forEach((x, i) => {
        const { prediction, after } = applyRule(w, x, PASS_LABELS[i]!, 0.1);
        if (prediction !== PASS_LABELS[i]) count++;
        w = after;
      });
      mistakes.push(count);
    }
    expect(mistakes.length).toBe(7);
    expect(w.w1).toBeCloseTo(2.24, 10);
    expect(w.w2).toBeCloseTo(-1.72, 10);
    expect(w.b).toBeCloseTo(-0.2, 10);
    expect(text).toContain('that happens in pass 7, and the rule stops at $w_1 = 2.24$, $w_2 = -1.72$, $b = -0.2$');
  });

  it("the exercise's students are the widget's first two, and its answer is the rule's w₂ after them", () => {
    expect(PASS_POINTS[0]).toEqual([9.6, 6.6]);
    expect(PASS_LABELS[0]).toBe(1);
    expect(PASS_POINTS[1]).toEqual([0.1, 8.4]);
    expect(PASS_LABELS[1]).toBe(0);
    const first = applyRule({ w1: 0, w2: 0, b: 0 }, PASS_POINTS[0]!, 1, 0.1);
    expect(first.after).toEqual({ w1: 0, w2: 0, b: 0 });
    const second = applyRule(first.after, PASS_POINTS[1]!, 0, 0.1);
    expect(second.after.w1).toBeCloseTo(-0.01, 12);
    expect(second.after.w2).toBeCloseTo(-0.84, 12);
    expect(second.after.b).toBeCloseTo(-0.1, 12);
    expect(text).toContain('<Numeric id="update" answer={-0.84}');
    expect(text).toContain('(studied 9.6 hours, slept 6.6)');
    expect(text).toContain('studied $x_1 = 0.1$ hours, slept $x_2 = 8.4$ hours and failed');
  });
});

describe('lesson 8 (backprop through an MLP): the loss after one step, with and without the biases', () => {
  const text = lesson('08-backprop-mlp.md');
  const classic = findExample('classic')!.problem;
  const before = runProblem(classic);
  const lossWith = (layers: LayerSpec[]): number => runProblem({ ...classic, layers, learningRate: undefined }).loss.data;

  it('updating weights and biases (what the replay shows) takes the loss from 0.2984 to 0.2805', () => {
    expect(before.loss.data).toBeCloseTo(0.2984, 4);
    const updated = classic.layers.map((layer, l) => ({ ...layer, weights: before.result.layers[l]!.newWeights!, biases: before.result.layers[l]!.newBiases! }));
    expect(lossWith(updated)).toBeCloseTo(0.2805, 4);
    expect(traceProblem(classic).lossAfterUpdate).toBeCloseTo(0.2805, 4);
    expect(text).toContain('from $\\mathcal L = 0.2984$ to $\\mathcal L = 0.2805$');
  });

  it('updating the weights only (the published version) gives 0.2910', () => {
    const weightsOnly = classic.layers.map((layer, l) => ({ ...layer, weights: before.result.layers[l]!.newWeights! }));
    expect(lossWith(weightsOnly)).toBeCloseTo(0.291, 4);
    expect(text).toContain('the loss is $0.2910$');
  });
});

describe('lesson 2 (activations): only the slope factor is at most 1/4', () => {
  it('through a sigmoid unit at a = 0 with outgoing weight 8, δ doubles on its way back, as the text says', () => {
    const problem = parseProblem({
      layers: [
        { weights: [[1]], biases: [0], activation: 'sigmoid' },
        { weights: [[8]], biases: [-4], activation: 'sigmoid' },
      ],
      input: [0],
      target: [0],
      loss: 'half_sse',
    });
    const { layers } = runProblem(problem).result;
    expect((layers[0]!.a as number[])[0]).toBe(0);
    const ratio = (layers[0]!.delta as number[])[0]! / (layers[1]!.delta as number[])[0]!;
    expect(ratio).toBeCloseTo(2, 12);
    const text = lesson('02-activations.md');
    expect(text).toContain('outgoing weight is $8$ passes back $8 \\times 0.25 = 2$ times the error');
    expect(text).not.toContain('at least fourfold');
  });
});

describe('lesson 9 (softmax): which ReLUs block the gradient in the replayed example', () => {
  it('a¹ = (0.8, −0.95, −0.45): units 2 and 3 are blocked and δ¹ = (0.9229, 0, 0)', () => {
    const { layers } = runProblem(findExample('softmax')!.problem).result;
    const a1 = layers[0]!.a as number[];
    const delta1 = layers[0]!.delta as number[];
    expect(a1.map((value) => Number(value.toFixed(4)))).toEqual([0.8, -0.95, -0.45]);
    expect(delta1[0]).toBeCloseTo(0.9229, 4);
    expect(delta1.slice(1)).toEqual([0, 0]);
    expect(layers[0]!.gradWeights.slice(1).flat()).toEqual([0, 0, 0, 0]);
    const text = lesson('09-softmax.md');
    expect(text).toContain('$a^{[1]} = (0.8, -0.95, -0.45)$, so only unit 1 passes the gradient, and units 2 and 3 block it: $\\delta^{[1]} = (0.9229, 0, 0)$');
    expect(text).not.toContain("one hidden unit's ReLU");
  });
});

describe('lesson 5 (XOR and the MLP): one hidden layer against two, on two triangles', () => {
  const text = lesson('05-xor-mlp.md');
  const shares = ONE_LAYER_SIZES.map(([directions, offsets]) => {
    const net = fitOneLayer(directions, offsets);
    return { units: net.units, share: agreement((p) => (oneLayerScore(net, p) >= 0.5 ? 1 : 0)) };
  });

  it('two hidden layers of 6 + 2 step units draw the triangles exactly', () => {
    expect(agreement((p) => twoLayers(p))).toBe(1);
    // Switching either triangle off leaves the other one: the output ORs them.
    expect(twoLayers([3, 2], [true, false])).toBe(1);
    expect(twoLayers([7, 6], [true, false])).toBe(0);
  });

  it('one hidden layer gets closer with more units, and the lesson quotes the shares it gets', () => {
    expect(shares.map(({ units }) => units)).toEqual([8, 24, 48, 80]);
    for (let i = 1; i < shares.length; i++) expect(shares[i]!.share).toBeGreaterThan(shares[i - 1]!.share);
    const quoted = [
      [8, '82.83 %'],
      [24, '94.76 %'],
      [80, '97.27 %'],
    ] as const;
    for (const [units, written] of quoted) {
      const share = shares.find((entry) => entry.units === units)!.share;
      expect((100 * share).toFixed(2)).toBe(written.replace(' %', ''));
      expect(text).toContain(`${units} units`);
      expect(text).toContain(written);
    }
    // 8 units do no better than calling everything outside the triangles.
    expect(shares[0]!.share).toBeCloseTo(agreement(() => 0), 10);
    expect(shares.at(-1)!.share).toBeLessThan(1);
  });

  it('no longer says that one hidden layer only gives half-planes', () => {
    expect(text).not.toContain('One hidden layer: regions built from half-planes');
    expect(text).toContain('<OneLayerRegions />');
  });
});

describe('lesson 3 (logistic regression): one gradient-descent step on the log loss', () => {
  const problem = parseProblem({ layers: [{ weights: [[0.8, 0.5]], biases: [-7.5], activation: 'sigmoid' }], input: [6, 6], target: [1], loss: 'bce', learningRate: 0.1 });
  const run = traceProblem(problem);
  const layer = run.result.layers[0]!;
  const text = lesson('03-logistic-regression.md');
  const written = (value: number, digits: number): string => Number(value.toPrecision(digits)).toString();

  it('the engine gives the numbers the step quotes, and ∂ℓ/∂w is (ŷ − y) x', () => {
    const yHat = (run.result.output as number[])[0]!;
    const delta = (layer.delta as number[])[0]!;
    expect(delta).toBeCloseTo(yHat - 1, 12);
    expect(layer.gradWeights[0]).toEqual([delta * 6, delta * 6].map((g) => expect.closeTo(g, 12)));
    const quoted: [number, string][] = [
      [(layer.a as number[])[0]!, '$a = 0.3$'],
      [yHat, '\\sigma(0.3) = 0.5744'],
      [run.result.loss, '-\\log 0.5744 = 0.5544'],
      [delta, '$\\hat y - y = -0.4256$'],
      [layer.gradWeights[0]![0]!, '(-2.553, -2.553)'],
      [layer.newWeights![0]![0]!, '(1.055, 0.7553)'],
      [layer.newWeights![0]![1]!, '(1.055, 0.7553)'],
      [layer.newBiases![0]!, '= -7.457'],
      [run.lossAfterUpdate!, 'from $0.5544$ to $0.03262$'],
    ];
    for (const [value, context] of quoted) expect(context).toContain(written(value, 4));
    for (const [, context] of quoted) expect(text).toContain(context);
  });

  it('the new prediction is 0.9679', () => {
    const after = runProblem({ ...problem, layers: [{ ...problem.layers[0]!, weights: layer.newWeights!, biases: layer.newBiases! }], learningRate: undefined });
    expect(written((after.result.output as number[])[0]!, 4)).toBe('0.9679');
    expect(text).toContain('$\\hat y = 0.9679$');
  });
});

describe('lesson 4 (gradient descent): mini-batch gradients average to the full one', () => {
  const layers = [{ weights: [[0.8, 0.5]], biases: [-7.5], activation: 'sigmoid' }];
  const students = [[6, 6], [2, 5], [9, 4], [4, 8.2]];
  const passed = [[1], [0], [1], [0]];
  const gradient = (which: number[]): number[] =>
    runProblem(parseProblem({ layers, inputs: which.map((i) => students[i]), targets: which.map((i) => passed[i]), loss: 'bce' })).result.layers[0]!.gradWeights[0]!;
  const text = lesson('04-gradient-descent.md');
  const written = (g: number[]): string => `(${g.map((value) => Number(value.toPrecision(4))).join(', ')})`;

  it('quotes the full gradient and the two mini-batch estimates the engine computes', () => {
    const full = gradient([0, 1, 2, 3]);
    const first = gradient([0, 1]);
    const second = gradient([2, 3]);
    expect(text).toContain(`The full gradient with respect to $\\mathbf w$ is $${written(full)}$`);
    expect(text).toContain(`the first two students estimates it as $${written(first)}$, the batch of the last two as $${written(second)}$`);
    expect(Math.sign(second[0]!)).not.toBe(Math.sign(full[0]!));
    full.forEach((g, j) => expect((first[j]! + second[j]!) / 2).toBeCloseTo(g, 12));
  });
});

describe('playground links in the lessons', () => {
  const links = readdirSync(new URL('../../lessons/', import.meta.url))
    .filter((name) => /^\d+-.*\.md$/.test(name))
    .flatMap((name) => [...lesson(name).matchAll(/\]\(#\/playground\?([^)]*)\)/g)].map((match) => ({ name, query: match[1]! })));
  const decoded = links.map(({ name, query }) => ({ name, query, ...decodeSettings(new URLSearchParams(query)) }));

  it('every link is read by the playground without a setting being refused', () => {
    expect(links.length).toBeGreaterThanOrEqual(6);
    for (const { name, query, ignored } of decoded) expect(ignored, `${name}: ${query}`).toEqual([]);
  });

  it('lesson 5 links XOR with the x₁x₂ feature and no hidden layer, and one, two and three hidden layers', () => {
    const inLesson5 = decoded.filter(({ name }) => name === '05-xor-mlp.md').map(({ settings }) => settings);
    expect(inLesson5.some((s) => s.data === 'xor' && s.features.includes('x1x2') && s.hidden.length === 0)).toBe(true);
    expect(inLesson5.some((s) => s.data === 'xor' && !s.features.includes('x1x2') && s.hidden.length === 0)).toBe(true);
    for (const depth of [1, 2, 3]) expect(inLesson5.some((s) => s.data === 'spiral' && s.hidden.length === depth), `${depth} hidden layers`).toBe(true);
  });
});

describe('lesson 8: δ through the deep (3-4-4-2) example', () => {
  const { layers } = runProblem(findExample('deep')!.problem).result;
  const text = lesson('08-backprop-mlp.md');
  const vector = (values: number[]): string => `(${values.map((value) => Number(value.toPrecision(4))).join(', ')})`;

  it('quotes the output and first-layer error vectors the engine computes, and not the exercise\'s δ^[2]', () => {
    for (const l of [3, 1]) expect(text).toContain(`$\\delta^{[${l}]} = ${vector(layers[l - 1]!.delta as number[])}$`);
    // δ^[2] is the exercise's answer, so the text must not give it away above the question.
    expect(text).not.toContain(vector(layers[1]!.delta as number[]));
  });

  it("the exercise's inputs and answer are the engine's", () => {
    const problem = findExample('deep')!.problem;
    const delta3 = layers[2]!.delta as number[];
    const z2 = (layers[1]!.z as number[])[0]!;
    const column = problem.layers[2]!.weights.map((row) => row[0]!);
    expect(column).toEqual([0.7, -0.2]);
    expect(text).toContain(`$z^{[2]}_1 = ${Number(z2.toPrecision(4))}$`);
    const byHand = (column[0]! * delta3[0]! + column[1]! * delta3[1]!) * (1 - z2 * z2);
    expect(byHand).toBeCloseTo((layers[1]!.delta as number[])[0]!, 12);
    expect(text).toContain(`<Numeric id="deep-delta" answer={${Number(byHand.toPrecision(6))}}`);
  });
});

describe('lesson 9: the linear softmax classifier worked by hand', () => {
  const problem = parseProblem({
    layers: [{ weights: [[0.2, 0.4, -0.5, -0.3], [0.1, -0.2, 0.3, 0.1], [-0.3, -0.2, 0.2, 0.4]], biases: [0.1, 0, -0.1], activation: 'softmax' }],
    input: [5.1, 3.5, 1.4, 0.2],
    target: 0,
    loss: 'cross_entropy',
  });
  const { result } = runProblem(problem);
  const layer = result.layers[0]!;
  const text = lesson('09-softmax.md');
  const four = (value: number): string => String(Number(value.toPrecision(4)));
  const vector = (values: number[]): string => `(${values.map(four).join(', ')})`;

  it('W is 3×4 and the text quotes the engine’s scores, probabilities, loss, errors and one weight gradient', () => {
    expect(problem.layers[0]!.weights.map((row) => row.length)).toEqual([4, 4, 4]);
    expect(text).toContain('\\begin{bmatrix} 0.2 & 0.4 & -0.5 & -0.3 \\\\ 0.1 & -0.2 & 0.3 & 0.1 \\\\ -0.3 & -0.2 & 0.2 & 0.4 \\end{bmatrix}');
    expect(text).toContain(`$a = ${vector(layer.a as number[])}$`);
    expect(text).toContain(`$\\hat y = ${vector(result.output as number[])}$`);
    expect(text).toContain(`$-\\log ${four((result.output as number[])[0]!)} = ${four(result.loss)}$`);
    expect(text).toContain(`here $${vector(layer.delta as number[])}$`);
    expect(text).toContain(`= ${four(layer.gradWeights[0]![0]!)}$. Negative`);
  });
});

describe('lesson 11: the PyTorch MNIST program', () => {
  const text = lesson('11-pipeline.md');
  const code = /```python\n([\s\S]*?)```/.exec(text.slice(text.indexOf('id="pytorch"')))?.[1] ?? '';

  it('makes each of the five choices the lesson names, with sizes that fit MNIST', () => {
    for (const piece of ['DataLoader(train_set, batch_size=64, shuffle=True)', 'nn.Flatten()', 'torch.optim.Adam(', 'nn.CrossEntropyLoss()', '.argmax(dim=1)', 'loss.backward()', 'optimizer.zero_grad()']) expect(code).toContain(piece);
    // The first linear layer takes the flattened image; the last gives one score per digit, and
    // each layer's input is the previous layer's output.
    const linear = [...code.matchAll(/nn\.Linear\((\d+), (\d+)\)/g)].map((match) => [Number(match[1]), Number(match[2])] as const);
    expect(linear[0]![0]).toBe(28 * 28);
    expect(linear.at(-1)![1]).toBe(10);
    for (let i = 1; i < linear.length; i++) expect(linear[i]![0]).toBe(linear[i - 1]![1]);
    // No softmax in the model: CrossEntropyLoss applies it to the raw scores.
    expect(code).not.toMatch(/nn\.Softmax/);
  });
});

describe('lesson 8: what backprop saves, counted on the recorded graphs', () => {
  /** Counts on the first forward pass's graph (the recording goes on with the update and a second pass). */
  function counts(id: string): { parameters: number; forwardEdges: number; backwardSteps: number; paths: number; chainEdges: number } {
    const { trace } = traceProblem(findExample(id)!.problem);
    const loss = trace.nodes.find((node) => node.meta.role === 'loss')!;
    const firstPass = trace.nodes.filter((node) => node.id <= loss.id);
    // Paths from ℒ down to each node, and the summed length of those paths, by one sweep from ℒ
    // towards the inputs (a node's inputs always have smaller ids).
    const paths = new Map<number, number>([[loss.id, 1]]);
    const lengths = new Map<number, number>([[loss.id, 0]]);
    for (const node of [...firstPass].reverse()) {
      const through = paths.get(node.id);
      if (through === undefined) continue;
      for (const input of node.inputs) {
        paths.set(input, (paths.get(input) ?? 0) + through);
        lengths.set(input, (lengths.get(input) ?? 0) + lengths.get(node.id)! + through);
      }
    }
    const parameters = firstPass.filter((node) => node.meta.role === 'weight' || node.meta.role === 'bias');
    return {
      parameters: parameters.length,
      forwardEdges: firstPass.reduce((sum, node) => sum + node.inputs.length, 0),
      backwardSteps: trace.steps.filter((step) => step.kind === 'backward').length,
      paths: parameters.reduce((sum, node) => sum + paths.get(node.id)!, 0),
      chainEdges: parameters.reduce((sum, node) => sum + lengths.get(node.id)!, 0),
    };
  }
  const text = lesson('08-backprop-mlp.md');

  it('the table quotes the counts for both examples', () => {
    const classic = counts('classic');
    const deep = counts('deep');
    const rows: [string, keyof typeof classic][] = [
      ['parameters (weights and biases)', 'parameters'],
      ['edges the forward pass computes along', 'forwardEdges'],
      ['backward pass: one step per edge carrying a gradient', 'backwardSteps'],
      ["each parameter's chain on its own: paths from $\\mathcal L$", 'paths'],
      ['... and multiplications along them', 'chainEdges'],
    ];
    for (const [label, key] of rows) expect(text).toContain(`| ${label} | ${classic[key]} | ${deep[key]} |`);
    expect(text).toContain(`the separate chains cost ${Math.round(deep.chainEdges / deep.backwardSteps)} times the backward pass instead of ${Math.round(classic.chainEdges / classic.backwardSteps)}`);
    expect(text).toContain(`each of the ${deep.parameters} parameters would also need its own forward pass to find the numbers on its chain: $${deep.parameters} \\times ${deep.forwardEdges} = ${deep.parameters * deep.forwardEdges}$`);
  });
});

describe('worked answers quoted to four significant figures, as the pages show numbers', () => {
  const four = (value: number): string => String(Number(value.toPrecision(4)));

  it("lesson 8's numbers step and update: ŷ₁, z¹₁, δ²₁, ∂ℒ/∂W²₁₁ and the new W²₁₁", () => {
    const { result } = runProblem(findExample('classic')!.problem);
    const [hidden, out] = result.layers as [(typeof result.layers)[number], (typeof result.layers)[number]];
    const text = lesson('08-backprop-mlp.md');
    expect(text).toContain(`$\\hat y_1 = z^{[2]}_1 = ${four((out.z as number[])[0]!)}$ and $z^{[1]}_1 = ${four((hidden.z as number[])[0]!)}$`);
    expect(text).toContain(`= ${four((out.delta as number[])[0]!)}$.</Explain>`);
    expect(text).toContain(`$0.1385 \\times 0.5933 = ${four(out.gradWeights[0]![0]!)}$.</Explain>`);
    expect(text).toContain(`0.4 - 0.5 \\times ${four(out.gradWeights[0]![0]!)} = ${four(out.newWeights![0]![0]!)}$`);
  });

  it("lesson 9's softmax of (2, 1, −1) and lesson 2's σ′(2)", () => {
    const softmax = runProblem(parseProblem({ layers: [{ weights: [[1, 0], [0, 1], [0, 0]], biases: [0, 0, -1], activation: 'softmax' }], input: [2, 1], target: 1, loss: 'cross_entropy' }));
    const probabilities = softmax.result.output as number[];
    expect(lesson('09-softmax.md')).toContain(`$\\hat y = (${probabilities.map(four).join(', ')})$, so $\\delta_2 = ${four(probabilities[1]!)} - 1 = ${four((softmax.result.layers[0]!.delta as number[])[1]!)}$`);
    const sigmoid = runProblem(parseProblem({ layers: [{ weights: [[1]], biases: [0], activation: 'sigmoid' }], input: [2], target: [0], loss: 'half_sse' }));
    const z = (sigmoid.result.output as number[])[0]!;
    expect(lesson('02-activations.md')).toContain(`$\\sigma(2) = ${four(z)}$, so $\\sigma'(2) = ${four(z)} \\times ${four(1 - z)} = ${four(z * (1 - z)).padEnd(6, '0')}$`);
  });
});
