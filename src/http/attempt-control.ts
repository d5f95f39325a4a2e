// How one attempt is ended early (its timeout, the deadline, the caller's
// signal) without an AbortController and EventTarget listeners on the hot
// path: the HTTP client registers what ending means for it (dropping the
// connection and settling its promise at once, whatever the connection does
// then). A real AbortSignal is made only for a client that needs one (undici's).

/** What a client rejects with once its attempt is ended: the pipeline knows why (a timeout, the caller's signal) and says so. */
export const ATTEMPT_ENDED: Error = Object.freeze(new Error('the attempt was ended'));

export class AttemptControl {
  #ended = false;
  #onEnd: Array<() => void> = [];
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

  /** Ends the attempt: the client's listeners run. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const listener of this.#onEnd) listener();
    this.#onEnd = [];
    this.#controller?.abort();
  }
}
