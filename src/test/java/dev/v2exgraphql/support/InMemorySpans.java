package dev.v2exgraphql.support;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * Finished spans kept in memory, for TracingTest. A SpanExporter bean replaces the OTLP exporter;
 * it only receives spans while tracing is on (TracingTest's profile), so other tests keep nothing.
 */
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter inMemorySpanExporter() {
        return InMemorySpanExporter.create();
    }
}
