/**
 * What a view shows of one trace node at the current step, held as fine-grained state. A step
 * writes every node's fields, but writing the value a field already holds wakes nothing, so only
 * the records whose numbers really changed are drawn again: a step costs work in proportion to
 * what it changes, not to the size of the graph (a collapsed 10-28-28-6 net has ~130 records,
 * an expanded 4-16-16-3 net ~550).
 */
export class NodeAtStep {
  data = $state<number | undefined>();
  grad = $state<number | undefined>();
  /** A gradient still being summed: its running total, on the node receiving it at this step. */
  partial = $state<number | undefined>();
  /** What the step does to the node, in words; undefined when the step does not touch it. */
  role = $state<string | undefined>();
  /** The step that produced the node's value as it stands; undefined for a given value. */
  producer = $state<number | undefined>();
}
