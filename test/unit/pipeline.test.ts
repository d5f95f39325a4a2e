// The shared HTTP pipeline: retries, backoff, Retry-After, timeouts, keep-alive.
import { IqAbortError, IqNetworkError, IqTimeoutError, IqValidationError } from '../../src';
import { HttpPipeline } from '../../src/http/pipeline';
import { backoffDelay, parseRetryAfter, retryPolicy } from '../../src/http/retry';
import type { HttpRequest } from '../../src/http/types';
import { answer, startScriptedServer, type ScriptedServer } from '../support/scripted-server';

describe('backoff', () => {
  const policy = retryPolicy();

  it('starts at 0.5 s, doubles, caps at 5 s, with jitter in the upper half of each step', () => {
    const steps = [1, 2, 3, 4, 5, 6].map((n) => [backoffDelay(policy, n, () => 0), backoffDelay(policy, n, () => 1)]);
    expect(steps).toEqual([[250, 500], [500, 1000], [1000, 2000], [2000, 4000], [2500, 5000], [2500, 5000]]);
  });

  it('reads Retry-After as seconds or as a date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
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
    method: 'GET', url: server.url, headers: {}, operation: 'Test', idempotent: true, ...extra,
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
    const started = Date.now();
    await fast().send(request());
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
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
    const error = await fast().send(request({ url: `http://127.0.0.1:${port}/`, idempotent: false })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IqNetworkError);
    expect((error as IqNetworkError).code).toBe('ECONNREFUSED');
    server = await startScriptedServer(() => undefined); // for afterEach
  });

  it('refuses nonsense options', () => {
    expect(() => new HttpPipeline({ timeoutMs: 0 })).toThrow(IqValidationError);
    expect(() => new HttpPipeline({ maxResponseBytes: -1 })).toThrow(IqValidationError);
  });
});
