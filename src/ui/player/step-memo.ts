/**
 * The last few results of a computation that depends only on a trace and a position in it (a
 * step's card, its sentence, its layer formulas). The player computes them for the stops either
 * side of the current one between presses; a press then finds them here instead of computing them
 * again, and two views showing the same step (the spoken line and the card's words) share one.
 */
export class StepMemo<Value> {
  /** Per owner (a trace, or its index), results by key, least recently used first. */
  private readonly byOwner = new WeakMap<object, Map<string, Value>>();

  /** `limit`: how many results each owner keeps; a handful covers the stops around the current one. */
  constructor(private readonly limit = 8) {}

  /** The result for `key` of `owner`, computed by `compute` the first time it is asked for. */
  get(owner: object, key: string, compute: () => Value): Value {
    let entries = this.byOwner.get(owner);
    if (entries === undefined) {
      entries = new Map();
      this.byOwner.set(owner, entries);
    }
    if (entries.has(key)) {
      const found = entries.get(key)!;
      entries.delete(key);
      entries.set(key, found);
      return found;
    }
    const value = compute();
    entries.set(key, value);
    if (entries.size > this.limit) entries.delete(entries.keys().next().value!);
    return value;
  }
}
