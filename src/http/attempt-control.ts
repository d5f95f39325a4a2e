// How one attempt is ended early (its timeout, the deadline, the caller's
// signal) without an AbortController and EventTarget listeners on the hot
// path: the HTTP client registers what ending means for it (destroying the
// request), and race() settles the attempt at once even if the client does not.
// A real AbortSignal is made only for a client that needs one (undici's).

export class AttemptControl {
  #ended = false;
  #onEnd: Array<() => void> = [];
  #reject?: (reason: unknown) => void;
  #controller?: AbortController;

  get ended(): boolean {
    return this.#ended;
  }

  /** Runs `listener` when the attempt is ended early (at once if it already was). */
  onEnd(listener: () => void): void {
    if (this.#ended) listener();
    else this.#onEnd.push(listener);
  }

  /** An AbortSignal that fires when the attempt is ended early, for clients that take one. */
  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    if (this.#ended) this.#controller.abort();
    return this.#controller.signal;
  }

  /** Ends the attempt: the client's listeners run, race() rejects with `reason`. */
  end(reason: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const listener of this.#onEnd) listener();
    this.#onEnd = [];
    this.#controller?.abort();
    this.#reject?.(reason);
  }

  /** Settles with `work`, or rejects as soon as the attempt is ended, whatever `work` does then. */
  race<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#reject = reject;
      work.then(resolve, reject);
    });
  }
}
