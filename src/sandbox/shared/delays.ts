/**
 * Waits that close() can cancel, so a closed sandbox leaves no timer behind to keep
 * the process (or a jest worker) alive. A cancelled wait never resolves: its request is abandoned.
 */
export class Delays {
  private readonly pending = new Set<NodeJS.Timeout>();

  wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.add(timer);
    });
  }

  cancelAll(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
