// What the package tells about its calls: diagnostics_channel events for each
// operation and each HTTP attempt (retries with their reason and wait), the
// OpenTelemetry bridge's spans and metrics, the CLI's --verbose, and no secret
// in any payload or attribute.
import { inspect } from 'node:util';
import { MeterProvider, MetricReader, type HistogramMetricData } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { IqResellerClient, PrintIqSsoClient, type AttemptContext, type OperationContext } from '../../src';
import { main } from '../../src/cli/main';
import { Redactor } from '../../src/errors/redact';
import { instrumentOpenTelemetry } from '../../src/otel';
import { recordEvents as record } from '../support/diagnostics';
import { failure, oneServerPerTest } from '../support/one-server';
import { answer, type Handler } from '../support/scripted-server';
import { everySpelling, expectNoSecrets } from '../support/secret-checks';

const API_KEY = 'DIAG-API-KEY-0123456789abcdef';
const TOKEN = 'diag-session-token-0123456789abcdef';
const APP_KEY = '5A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D';
const server = oneServerPerTest();

const reseller = (handler: (index: number) => [number, string, Record<string, string>?]): Handler => {
  let calls = 0;
  return (req, res) => {
    if (req.url.includes('IntegrationAPI')) return answer(res, 200, 'application/json', JSON.stringify({ Data: TOKEN }));
    const [status, body, headers] = handler(calls++);
    answer(res, status, 'application/json', body, headers);
  };
};

const client = (url: string) => {
  const origin = new URL(url).origin;
  return new IqResellerClient({ apiKey: API_KEY, signinUrl: origin, apiUrl: origin, retry: { initialDelayMs: 5 } });
};

describe('diagnostics_channel', () => {
  it('tells each operation and each attempt, with the retry, its reason and its wait', async () => {
    const api = await server.serve(reseller((i) => (i === 0 ? [503, '{"message":"busy"}', { 'retry-after': '0' }] : [200, '[{"cvid":1},{"cvid":2}]'])));
    const iq = client(api.url);
    const { events, stop } = record();
    try {
      await iq.getCVs();
    } finally {
      stop();
      await iq.close();
    }
    const ends = events.filter((e) => e.event === 'asyncEnd');
    const attempts = ends.filter((e) => e.channel === 'attempt').map((e) => e.context as unknown as AttemptContext);
    expect(
      attempts.map(({ operation, method, attempt, status, retryReason, retryDelayMs }) => ({ operation, method, attempt, status, retryReason, retryDelayMs })),
    ).toEqual([
      { operation: 'CreateSession', method: 'POST', attempt: 1, status: 200, retryReason: undefined, retryDelayMs: undefined },
      { operation: 'CV/GetCVs', method: 'POST', attempt: 1, status: 503, retryReason: undefined, retryDelayMs: undefined },
      { operation: 'CV/GetCVs', method: 'POST', attempt: 2, status: 200, retryReason: 'HTTP 503', retryDelayMs: 0 },
    ]);
    expect(attempts[2]).toMatchObject({ url: `${new URL(api.url).origin}/webapi.svc/CV/JSON/GetCVs`, bytes: 23, durationMs: expect.any(Number) });
    const operations = ends.filter((e) => e.channel === 'operation').map((e) => e.context as unknown as OperationContext);
    expect(operations).toEqual([{ operation: 'CV/GetCVs', api: 'reseller', items: 2 }]);
    // Every attempt runs inside its operation: start of the operation first, its end last.
    expect(events[0]).toMatchObject({ channel: 'operation', event: 'start' });
    expect(events.at(-1)).toMatchObject({ channel: 'operation', event: 'asyncEnd' });
  });

  it('an SSO request: the operation with its wire form, the attempt, a failure as the typed error', async () => {
    const api = await server.serve((_req, res) =>
      answer(res, 500, 'text/html', `<html><head><title>App ${APP_KEY.toLowerCase()} refused</title></head></html>`),
    );
    const sso = new PrintIqSsoClient({ url: api.url, appKey: APP_KEY, transport: 'json', retry: { retries: 0 } });
    const { events, stop } = record();
    try {
      await failure(sso.request({ userName: 'testuser' }));
    } finally {
      stop();
    }
    // The attempt got an answer (HTTP 500): it ends with its status; the operation fails with the typed error.
    expect(events.filter((e) => e.event === 'asyncEnd' && e.channel === 'attempt').map((e) => e.context.status)).toEqual([500]);
    const errors = events.filter((e) => e.event === 'error');
    expect(errors.map((e) => [e.channel, (e.context.error as Error).name])).toEqual([['operation', 'IqHttpError']]);
    expect(events.find((e) => e.channel === 'operation')?.context).toMatchObject({ operation: 'SSORequest', api: 'printiq', transport: 'json' });
  });

  it('no payload holds a secret, in any spelling a server echoed it in', async () => {
    const echo = `${API_KEY} ${TOKEN.toUpperCase()} ${Buffer.from(TOKEN).toString('base64')}`;
    const onReseller = reseller(() => [500, JSON.stringify({ message: `failed for ${echo}` })]);
    const api = await server.serve((req, res, index) =>
      req.url.endsWith('/SSORequest')
        ? answer(res, 500, 'application/json', JSON.stringify({ Message: `bad ${APP_KEY.toLowerCase()}`, ExceptionType: 'X' }))
        : onReseller(req, res, index),
    );
    const iq = client(api.url);
    const { events, stop } = record();
    try {
      await failure(iq.getCVs());
      await failure(new PrintIqSsoClient({ url: api.url, appKey: APP_KEY, transport: 'json', retry: { retries: 0 } }).request({ userName: 'u' }));
    } finally {
      stop();
      await iq.close();
    }
    expect(events.filter((e) => e.event === 'error')).toHaveLength(2);
    const seen = events.map((e) => `${inspect(e.context, { depth: 10, showHidden: true })}\n${JSON.stringify(e.context)}`).join('\n');
    expectNoSecrets(
      seen,
      [
        ['the API key', API_KEY],
        ['the session token', TOKEN],
        ['the AppKey', APP_KEY],
      ],
      everySpelling,
    );
  });

  it('makes no context while nobody listens (the attempt URL is scrubbed only for a subscriber)', async () => {
    const api = await server.serve(reseller(() => [200, '[]']));
    const iq = client(api.url);
    const scrubbed = jest.spyOn(Redactor.prototype, 'text');
    try {
      await iq.getCVs();
      expect(scrubbed).not.toHaveBeenCalled();
      const { stop } = record();
      await iq.getCVs();
      stop();
      expect(scrubbed).toHaveBeenCalled();
    } finally {
      scrubbed.mockRestore();
      await iq.close();
    }
  });
});

