/**
 * What the graph view lights at a step, as a pure function of the layout, the trace and the step:
 * the nodes the step is about, the lines it uses, and words for what it does to each node.
 * GraphView draws these; nothing here touches the page, so a test can ask it directly.
 */
import type { Trace } from '../../engine/trace';
import type { GraphLayout } from './graph-layout';
import type { TraceIndex } from './trace-index';

/** Which lines of a layout stand for each recorded input → node dependency, and each op's output line. */
export interface EdgeLookup {
  /** Line keys by `input>node`. */
  byFlow: ReadonlyMap<string, readonly string[]>;
  /** The line from an op to the value it computes, by that value's id. */
  byOutput: ReadonlyMap<number, string>;
}

/** Found once per layout: the lines each dependency is drawn as. */
export function edgeLookup(layout: Pick<GraphLayout, 'edges'>): EdgeLookup {
  const byFlow = new Map<string, string[]>();
  const byOutput = new Map<number, string>();
  for (const edge of layout.edges) {
    for (const flow of edge.flows) {
      const key = `${flow.input}>${flow.node}`;
      const list = byFlow.get(key);
      if (list === undefined) byFlow.set(key, [edge.key]);
      else list.push(edge.key);
    }
    if (edge.output !== undefined) byOutput.set(edge.output, edge.key);
  }
  return { byFlow, byOutput };
}

export interface StepHighlights {
  /** The nodes the step is about: its node and, for a backward step, the input it sends gradient to. */
  touched: ReadonlySet<number>;
  /** The lines the step uses: a backward step's edge (through its op), a forward step's inputs. */
  hotEdges: ReadonlySet<string>;
  /** Words for what the step does to a node, for its accessible name and tooltip; undefined if nothing. */
  roleOf(id: number): string | undefined;
}

export function stepHighlights(edges: EdgeLookup, trace: Trace, index: TraceIndex, step: number): StepHighlights {
  const current = trace.step(step);
  const touched = new Set(index.nodesOfStep(step));
  const hotEdges = new Set<string>();
  const add = (key: string | undefined): void => {
    if (key !== undefined) hotEdges.add(key);
  };
  if (current.kind === 'backward') {
    for (const key of edges.byFlow.get(`${current.input}>${current.node}`) ?? []) add(key);
    add(edges.byOutput.get(current.node));
  } else if (current.kind === 'forward') {
    for (const input of trace.node(current.node).inputs) {
      for (const key of edges.byFlow.get(`${input}>${current.node}`) ?? []) add(key);
    }
    add(edges.byOutput.get(current.node));
  }

  function roleOf(id: number): string | undefined {
    if (!touched.has(id)) return undefined;
    switch (current.kind) {
      case 'forward':
        return 'computed at this step';
      case 'backward':
        return id === current.input ? 'receives gradient at this step' : 'sends gradient at this step';
      case 'gradient':
        return 'its gradient is complete at this step';
      case 'update':
        return 'updated at this step';
    }
  }

  return { touched, hotEdges, roleOf };
}
