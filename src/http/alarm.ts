// The attempts' timeouts. Arming and clearing a Node timer for every attempt
// (a timer list made and dropped each time) was one of the larger shares of
// the pipeline's own cost per call. A timeout of a second or more, which is
// almost always cleared long before it fires, is kept in one set that a shared
// clock checks every TICK_MS, as undici does for its own timeouts; it fires up
// to TICK_MS late. A shorter one keeps a timer of its own, where a quarter of a
// second would matter. Like undici's, the clock never holds the process open:
// what an attempt waits on (its socket, a DNS lookup) does, while it is under way.

/** Timeouts this long or longer share the clock. */
export const SHARED_FROM_MS = 1_000;
/** How often the shared clock looks, and so how late a shared timeout may fire. */
export const TICK_MS = 250;

export interface Alarm {
  readonly at: number;
  readonly ring: () => void;
  /** The timer of a short timeout; a shared one has none. */
  readonly timer?: NodeJS.Timeout;
}

const pending = new Set<Alarm>();
let clock: NodeJS.Timeout | undefined;

function tick(): void {
  // A whole tick with nothing pending: the clock stops (the next timeout starts it again).
  if (pending.size === 0) {
    clearInterval(clock);
    clock = undefined;
    return;
  }
  const now = Date.now();
  for (const alarm of pending) {
    if (alarm.at > now) continue;
    pending.delete(alarm);
    alarm.ring();
  }
}

/** Calls `ring` after `ms` (a shared timeout: up to TICK_MS after), unless cleared first. */
export function setAlarm(ms: number, ring: () => void): Alarm {
  if (ms < SHARED_FROM_MS) return { at: Date.now() + ms, ring, timer: setTimeout(ring, ms) };
  const alarm: Alarm = { at: Date.now() + ms, ring };
  pending.add(alarm);
  clock ??= setInterval(tick, TICK_MS).unref();
  return alarm;
}

export function clearAlarm(alarm: Alarm): void {
  if (alarm.timer !== undefined) clearTimeout(alarm.timer);
  else pending.delete(alarm);
}
