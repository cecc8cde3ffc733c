package dev.v2exgraphql.telemetry;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code v2ex_graphql_operations_seconds{type, outcome}}: every GraphQL request that was executed
 * ({@code ok}, or {@code error} when its answer carries any error, partial data included) or answered
 * whole from the response cache ({@code cached}, always a query). Operation names are not a label:
 * clients choose them freely.
 */
@ApplicationScoped
public class OperationMetrics {

    /** The schema has no subscriptions. */
    public enum Type {
        QUERY,
        MUTATION;

        /** A document holding a mutation counts as one; SmallRye lists the document's operation types. */
        public static Type of(List<String> requestedTypes) {
            return requestedTypes != null && requestedTypes.contains("MUTATION") ? MUTATION : QUERY;
        }
    }

    public enum Outcome {
        OK,
        ERROR,
        CACHED
    }

    private final MeterRegistry registry;
    /** Registered on first use: a mutation is never cached, so that series never appears. */
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(
            Type.values().length * Outcome.values().length);

    @Inject
    public OperationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(Type type, Outcome outcome, long nanos) {
        int index = type.ordinal() * Outcome.values().length + outcome.ordinal();
        Timer timer = timers.get(index);
        if (timer == null) {
            timer = Timer.builder("v2ex.graphql.operations")
                    .description("GraphQL requests executed or answered from the response cache")
                    .tag("type", type.name().toLowerCase(Locale.ROOT))
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .serviceLevelObjectives(Buckets.OPERATION)
                    .register(registry);
            timers.set(index, timer); // a race registers the same meter twice: the registry returns one
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A whole answer served by the HTTP front from the answer cache, without running GraphQL. */
    public void cached(long nanos) {
        record(Type.QUERY, Outcome.CACHED, nanos);
    }
}
