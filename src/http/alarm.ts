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

/**
 * The clock, with the timer functions it was made and is stopped with: a clock made under a test's
 * fake timers, since put back, would never tick, so a new one is made once they are not the same.
 */
let clock: { timer: NodeJS.Timeout; madeBy: typeof setInterval; stop: typeof clearInterval } | undefined;

function stopClock(): void {
  clock?.stop(clock.timer);
  clock = undefined;
}

/** Monotonic, as a timer's own delay is: a wall clock stepped back or frozen by a test's Date mock does not stop it. */
const now = () => performance.now();

function tick(): void {
  // A whole tick with nothing pending: the clock stops (the next timeout starts it again).
  if (pending.size === 0) return stopClock();
  const looked = now();
  for (const alarm of pending) {
    if (alarm.at > looked) continue;
    pending.delete(alarm);
    alarm.ring();
  }
}

/** Calls `ring` after `ms` (a shared timeout: up to TICK_MS after), unless cleared first. */
export function setAlarm(ms: number, ring: () => void): Alarm {
  const at = now() + ms;
  if (ms < SHARED_FROM_MS) return { at, ring, timer: setTimeout(ring, ms) };
  const alarm: Alarm = { at, ring };
  pending.add(alarm);
  if (clock?.madeBy !== setInterval) {
    stopClock();
    clock = { timer: setInterval(tick, TICK_MS).unref(), madeBy: setInterval, stop: clearInterval };
  }
  return alarm;
}

export function clearAlarm(alarm: Alarm): void {
  if (alarm.timer !== undefined) clearTimeout(alarm.timer);
  else pending.delete(alarm);
}
