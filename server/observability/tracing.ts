import { type Attributes, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace-node';

/** The tracer every span comes from; a no-op until `startTracing` registers a provider. */
export const tracer = () => trace.getTracer('arbiter');

let contentCapture = false;

/** Whether spans may carry content and chain of thought (ARBITER_TRACE_CONTENT; off by default). */
export const capturesContent = (): boolean => contentCapture;

/**
 * Starts exporting spans over OTLP/HTTP when an endpoint is configured; returns how to flush and
 * stop, or null when tracing stays off. `exporter` replaces OTLP (tests use an in-memory one).
 */
export function startTracing(options: {
  readonly endpoint: string | null;
  readonly serviceName: string;
  readonly captureContent: boolean;
  readonly exporter?: SpanExporter;
}): { forceFlush(): Promise<void>; shutdown(): Promise<void> } | null {
  if (!options.endpoint && !options.exporter) return null;
  contentCapture = options.captureContent;
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: `${options.endpoint!.replace(/\/+$/, '')}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': options.serviceName })),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register();
  return {
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
    },
  };
}

/** Runs `work` inside a span that ends with it, recording a thrown error on the span. */
export async function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