describe('OpenTelemetry (iq-integration/otel)', () => {
  class TestReader extends MetricReader {
    protected async onForceFlush(): Promise<void> {}
    protected async onShutdown(): Promise<void> {}
  }

  function sdk() {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const reader = new TestReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    return { exporter, reader, instrumentation: instrumentOpenTelemetry({ tracerProvider, meterProvider }) };
  }

  it('an operation span with an HTTP client span per attempt (semantic conventions), a retry visible, and metrics', async () => {
    const api = await server.serve(reseller((i) => (i === 0 ? [503, '{"message":"busy"}', { 'retry-after': '0' }] : [200, '[{"cvid":1}]'])));
    const { exporter, reader, instrumentation } = sdk();
    const iq = client(api.url);
    try {
      await iq.getCVs();
    } finally {
      instrumentation.disable();
      await iq.close();
    }
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((s) => s.name === 'IQ Reseller CV/GetCVs')!;
    expect(operation).toMatchObject({ kind: SpanKind.INTERNAL, attributes: { 'iq.api': 'reseller', 'iq.operation': 'CV/GetCVs', 'iq.items': 1 } });
    const attempts = spans.filter((s) => s.kind === SpanKind.CLIENT && s.attributes['iq.operation'] === 'CV/GetCVs');
    expect(attempts.map((s) => s.name)).toEqual(['POST', 'POST']);
    for (const span of attempts) expect(span.parentSpanContext?.spanId).toBe(operation.spanContext().spanId);
    const port = Number(new URL(api.url).port);
    expect(attempts[0].attributes).toMatchObject({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'server.port': port,
      'http.response.status_code': 503,
      'error.type': '503',
    });
    expect(attempts[0].status.code).toBe(SpanStatusCode.ERROR);
    expect(attempts[1].attributes).toMatchObject({ 'http.response.status_code': 200, 'http.request.resend_count': 1, 'iq.retry.reason': 'HTTP 503' });
    expect(attempts[1].attributes['error.type']).toBeUndefined();
    const { resourceMetrics } = await reader.collect();
    const metrics = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    const duration = metrics.find((m) => m.descriptor.name === 'http.client.request.duration') as HistogramMetricData;
    expect(duration.descriptor.unit).toBe('s');
    expect(duration.dataPoints.reduce((n, p) => n + p.value.count, 0)).toBe(3); // the session POST and two GetCVs attempts
  });

  it('a failure: the error recorded with its typed class, no secret in any attribute or event', async () => {
    const api = await server.serve(reseller(() => [500, JSON.stringify({ message: `no ${API_KEY.toLowerCase()} / ${TOKEN}` })]));
    const { exporter, instrumentation } = sdk();
    const iq = client(api.url);
    try {
      await failure(iq.getCVs());
    } finally {
      instrumentation.disable();
      await iq.close();
    }
    const operation = exporter.getFinishedSpans().find((s) => s.name === 'IQ Reseller CV/GetCVs')!;
    expect(operation.status.code).toBe(SpanStatusCode.ERROR);
    expect(operation.attributes['error.type']).toBe('IqHttpError');
    expect(operation.events.map((e) => e.name)).toContain('exception');
    expectNoSecrets(
      inspect(exporter.getFinishedSpans(), { depth: 12 }),
      [
        ['the API key', API_KEY],
        ['the session token', TOKEN],
      ],
      everySpelling,
    );
  });

  it('a session refresh shows on the operation span as events, and is counted', async () => {
    let sessions = 0;
    const api = await server.serve((req, res) => {
      if (req.url.includes('IntegrationAPI')) return answer(res, 200, 'application/json', JSON.stringify({ Data: `${TOKEN}-${sessions++}` }));
      // The first session's token is refused, as an expired one is.
      if (req.headers['iqr-session-token'] === `${TOKEN}-0`) return answer(res, 401, 'application/json', '{"message":"expired"}');
      answer(res, 200, 'application/json', '[]');
    });
    const { exporter, reader, instrumentation } = sdk();
    const iq = client(api.url);
    try {
      await iq.getCVs();
    } finally {
      instrumentation.disable();
      await iq.close();
    }
    const operation = exporter.getFinishedSpans().find((s) => s.name === 'IQ Reseller CV/GetCVs')!;
    expect(operation.events.map((e) => e.name)).toEqual(expect.arrayContaining(['session created', 'session expired', 'session refreshed']));
    const { resourceMetrics } = await reader.collect();
    const counter = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === 'iq_integration.session.events')!;
    const byEvent = Object.fromEntries(counter.dataPoints.map((p) => [p.attributes['iq.session.event'], p.value]));
    expect(byEvent).toMatchObject({ created: 2, expired: 1, refreshed: 1 });
    expectNoSecrets(
      inspect(exporter.getFinishedSpans(), { depth: 12 }),
      [
        ['the session token', `${TOKEN}-0`],
        ['the API key', API_KEY],
      ],
      everySpelling,
    );
  });

  it('disable() stops it: no span for later calls', async () => {
    const api = await server.serve(reseller(() => [200, '[]']));
    const { exporter, instrumentation } = sdk();
    instrumentation.disable();
    const iq = client(api.url);
    await iq.getCVs();
    await iq.close();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});

describe('the CLI: --verbose', () => {
  it('prints each attempt on stderr: operation, status, time, and why it was retried', async () => {
    const api = await server.serve(reseller((i) => (i === 0 ? [503, '{"message":"busy"}', { 'retry-after': '0' }] : [200, '[]'])));
    const origin = new URL(api.url).origin;
    let err = '';
    const code = await main(['cvs', '--verbose'], {
      out: () => undefined,
      err: (t) => (err += t),
      env: { IQR_API_KEY: API_KEY, IQR_SIGNIN_URL: origin, IQR_API_URL: origin },
    });
    expect(code).toBe(0);
    const lines = err.trim().split('\n');
    expect(lines).toHaveLength(4); // sign-in, GetCVs twice, the DELETE of the session
    expect(lines[1]).toMatch(
      /^iq-integration: CV\/GetCVs attempt 1: POST http:\/\/127\.0\.0\.1:\d+\/webapi\.svc\/CV\/JSON\/GetCVs -> HTTP 503, \d+ bytes in [\d.]+ ms$/,
    );
    expect(lines[2]).toMatch(/^iq-integration: CV\/GetCVs attempt 2: .* -> HTTP 200, 2 bytes in [\d.]+ ms \(retry after HTTP 503, waited 0 ms\)$/);
    expect(err).not.toContain(API_KEY);
  });
});
