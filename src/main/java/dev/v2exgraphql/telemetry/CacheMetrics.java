package dev.v2exgraphql.telemetry;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.v2exgraphql.v2ex.CacheKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
 * instance instead of calling the upstream themselves;</li>
 * <li>{@code v2ex_cache_invalidation_synced}: 1 while this instance hears every other instance's
 * invalidations (Redis pub/sub), 0 while it may miss some (then its in-process entries live only
 * {@code l1-ttl}); {@code v2ex_cache_invalidation_gaps_total}: times that subscription was lost;
 * {@code v2ex_cache_invalidations_received_total} and {@code v2ex_cache_invalidations_unsent_total}
 * (announcements Redis did not take).</li>
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
    private final AtomicInteger invalidationSynced = new AtomicInteger();
    private final Counter invalidationGaps;
    private final Counter invalidationsReceived;
    private final Counter invalidationsUnsent;

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
        Gauge.builder("v2ex.cache.invalidation.synced", invalidationSynced, AtomicInteger::get)
                .description("1 while this instance hears every other instance's invalidations, 0 while it may miss some")
                .register(registry);
        invalidationGaps = Counter.builder("v2ex.cache.invalidation.gaps")
                .description("Times the subscription to other instances' invalidations was lost")
                .register(registry);
        invalidationsReceived = Counter.builder("v2ex.cache.invalidations.received")
                .description("Invalidations received from other instances")
                .register(registry);
        invalidationsUnsent = Counter.builder("v2ex.cache.invalidations.unsent")
                .description("Invalidations that could not be announced to other instances (Redis unreachable)")
                .register(registry);
    }

    public void invalidationSynced(boolean synced) {
        invalidationSynced.set(synced ? 1 : 0);
    }

    public void invalidationGap() {
        invalidationGaps.increment();
    }

    public void invalidationReceived() {
        invalidationsReceived.increment();
    }

    public void invalidationUnsent() {
        invalidationsUnsent.increment();
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
