/**
 * A recorded trace as a Graphviz DOT graph, micrograd's `draw_dot` picture: one box per node with
 * its name, value and final gradient, one arrow per input, labelled with the local derivative the
 * backward pass multiplied by along it. `dot -Tsvg` turns it into a picture. Names are the card's
 * TeX in plain text (w₁, ∂f/∂x) and numbers go through the one formatter.
 */
import { formatNumber } from '../engine/format';
import { OPS, symbolOfOp } from '../engine/ops';
import { gradSymbolOf, symbolOf, texToText } from '../engine/tex';
import type { Trace } from '../engine/trace';

/** A DOT string literal: quotes and backslashes escaped, line breaks as \n (centred lines). */
function quoted(text: string): string {
  return `"${text.replace(/[\\"]/g, (char) => `\\${char}`).replace(/\n/g, '\\n')}"`;
}

export function traceToDot(trace: Trace, title = 'tracegrad trace'): string {
  // DOT draws every node: a trace small enough to draw is small enough to read as objects.
  const { nodes, steps } = trace.toData();
  // The last word on each node and edge: its final gradient, the local derivative along each edge.
  const gradients = new Map<number, number>();
  const localDerivatives = new Map<string, number>();
  for (const step of steps) {
    if (step.kind === 'gradient') gradients.set(step.node, step.grad);
    if (step.kind === 'backward') localDerivatives.set(`${step.node}:${step.inputIndex}`, step.localDerivative);
  }
  const lines = [`digraph ${quoted(title)} {`, '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const node of nodes) {
    const name = texToText(symbolOf(node));
    const operation = node.op === 'leaf' ? (node.requiresGrad ? 'input' : 'constant') : `${OPS[node.op].description} (${symbolOfOp(node.op, node.attrs)})`;
    const gradient = gradients.get(node.id);
    const parts = [`${name} = ${formatNumber(node.value)}`, operation];
    if (gradient !== undefined) parts.push(`${texToText(gradSymbolOf(node))} = ${formatNumber(gradient)}`);
    lines.push(`  n${node.id} [label=${quoted(parts.join('\n'))}${node.requiresGrad ? '' : ', style=dashed'}];`);
  }
  for (const node of nodes) {
    node.inputs.forEach((input, index) => {
      const local = localDerivatives.get(`${node.id}:${index}`);
      const derivative = `∂${texToText(symbolOf(node))}/∂${texToText(symbolOf(trace.node(input)))}`;
      const label = local === undefined ? '' : ` [label=${quoted(`${derivative} = ${formatNumber(local)}`)}]`;
      lines.push(`  n${input} -> n${node.id}${label};`);
    });
  }
  lines.push('}', '');
  return lines.join('\n');
}
