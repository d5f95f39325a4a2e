// Sessions of one client in one process (the default): created by this client,
// ended by it when aged (once replaced) and on close().
import type { Renewal, SessionSource } from './manager';
import type { Session, VendorSessions } from './vendor';

export class LocalSource implements SessionSource {
  constructor(private readonly vendor: VendorSessions) {}

  obtain(_stale: Session | undefined, _why: Renewal): Promise<Session> {
    return this.vendor.create();
  }

  retire(old: Session): void {
    this.vendor.endInBackground(old.token);
  }

  /** Ends the session after the ends of aged ones under way; only the current one's failure is reported. */
  async leave(current: Session | undefined): Promise<void> {
    const [, last] = await Promise.allSettled([this.vendor.drain(), current && this.vendor.end(current.token)]);
    if (last.status === 'rejected') throw last.reason;
  }

  async endShared(current: Session | undefined): Promise<void> {
    if (current) await this.vendor.end(current.token);
  }
}
