/**
 * The seeded random streams of the benchmark's corpus (bench/generate.ts) and of the tests'
 * synthetic corpus (tests/fixtures/synthetic-corpus.ts). Pure: no Node API.
 */
import type { Random } from './french';

/**
 * sfc32 seeded through splitmix32: a small, fast, seedable PRNG with 128 bits of state.
 * Numbers in [0, 1), after dropping the first `discard` outputs.
 */
export function sfc32(seed: number, discard = 0): Random {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < discard; i++) next();
  return () => next() / 4294967296;
}
