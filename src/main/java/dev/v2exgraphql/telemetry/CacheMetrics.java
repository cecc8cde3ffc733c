package dev.v2exgraphql.telemetry;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.v2exgraphql.v2ex.CacheKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Cache counters, all registered up front (a few dozen series) so the lookup path only increments:
 * <ul>
 * <li>{@code v2ex_cache_requests_total{tier, kind, result}}: per key looked up, whether the tier held
 * an entry (tier {@code l1} or {@code redis}; {@code redis} only for what L1 lacked), and whether the
 * whole-answer cache held an answer (tier {@code response}, kind {@code graphql});</li>
 * <li>{@code v2ex_cache_stale_total{kind, reason}}: entries served past their TTL, while one
 * background refresh runs ({@code revalidate}) or because the upstream failed ({@code error});</li>
 * <li>{@code v2ex_cache_flight_joins_total}: misses that joined a fetch already in flight in this
 * instance instead of calling the upstream themselves.</li>
 * </ul>
 */
@ApplicationScoped
public class CacheMetrics {

    public enum Tier {
        L1,
        REDIS
    }

    private static final int KINDS = CacheKind.values().length;

    private final Counter[] hits = new Counter[Tier.values().length * KINDS];
    private final Counter[] misses = new Counter[Tier.values().length * KINDS];
    private final Counter[] staleRevalidate = new Counter[KINDS];
    private final Counter[] staleError = new Counter[KINDS];
    private final Counter responseHits;
    private final Counter responseMisses;
    private final Counter flightJoins;

    @Inject
    public CacheMetrics(MeterRegistry registry) {
        for (Tier tier : Tier.values()) {
            for (CacheKind kind : CacheKind.values()) {
                String tierLabel = tier.name().toLowerCase(Locale.ROOT);
                hits[tier.ordinal() * KINDS + kind.ordinal()] = request(registry, tierLabel, kind.segment(), "hit");
                misses[tier.ordinal() * KINDS + kind.ordinal()] = request(registry, tierLabel, kind.segment(), "miss");
            }
        }
        for (CacheKind kind : CacheKind.values()) {
            staleRevalidate[kind.ordinal()] = stale(registry, kind, "revalidate");
            staleError[kind.ordinal()] = stale(registry, kind, "error");
        }
        responseHits = request(registry, "response", "graphql", "hit");
        responseMisses = request(registry, "response", "graphql", "miss");
        flightJoins = Counter.builder("v2ex.cache.flight.joins")
                .description("Cache misses that joined an upstream fetch already in flight in this instance")
                .register(registry);
    }

    public void lookup(Tier tier, CacheKind kind, boolean hit) {
        (hit ? hits : misses)[tier.ordinal() * KINDS + kind.ordinal()].increment();
    }

    public void response(boolean hit) {
        (hit ? responseHits : responseMisses).increment();
    }

    /** An entry served past its TTL: while it is refreshed, or because the upstream failed. */
    public void stale(CacheKind kind, boolean upstreamFailed) {
        (upstreamFailed ? staleError : staleRevalidate)[kind.ordinal()].increment();
    }

    public void flightJoined() {
        flightJoins.increment();
    }

    private static Counter request(MeterRegistry registry, String tier, String kind, String result) {
        return Counter.builder("v2ex.cache.requests")
                .description("Cache lookups per tier and kind, and whether the tier held an entry")
                .tag("tier", tier).tag("kind", kind).tag("result", result)
                .register(registry);
    }

    private static Counter stale(MeterRegistry registry, CacheKind kind, String reason) {
        return Counter.builder("v2ex.cache.stale")
                .description("Entries served past their TTL, by kind and why")
                .tag("kind", kind.segment()).tag("reason", reason)
                .register(registry);
    }
}
