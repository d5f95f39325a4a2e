import { performance } from 'node:perf_hooks';
import { seededRandom } from '../../test/support/random';

export interface Summary {
  n: number;
  median: number;
  p10: number;
  p90: number;
  min: number;
  max: number;
}

/** Linear-interpolation quantile (q in 0..1) of an unsorted sample. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    median: quantile(values, 0.5),
    p10: quantile(values, 0.1),
    p90: quantile(values, 0.9),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

export interface Variant {
  name: string;
  call: () => Promise<unknown>;
}

/** Per variant, one entry per round: mean wall µs per call and mean client CPU µs per call in that block. */
export interface Blocks {
  wallUs: number[];
  cpuUs: number[];
}

export interface InterleaveOptions {
  rounds: number;
  /** Sequential calls in one block. */
  block: number;
  /** Calls per variant before measuring. */
  warmup: number;
}

/**
 * Runs the variants in alternating blocks of `block` sequential calls, so any
 * drift or noise (GC, the other core, thermal) hits every variant alike. The
 * order rotates each round and reverses every other round (ABBA for two).
 */
export async function interleave(variants: readonly Variant[], options: InterleaveOptions): Promise<Blocks[]> {
  for (const variant of variants) for (let i = 0; i < options.warmup; i++) await variant.call();
  const out: Blocks[] = variants.map(() => ({ wallUs: [], cpuUs: [] }));
  const indices = variants.map((_, i) => i);
  for (let round = 0; round < options.rounds; round++) {
    const rotated = indices.map((_, i) => indices[(i + round) % indices.length]);
    const order = round % 2 === 0 ? rotated : rotated.reverse();
    for (const index of order) {
      const call = variants[index].call;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < options.block; i++) await call();
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      out[index].wallUs.push((wall * 1000) / options.block);
      out[index].cpuUs.push((cpu.user + cpu.system) / options.block);
    }
  }
  return out;
}

/** Ratio of subject to baseline, block by block within each round. */
export function ratios(subject: readonly number[], baseline: readonly number[]): number[] {
  return subject.map((value, i) => value / baseline[i]);
}

export const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** 95% bootstrap confidence interval of the median. */
export function medianCi(values: readonly number[], resamples = 2000): [number, number] {
  const random = seededRandom(12345);
  const medians: number[] = [];
  const sample = new Array<number>(values.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < values.length; i++) sample[i] = values[Math.floor(random() * values.length)];
    medians.push(quantile(sample, 0.5));
  }
  return [quantile(medians, 0.025), quantile(medians, 0.975)];
}
