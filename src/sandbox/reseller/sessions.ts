import { randomBytes } from 'node:crypto';

/** What the store knows about a token. `ended` is kept apart because the vendor answers it with 404. */
export type TokenState = 'live' | 'expired' | 'ended' | 'unknown';

interface Session {
  createdAt: number;
  /** Set by expireAll() or by ending; a live session has neither. */
  forced?: 'expired' | 'ended';
}

/** Session tokens with a fixed lifetime counted from creation. Ended tokens are remembered so they can answer 404. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  create(): string {
    const token = randomBytes(16).toString('hex');
    this.sessions.set(token, { createdAt: this.now() });
    return token;
  }

  state(token: string | undefined): TokenState {
    const session = token === undefined ? undefined : this.sessions.get(token);
    if (!session) return 'unknown';
    if (session.forced) return session.forced;
    return this.now() - session.createdAt >= this.ttlMs ? 'expired' : 'live';
  }

  /** Ends a live session; returns false when the token was not live. */
  end(token: string): boolean {
    if (this.state(token) !== 'live') return false;
    this.sessions.get(token)!.forced = 'ended';
    return true;
  }

  /** Ends every live session and returns how many were ended. */
  endAll(): number {
    let ended = 0;
    for (const token of this.sessions.keys()) if (this.end(token)) ended++;
    return ended;
  }

  expireAll(): void {
    for (const [token, session] of this.sessions) {
      if (this.state(token) === 'live') session.forced = 'expired';
    }
  }
}
