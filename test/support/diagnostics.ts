// Records the package's diagnostics_channel events, for tests that assert what
// a call did (its attempts, their retry reasons and waits) rather than how long it took.
import diagnostics from 'node:diagnostics_channel';
import { CHANNEL_NAMES, type AttemptContext } from '../../src';

export interface RecordedEvent {
  channel: 'operation' | 'attempt';
  event: 'start' | 'end' | 'asyncStart' | 'asyncEnd' | 'error';
  context: Record<string, unknown>;
}

/** Records every event of both tracing channels, in order, until stop(). */
export function recordEvents(): { events: RecordedEvent[]; attempts(): AttemptContext[]; stop(): void } {
  const events: RecordedEvent[] = [];
  const subscriptions = (['operation', 'attempt'] as const).map((channel) => {
    const tc = diagnostics.tracingChannel(CHANNEL_NAMES[channel]);
    const handlers = Object.fromEntries(
      (['start', 'end', 'asyncStart', 'asyncEnd', 'error'] as const).map((event) => [
        event,
        (context: unknown) => events.push({ channel, event, context: { ...(context as object) } }),
      ]),
    );
    tc.subscribe(handlers as never);
    return () => tc.unsubscribe(handlers as never);
  });
  return {
    events,
    /** The attempts that ended, in order. */
    attempts: () => events.filter((e) => e.channel === 'attempt' && e.event === 'asyncEnd').map((e) => e.context as unknown as AttemptContext),
    stop: () => subscriptions.forEach((stop) => stop()),
  };
}
