// The shared HTTP pipeline: retries, backoff, Retry-After, timeouts, keep-alive.
import { Readable } from 'node:stream';
import { IqAbortError, IqNetworkError, IqTimeoutError, IqValidationError } from '../../src';
import { HttpPipeline } from '../../src/http/pipeline';
import { backoffDelay, parseRetryAfter, retryPolicy } from '../../src/http/retry';
import type { HttpRequest } from '../../src/http/types';
import { recordEvents } from '../support/diagnostics';
import { answer, startScriptedServer, type ScriptedServer } from '../support/scripted-server';

describe('backoff', () => {
  const policy = retryPolicy();

  it('starts at 0.5 s, doubles, caps at 5 s, with jitter in the upper half of each step', () => {
    const steps = [1, 2, 3, 4, 5, 6].map((n) => [backoffDelay(policy, n, () => 0), backoffDelay(policy, n, () => 1)]);
    expect(steps).toEqual([
      [250, 500],
      [500, 1000],
      [1000, 2000],
      [2000, 4000],
      [2500, 5000],
      [2500, 5000],
    ]);
  });

  it('reads Retry-After as seconds or as a date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Thursday, 01-Jan-26 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Thu Jan  1 00:00:30 2026', now)).toBe(30);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
    // Date.parse reads these as dates in 2001, which would mean "retry now": they are not Retry-After values.
    for (const odd of ['1.5', '-1', '+3', '2, 2', '0x10', '1e3', ' ', '99999999999']) expect(parseRetryAfter(odd, now)).toBeUndefined();
  });
});

