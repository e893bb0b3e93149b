/**
 * The graph view in words, for a screen reader: the picture's summary (what is drawn and what the
 * step touches) and each pressable record's accessible name. Pure functions of the layout and the
 * numbers shown, so a test can read them without a page.
 */
import { formatNumber } from '../../engine/format';
import { texToText } from '../../engine/tex';
import type { Trace } from '../../engine/trace';
import type { GraphLayout, RecordSegment } from './graph-layout';

/** A neuron's toggle key "layer:neuron" in words. */
export function neuronName(key: string): string {
  const [layer, neuron] = key.split(':');
  return `neuron ${neuron} of layer ${layer}`;
}

/** A record segment's name: its label, its numbers (or that they are not there yet), what the step does to it, where pressing it goes. */
export function segmentName(segment: RecordSegment, data: number | undefined, grad: number | undefined, now: string | undefined, producer: number | undefined): string {
  const name = texToText(segment.label);
  const dataText = data === undefined ? 'not computed yet' : `data ${formatNumber(data)}`;
  const gradText = grad === undefined ? 'no gradient yet' : `grad ${formatNumber(grad)}`;
  const source = producer === undefined ? 'a given value' : `jump to step ${producer}, which produced it`;
  return [name, dataText, gradText, now, source].filter((part) => part !== undefined).join(', ');
}

/** The picture's summary: which pass, how many records and operations, what is collapsed, and the nodes the step touches. */
export function graphSummary(trace: Trace, graph: GraphLayout, collapsed: ReadonlySet<string>, touched: ReadonlySet<number>, step: number): string {
  const ops = graph.boxes.filter((box) => box.kind === 'op').length;
  const records = graph.boxes.length - ops;
  const folded = graph.neurons.filter((key) => collapsed.has(key)).length;
  const names = [...touched].map((id) => texToText(trace.node(id).meta.label ?? `v_${id}`)).join(' and ');
  const pass = trace.passOf(step);
  const passText = pass === 0 ? 'first pass' : `pass ${pass + 1}, after the update`;
  return (
    `Computation graph, ${passText}: ${records} value records and ${ops} operations` +
    (folded > 0 ? `, ${folded} of ${graph.neurons.length} neurons collapsed` : '') +
    `. Step ${step} (${trace.step(step).kind}) touches ${names}.`
  );
}
