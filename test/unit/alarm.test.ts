// The attempts' timeouts (src/http/alarm.ts): a shared clock for those of a
// second or more, a timer of its own for shorter ones. Asserted by what rang and
// by what holds the process open, never by how long something took.
import { execFile } from 'node:child_process';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { clearAlarm, setAlarm, SHARED_FROM_MS, TICK_MS } from '../../src/http/alarm';

const TSX = resolve(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');

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

  it('never holds the process open with its clock: only what the attempt waits on does', () => {
    const before = timers();
    const first = setAlarm(30_000, () => undefined);
    const second = setAlarm(30_000, () => undefined);
    expect(timers()).toBe(before);
    clearAlarm(first);
    clearAlarm(second);
    clearAlarm(second); // twice is harmless
    expect(timers()).toBe(before);
  });

  it('ends a call in a process of its own whose server never answers: the socket keeps it alive until the timeout', async () => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const stdout = await new Promise<string>((resolve) => {
        execFile(TSX, [join(__dirname, 'fixtures', 'hung-call.ts'), url], { timeout: 20_000 }, (_error, out) => resolve(out));
      });
      expect(stdout).toBe('IqTimeoutError\nexit\n');
      expect(sockets).toHaveLength(1);
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });

  it("is not stopped by a clock made under a test's fake timers, since put back", async () => {
    jest.useFakeTimers();
    try {
      clearAlarm(setAlarm(SHARED_FROM_MS, () => undefined)); // the clock is made under the fake timers
    } finally {
      jest.useRealTimers();
    }
    const log: string[] = [];
    setAlarm(SHARED_FROM_MS, () => log.push('rang'));
    await new Promise((resolve) => setTimeout(resolve, SHARED_FROM_MS + 3 * TICK_MS));
    expect(log).toEqual(['rang']);
  });

  it('keeps time by a monotonic clock: a wall clock frozen or stepped back does not hold a shared alarm', async () => {
    const frozen = Date.now() - 60_000;
    const wall = jest.spyOn(Date, 'now').mockReturnValue(frozen);
    try {
      const log: string[] = [];
      setAlarm(SHARED_FROM_MS, () => log.push('rang'));
      await new Promise((resolve) => setTimeout(resolve, SHARED_FROM_MS + 3 * TICK_MS));
      expect(log).toEqual(['rang']);
    } finally {
      wall.mockRestore();
    }
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