describe('HttpPipeline', () => {
  let server: ScriptedServer;
  let script: (index: number) => [number, Record<string, string>?];
  beforeEach(async () => {
    server = await startScriptedServer((_req, res, index) => {
      const [status, headers] = script(index);
      answer(res, status, 'text/plain', `answer ${index}`, headers);
    });
  });
  afterEach(() => server.close());

  const request = (extra: Partial<HttpRequest> = {}): HttpRequest => ({
    method: 'GET',
    url: server.url,
    headers: {},
    operation: 'Test',
    idempotent: true,
    ...extra,
  });
  const fast = (extra = {}) => new HttpPipeline({ retry: { initialDelayMs: 5, ...extra } });

  it('retries 502, 503 and 504 on an idempotent request, then returns the answer', async () => {
    const statuses = [502, 503, 504];
    script = (i) => [statuses[i] ?? 200];
    const response = await fast({ retries: 3 }).send(request());
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(4);
  });

  it('returns the last answer when retries run out, and does not retry 500', async () => {
    script = () => [503];
    expect((await fast().send(request())).status).toBe(503);
    expect(server.requests).toHaveLength(3);
    script = () => [500];
    server.requests.splice(0);
    expect((await fast().send(request())).status).toBe(500);
    expect(server.requests).toHaveLength(1);
  });

  it('does not replay a request that is not idempotent', async () => {
    script = () => [503];
    await fast().send(request({ method: 'POST', idempotent: false }));
    expect(server.requests).toHaveLength(1);
  });

  it('waits as long as Retry-After says, up to maxRetryAfterMs', async () => {
    script = (i) => (i === 0 ? [503, { 'retry-after': '1' }] : [200]);
    const recorder = recordEvents();
    try {
      await fast().send(request());
    } finally {
      recorder.stop();
    }
    expect(recorder.attempts().map((a) => [a.attempt, a.status, a.retryReason, a.retryDelayMs])).toEqual([
      [1, 503, undefined, undefined],
      [2, 200, 'HTTP 503', 1000],
    ]);
    server.requests.splice(0);
    script = () => [503, { 'retry-after': '3600' }];
    const response = await fast().send(request());
    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it('keeps the connection alive across calls', async () => {
    script = () => [200];
    const pipeline = fast();
    for (let i = 0; i < 20; i++) await pipeline.send(request());
    expect(server.connections).toBe(1);
  });

  it('times out each attempt, and stops when the caller aborts (also during backoff)', async () => {
    const slow = await startScriptedServer((_req, res) => setTimeout(() => answer(res, 200, 'text/plain', 'late'), 400));
    try {
      const pipeline = new HttpPipeline({ timeoutMs: 100, retry: { retries: 0 } });
      await expect(pipeline.send(request({ url: slow.url }))).rejects.toBeInstanceOf(IqTimeoutError);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      await expect(new HttpPipeline().send(request({ url: slow.url, signal: controller.signal }))).rejects.toBeInstanceOf(IqAbortError);
    } finally {
      await slow.close();
    }
    script = () => [503];
    const controller = new AbortController();
    const pending = new HttpPipeline({ retry: { initialDelayMs: 10_000 } }).send(request({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(IqAbortError);
    expect(server.requests).toHaveLength(1);
  });

  it('replays a refused connection even for a request that is not idempotent', async () => {
    const port = new URL(server.url).port;
    await server.close();
    const error = await fast()
      .send(request({ url: `http://127.0.0.1:${port}/`, idempotent: false }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IqNetworkError);
    expect((error as IqNetworkError).code).toBe('ECONNREFUSED');
    server = await startScriptedServer(() => undefined); // for afterEach
  });

  it('refuses nonsense options', () => {
    expect(() => new HttpPipeline({ timeoutMs: 0 })).toThrow(IqValidationError);
    expect(() => new HttpPipeline({ maxResponseBytes: -1 })).toThrow(IqValidationError);
  });
});

describe('HttpPipeline: statuses that say "not processed", the deadline, waits the caller ends', () => {
  let server: ScriptedServer;
  let script: (index: number) => [number, Record<string, string>?];
  beforeEach(async () => {
    server = await startScriptedServer((_req, res, index) => {
      const [status, headers] = script(index);
      answer(res, status, 'text/plain', `answer ${index}`, headers);
    });
  });
  afterEach(() => server.close());
  const post = (extra: Partial<HttpRequest> = {}): HttpRequest => ({
    method: 'POST',
    url: server.url,
    headers: {},
    body: 'x',
    operation: 'Test',
    idempotent: false,
    ...extra,
  });

  it.each([429, 408])('replays %i even for a request that is not idempotent, honouring Retry-After', async (status) => {
    script = (i) => (i === 0 ? [status, { 'retry-after': '0' }] : [200]);
    const response = await new HttpPipeline({ retry: { initialDelayMs: 5 } }).send(post());
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it('returns a 429 whose Retry-After is longer than maxRetryAfterMs at once, after one request', async () => {
    script = () => [429, { 'retry-after': '3600' }];
    expect((await new HttpPipeline().send(post())).status).toBe(429);
    expect(server.requests).toHaveLength(1);
  });

  it('does not start a wait that would end after the deadline: the answer is returned', async () => {
    script = () => [503, { 'retry-after': '2' }];
    const pipeline = new HttpPipeline({ deadlineMs: 1_000 });
    expect((await pipeline.send(post({ idempotent: true }))).status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it('ends an attempt that outlives the deadline with IqTimeoutError naming the deadline', async () => {
    const silent = await startScriptedServer(() => undefined);
    try {
      const err = await new HttpPipeline({ timeoutMs: 20_000, deadlineMs: 200 }).send(post({ url: silent.url })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IqTimeoutError);
      expect(err).toMatchObject({ timeoutMs: 200, message: 'Test did not finish within its deadline of 200 ms' });
    } finally {
      await silent.close();
    }
  });

  it("an abort that lands as the failed answer's body ends is not missed: no wait for Retry-After, and the cause says why", async () => {
    // A dispatcher whose body aborts the caller's signal in the same turn as its last chunk: a race no
    // real server can time, where the body read succeeds and only the wait can notice the abort.
    const controller = new AbortController();
    let requests = 0;
    const dispatcher = {
      async request() {
        requests++;
        async function* body() {
          yield Buffer.from('busy');
          controller.abort();
        }
        return { statusCode: 503, headers: { 'retry-after': '25', 'content-type': 'text/plain' }, body: Readable.from(body()) };
      },
    };
    const call = new HttpPipeline({ dispatcher, retry: { maxRetryAfterMs: 60_000 } }).send(
      post({ url: 'http://127.0.0.1:9/', idempotent: true, signal: controller.signal }),
    );
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise((ok) => (timer = setTimeout(ok, 10_000, 'still waiting')));
    const settled = await Promise.race([call.catch((e: unknown) => e), bound]).finally(() => clearTimeout(timer));
    expect(settled).toBeInstanceOf(IqAbortError);
    expect(((settled as Error).cause as Error).name).toBe('AbortError');
    expect(requests).toBe(1);
  });

  it('a call whose signal has already fired sends nothing', async () => {
    script = () => [200];
    const err = await new HttpPipeline().send(post({ signal: AbortSignal.abort() })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IqAbortError);
    expect(server.requests).toHaveLength(0);
  });

  it.each([2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER])("refuses timeoutMs %p, which Node's timers cannot hold", (timeoutMs) => {
    expect(() => new HttpPipeline({ timeoutMs })).toThrow(
      new IqValidationError('timeoutMs must be a positive number of milliseconds, at most 2147483647', 'timeoutMs'),
    );
    expect(() => new HttpPipeline({ deadlineMs: timeoutMs })).toThrow(IqValidationError);
  });
});
