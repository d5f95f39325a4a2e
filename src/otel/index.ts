// iq-integration/otel: turns the package's diagnostics_channel events into
// OpenTelemetry spans and metrics. Depends only on @opentelemetry/api (an
// optional peer dependency): bring your own SDK and exporters.
//
// Spans: one per operation (INTERNAL, `printIQ SSORequest`, `IQ Reseller CV/GetCVs`) with one
// HTTP client span per attempt beneath it (semantic conventions for HTTP clients: `{method}`,
// http.request.method, url.full, server.address/port, http.response.status_code,
// http.request.resend_count, error.type); session events as span events.
// Metrics: http.client.request.duration (per attempt), iq_integration.operation.duration,
// iq_integration.session.events.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TracingChannel } from 'node:diagnostics_channel';
import {
  SpanKind,
  SpanStatusCode,
  context as otelContext,
  metrics,
  trace,
  type Attributes,
  type MeterProvider,
  type Span,
  type TracerProvider,
} from '@opentelemetry/api';
import { attemptChannel, operationChannel, sessionChannel, type AttemptContext, type OperationContext, type SessionEvent } from '../diagnostics/channels';

export interface OtelOptions {
  /** Default: the global provider (`trace.setGlobalTracerProvider`). */
  tracerProvider?: TracerProvider;
  /** Default: the global provider (`metrics.setGlobalMeterProvider`). */
  meterProvider?: MeterProvider;
}

export interface OtelInstrumentation {
  /** Stops turning events into spans and metrics. */
  disable(): void;
}

const SCOPE = 'iq-integration';
const API_NAMES = { printiq: 'printIQ', reseller: 'IQ Reseller' } as const;

/** The span of the operation running in this async context, so attempts and session events attach to it. */
const currentOperation = new AsyncLocalStorage<Span>();

function errorType(error: { name?: string } | undefined, status: number | undefined): string | undefined {
  if (error?.name) return error.name;
  return status !== undefined && status >= 400 ? String(status) : undefined;
}

function endSpan(span: Span, error: Error | undefined, type: string | undefined): void {
  if (type) span.setAttribute('error.type', type);
  if (error) span.recordException(error);
  if (type) span.setStatus({ code: SpanStatusCode.ERROR, message: error?.message });
  span.end();
}

/** Subscribes to a tracing channel's events for as long as the instrumentation is on. */
function follow<C extends object>(
  channel: TracingChannel<unknown, C>,
  start: (context: C) => Span,
  settle: (context: C, span: Span) => void,
  store?: AsyncLocalStorage<Span>,
) {
  const spans = new WeakMap<C, Span>();
  const begin = (ctx: C) => {
    const span = start(ctx);
    spans.set(ctx, span);
    return span;
  };
  const finish = (ctx: C) => {
    const span = spans.get(ctx);
    if (span) settle(ctx, span);
  };
  const handlers = {
    start: (ctx: C) => store === undefined && begin(ctx),
    asyncEnd: finish,
    end: () => undefined,
    asyncStart: () => undefined,
    error: () => undefined,
  };
  // With a store, the span is made as the operation's async context is entered, so that what runs inside sees it.
  if (store) channel.start.bindStore(store, (ctx) => begin(ctx as C));
  channel.subscribe(handlers as never);
  return () => {
    channel.unsubscribe(handlers as never);
    if (store) channel.start.unbindStore(store);
  };
}

export function instrumentOpenTelemetry(options: OtelOptions = {}): OtelInstrumentation {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE);
  const attemptDuration = meter.createHistogram('http.client.request.duration', { unit: 's', description: 'Duration of each HTTP attempt' });
  const operationDuration = meter.createHistogram('iq_integration.operation.duration', {
    unit: 's',
    description: 'Duration of each operation, retries and waits included',
  });
  const sessionEvents = meter.createCounter('iq_integration.session.events', { description: 'IQ Reseller session events' });
  const started = new WeakMap<object, number>();

  const stopOperations = follow<OperationContext>(
    operationChannel,
    (ctx) => {
      started.set(ctx, performance.now());
      const attributes: Attributes = { 'iq.api': ctx.api, 'iq.operation': ctx.operation };
      if (ctx.transport) attributes['iq.transport'] = ctx.transport;
      if (ctx.page !== undefined) attributes['iq.page'] = ctx.page;
      if (ctx.pageSize !== undefined) attributes['iq.page_size'] = ctx.pageSize;
      return tracer.startSpan(`${API_NAMES[ctx.api]} ${ctx.operation}`, { kind: SpanKind.INTERNAL, attributes }, otelContext.active());
    },
    (ctx, span) => {
      if (ctx.items !== undefined) span.setAttribute('iq.items', ctx.items);
      const type = errorType(ctx.error, undefined);
      const seconds = (performance.now() - (started.get(ctx) ?? performance.now())) / 1000;
      operationDuration.record(seconds, { 'iq.api': ctx.api, 'iq.operation': ctx.operation, ...(type && { 'error.type': type }) });
      endSpan(span, ctx.error, type);
    },
    currentOperation,
  );

  const stopAttempts = follow<AttemptContext>(
    attemptChannel,
    (ctx) => {
      const url = new URL(ctx.url);
      const attributes: Attributes = {
        'http.request.method': ctx.method,
        'url.full': ctx.url,
        'server.address': url.hostname,
        'server.port': Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
        'iq.operation': ctx.operation,
      };
      if (ctx.attempt > 1) attributes['http.request.resend_count'] = ctx.attempt - 1;
      if (ctx.retryReason) attributes['iq.retry.reason'] = ctx.retryReason;
      if (ctx.retryDelayMs !== undefined) attributes['iq.retry.delay_ms'] = ctx.retryDelayMs;
      const parent = currentOperation.getStore();
      const active = parent ? trace.setSpan(otelContext.active(), parent) : otelContext.active();
      return tracer.startSpan(ctx.method, { kind: SpanKind.CLIENT, attributes }, active);
    },
    (ctx, span) => {
      if (ctx.status !== undefined) span.setAttribute('http.response.status_code', ctx.status);
      // Not http.response.body.size: that is the size on the wire (compressed), this the unpacked size.
      if (ctx.bytes !== undefined) span.setAttribute('iq.response.body.size', ctx.bytes);
      const type = errorType(ctx.error, ctx.status);
      const url = new URL(ctx.url);
      attemptDuration.record((ctx.durationMs ?? 0) / 1000, {
        'http.request.method': ctx.method,
        'server.address': url.hostname,
        ...(ctx.status !== undefined && { 'http.response.status_code': ctx.status }),
        ...(type && { 'error.type': type }),
      });
      endSpan(span, ctx.error, type);
    },
  );

  const onSession = (message: unknown) => {
    const event = message as SessionEvent;
    sessionEvents.add(1, { 'iq.session.event': event.event });
    currentOperation
      .getStore()
      ?.addEvent(`session ${event.event}`, { 'iq.sessions_created': event.sessionsCreated, ...(event.reason && { 'iq.session.reason': event.reason }) });
  };
  sessionChannel.subscribe(onSession);

  let on = true;
  return {
    disable() {
      if (!on) return;
      on = false;
      stopOperations();
      stopAttempts();
      sessionChannel.unsubscribe(onSession);
    },
  };
}
