package dev.v2exgraphql.telemetry;

import java.time.Duration;

/**
 * Histogram buckets of the latency timers: a handful of fixed bounds (each one a series per label
 * set), enough for SLO ratios and rough percentiles with {@code histogram_quantile}.
 */
final class Buckets {

    /** Upstream calls: tens of milliseconds when healthy, seconds when V2EX struggles. */
    static final Duration[] UPSTREAM = millis(50, 100, 250, 500, 1000, 2500, 5000, 10000);

    /** GraphQL operations: sub-millisecond from the response cache, up to upstream time on a miss. */
    static final Duration[] OPERATION = millis(1, 5, 25, 100, 250, 1000, 2500, 10000);

    private Buckets() {
    }

    private static Duration[] millis(long... bounds) {
        Duration[] durations = new Duration[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            durations[i] = Duration.ofMillis(bounds[i]);
        }
        return durations;
    }
}
