// The page sizes a walk may ask for: the caller's pageSize and its divisors,
// each the one before divided by its smallest prime factor (100, 50, 25, 5, 1).
// A page of size s starts at a multiple of s, so a failing page of size s is
// covered exactly by the pages of the next size, and never reaches outside it.

function smallestFactor(n: number): number {
  for (let f = 2; f * f <= n; f++) if (n % f === 0) return f;
  return n;
}

export class PageSizes {
  /** From pageSize down to 1. */
  readonly chain: readonly number[];

  constructor(pageSize: number) {
    const chain = [pageSize];
    for (let size = pageSize; size > 1;) chain.push((size /= smallestFactor(size)));
    this.chain = chain;
  }

  /** The size a failing page of `size` is read again in: the next one down. */
  smaller(size: number): number {
    return this.chain[this.chain.indexOf(size) + 1] ?? 1;
  }

  /** The largest size of at most `limit` whose pages can start at `offset`. */
  at(offset: number, limit: number): number {
    return this.chain.find((size) => size <= limit && offset % size === 0) ?? 1;
  }

  /** Whether `size` is one of the sizes (a cursor's readSize, checked on resume). */
  has(size: number): boolean {
    return this.chain.includes(size);
  }
}
