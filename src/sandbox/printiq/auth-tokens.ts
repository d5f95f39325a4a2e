import { randomUUID } from 'node:crypto';

/**
 * The AuthTokens the sandbox's SSORequest hands out: each signs its user in once, within its
 * lifetime. At most `maxTokens` are remembered (used ones too, so that a reuse is told apart
 * from a forgery); past that the oldest is forgotten, so a long-running sandbox stays bounded.
 */

/** What a redeemed AuthToken stands for. */
export interface AuthGrant {
  /** The printIQ user the token signs in. */
  userName: string;
}

/** Why a token was not accepted: `used` and `expired` are 410 Gone, `unknown` (never issued, or forgotten) is 404. */
export type TokenRefusal = 'used' | 'expired' | 'unknown';

export type Redemption = { ok: true; grant: AuthGrant } | { ok: false; refusal: TokenRefusal };

/** Counted in place (the sandbox's `stats.authTokens`). */
export interface AuthTokenCounters {
  issued: number;
  redeemed: number;
  refused: number;
}

interface Entry {
  grant: AuthGrant;
  expiresAt: number;
  used: boolean;
}

/** The most AuthTokens a sandbox remembers. */
export const MAX_AUTH_TOKENS = 10_000;

export class AuthTokens {
  /** In issue order, oldest first. */
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly counters: AuthTokenCounters,
    private readonly maxTokens = MAX_AUTH_TOKENS,
  ) {}

  /** A fresh token for `grant`, a GUID in .NET's "N" format (32 lower-case hex digits) as printIQ's are. */
  issue(grant: AuthGrant): string {
    const token = randomUUID().replace(/-/g, '');
    while (this.entries.size >= this.maxTokens) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { grant, expiresAt: Date.now() + this.ttlMs, used: false });
    this.counters.issued++;
    return token;
  }

  /** Uses the token up, if it is live; a Guid is read ignoring case, as .NET parses it. */
  redeem(token: string): Redemption {
    const entry = this.entries.get(token.toLowerCase());
    if (!entry || entry.used || Date.now() >= entry.expiresAt) {
      this.counters.refused++;
      return { ok: false, refusal: !entry ? 'unknown' : entry.used ? 'used' : 'expired' };
    }
    entry.used = true;
    this.counters.redeemed++;
    return { ok: true, grant: entry.grant };
  }

  /** Ends the lifetime of every token issued so far; they are then refused as expired. */
  expireAll(): void {
    for (const entry of this.entries.values()) entry.expiresAt = -Infinity;
  }

  /** Forgets every token: they are then refused as unknown. */
  clear(): void {
    this.entries.clear();
  }
}
