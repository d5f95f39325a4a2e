// The namespaces in scope at an element: its own declarations in front of its
// parent's scope, as a chain. An element that declares a prefix costs what it
// declares, not a copy of every binding above it (which, per element, let a
// small document fill the heap).
export class NamespaceScope implements ReadonlyMap<string, string> {
  constructor(
    private readonly own: ReadonlyMap<string, string>,
    private readonly parent?: NamespaceScope,
  ) {}

  get(prefix: string): string | undefined {
    let uri = this.own.get(prefix);
    for (let scope = this.parent; uri === undefined && scope; scope = scope.parent) uri = scope.own.get(prefix);
    return uri;
  }

  has(prefix: string): boolean {
    return this.get(prefix) !== undefined;
  }

  /** Every binding in scope, the nearest declaration winning: made when asked, never kept. */
  private flat(): Map<string, string> {
    const chain = [this.own];
    for (let scope = this.parent; scope; scope = scope.parent) chain.push(scope.own);
    const out = new Map<string, string>();
    for (let i = chain.length - 1; i >= 0; i--) for (const [prefix, uri] of chain[i]) out.set(prefix, uri);
    return out;
  }

  get size(): number {
    return this.flat().size;
  }

  forEach(each: (uri: string, prefix: string, scope: ReadonlyMap<string, string>) => void, thisArg?: unknown): void {
    for (const [prefix, uri] of this.flat()) each.call(thisArg, uri, prefix, this);
  }

  entries(): MapIterator<[string, string]> {
    return this.flat().entries();
  }

  keys(): MapIterator<string> {
    return this.flat().keys();
  }

  values(): MapIterator<string> {
    return this.flat().values();
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }
}
