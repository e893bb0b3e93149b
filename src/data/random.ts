/**
 * A small seeded random generator, so that weight initialisation and batch shuffling are
 * reproducible: the same seed gives the same run on every machine and in every browser.
 *
 * Uniform numbers come from mulberry32 (32-bit state, full period 2^32, good enough for
 * initialisation and shuffling); normal numbers from the Box–Muller transform.
 */
export interface Random {
  /** A uniform number in [0, 1). */
  uniform(): number;
  /** A standard normal number (mean 0, variance 1). */
  normal(): number;
  /** A uniform whole number in [0, bound). */
  integer(bound: number): number;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  // Box–Muller makes normals in pairs; the second one waits here for the next call.
  let spareNormal: number | undefined;

  function uniform(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  function normal(): number {
    if (spareNormal !== undefined) {
      const value = spareNormal;
      spareNormal = undefined;
      return value;
    }
    // 1 − u lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  function integer(bound: number): number {
    return Math.floor(uniform() * bound);
  }

  return { uniform, normal, integer };
}

/** Shuffles `order` in place (Fisher–Yates), e.g. the sample order of an epoch. */
export function shuffle(order: Uint32Array, random: Random): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.integer(i + 1);
    const kept = order[i]!;
    order[i] = order[j]!;
    order[j] = kept;
  }
}
