package dev.v2exgraphql.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.v2exgraphql.budget.QuotaGovernor;
import dev.v2exgraphql.upstream.UpstreamGuard;
import dev.v2exgraphql.v2ex.Family;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Gauges read when scraped, so they cost nothing in between: the upstream budget as this instance
 * last saw it ({@code v2ex_quota_remaining}, {@code v2ex_quota_limit},
 * {@code v2ex_quota_resets_in_seconds}; NaN until the first answer) and each family's circuit
 * breaker ({@code v2ex_breaker_state{family}}: 0 closed, 1 half-open, 2 open).
 */
@ApplicationScoped
public class StateGauges {

    void register(@Observes StartupEvent start, MeterRegistry registry, QuotaGovernor quota, UpstreamGuard guard) {
        Gauge.builder("v2ex.quota.remaining", quota, q -> budget(q, true))
                .description("Upstream requests left in the current window, as this instance last saw it")
                .strongReference(true)
                .register(registry);
        Gauge.builder("v2ex.quota.limit", quota, q -> budget(q, false))
                .description("Upstream requests allowed per window")
                .strongReference(true)
                .register(registry);
        Gauge.builder("v2ex.quota.resets.in.seconds", quota,
                q -> q.budget() == null ? Double.NaN : q.secondsUntilReset())
                .description("Seconds until the upstream quota window resets")
                .strongReference(true)
                .register(registry);
        for (Family family : Family.values()) {
            Gauge.builder("v2ex.breaker.state", guard, g -> switch (g.breakerState(family)) {
                case CLOSED -> 0;
                case HALF_OPEN -> 1;
                case OPEN -> 2;
            })
                    .description("Circuit breaker of an upstream endpoint family: 0 closed, 1 half-open, 2 open")
                    .tag("family", family.label())
                    .strongReference(true)
                    .register(registry);
        }
    }

    private static double budget(QuotaGovernor quota, boolean remaining) {
        QuotaGovernor.Budget budget = quota.budget();
        if (budget == null) {
            return Double.NaN;
        }
        return remaining ? budget.remaining() : budget.limit();
    }
}
