/**
 * Seeded pseudo-random numbers. Each record draws from its own generator, seeded by its
 * kind and id, so record N is the same whatever the requested counts are.
 */
export interface Random {
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  money(min: number, max: number): number;
}

export function randomFor(kind: string, id: number): Random {
  const next = mulberry32(hash(`${kind}:${id}`));
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    int,
    pick: (items) => items[int(0, items.length - 1)],
    money: (min, max) => Math.round((min + next() * (max - min)) * 100) / 100,
  };
}

/** FNV-1a, enough to spread small seeds. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
