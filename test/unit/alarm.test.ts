// The attempts' timeouts (src/http/alarm.ts): a shared clock for those of a
// second or more, a timer of its own for shorter ones. Asserted by what rang and
// by what holds the process open, never by how long something took.
import { clearAlarm, setAlarm, SHARED_FROM_MS, TICK_MS } from '../../src/http/alarm';

const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;

describe('alarms', () => {
  it('rings a shared alarm no earlier than its time, and never one that was cleared', async () => {
    const late: number[] = [];
    const cleared: number[] = [];
    const kept = setAlarm(SHARED_FROM_MS, () => late.push(Date.now() - kept.at));
    const dropped = setAlarm(SHARED_FROM_MS, () => cleared.push(1));
    expect(kept.timer).toBeUndefined();
    clearAlarm(dropped);
    await new Promise((resolve) => setTimeout(resolve, SHARED_FROM_MS + 3 * TICK_MS));
    expect(late).toHaveLength(1);
    expect(late[0]).toBeGreaterThanOrEqual(0);
    expect(cleared).toHaveLength(0);
  });

  it('holds the process open only while a shared alarm is pending', () => {
    const before = timers();
    const first = setAlarm(30_000, () => undefined);
    const second = setAlarm(30_000, () => undefined);
    expect(timers()).toBe(before + 1); // one clock for both
    clearAlarm(first);
    expect(timers()).toBe(before + 1);
    clearAlarm(second);
    expect(timers()).toBe(before);
    const third = setAlarm(30_000, () => undefined);
    expect(timers()).toBe(before + 1);
    clearAlarm(third);
    clearAlarm(third); // twice is harmless
    expect(timers()).toBe(before);
  });

  it('gives a short alarm a timer of its own, which rings and can be cleared', async () => {
    const log: number[] = [];
    const short = setAlarm(20, () => log.push(1));
    const cancelled = setAlarm(20, () => log.push(2));
    expect(short.timer).toBeDefined();
    clearAlarm(cancelled);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(log).toEqual([1]);
  });

  it('rings every due alarm of one tick, even when one of them sets another', async () => {
    const log: string[] = [];
    setAlarm(SHARED_FROM_MS, () => {
      log.push('a');
      setAlarm(SHARED_FROM_MS, () => log.push('c'));
    });
    setAlarm(SHARED_FROM_MS, () => log.push('b'));
    await new Promise((resolve) => setTimeout(resolve, 2 * SHARED_FROM_MS + 4 * TICK_MS));
    expect(log.slice(0, 2).sort()).toEqual(['a', 'b']);
    expect(log[2]).toBe('c');
  });
});
