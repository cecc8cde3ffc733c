package dev.v2exgraphql.cache;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.v2exgraphql.auth.Call;
import dev.v2exgraphql.config.V2exConfig;
import dev.v2exgraphql.telemetry.CacheMetrics;

/**
 * Whole answers to repeated queries over public data, kept in process: a popular query is then
 * answered without running GraphQL at all. Only answers made entirely of fresh public data and
 * free of errors are kept, for as long as their least fresh part stays fresh (and, with Redis, no
 * longer than {@code l1-ttl}, so other instances' invalidations show as fast as in L1). Every
 * invalidation of the data cache empties it.
 */
@ApplicationScoped
public class ResponseCache {

    /** An answer, encoded once, until when it may be served, and when a request may next try to rebuild it. */
    public record Stored(byte[] body, long freshUntilMillis, AtomicLong nextRebuildMillis) {
    }

    /**
     * When an answer runs out, one request rebuilds it while the others are still served it for up
     * to this long: otherwise every request in flight at that moment would run the whole query at once.
     */
    private static final long REBUILD_GRACE_MILLIS = 1_000;

    /**
     * A rebuild may not be kept: its data was being revalidated (stale) at that moment. Then another
     * request tries again this much later, not at once: the refresh takes an upstream round trip, and
     * retrying on every request would run the whole query thousands of times meanwhile.
     */
    private static final long REBUILD_RETRY_MILLIS = 100;

    private final Cache<String, Stored> answers;
    private final LongAdder hits = new LongAdder();
    private final long maxKeepMillis;
    private final CacheMetrics metrics;

    @Inject
    public ResponseCache(V2exConfig config, RedisTier redis, CacheMetrics metrics) {
        this.metrics = metrics;
        this.maxKeepMillis = redis.configured() ? config.cache().l1Ttl().toMillis() : Long.MAX_VALUE;
        this.answers = Caffeine.newBuilder()
                .maximumWeight(config.cache().responseCacheChars())
                .<String, Stored> weigher((key, stored) -> key.length() + stored.body().length)
                .build();
    }

    /** The answer for this request key, if one is still fresh (null: build it, and offer it). */
    public Stored lookup(String key) {
        Stored stored = answers.getIfPresent(key);
        if (stored == null) {
            metrics.response(false);
            return null;
        }
        long now = System.currentTimeMillis();
        if (now >= stored.freshUntilMillis()) {
            if (now >= stored.freshUntilMillis() + REBUILD_GRACE_MILLIS) {
                answers.invalidate(key);
                metrics.response(false);
                return null;
            }
            long next = stored.nextRebuildMillis().get();
            if (now >= next && stored.nextRebuildMillis().compareAndSet(next, now + REBUILD_RETRY_MILLIS)) {
                metrics.response(false);
                return null; // this request rebuilds it
            }
        }
        hits.increment();
        metrics.response(true);
        return stored;
    }

    /** Keeps the answer when everything in it was fresh public data; a no-op otherwise. */
    public void offer(String key, Call call, String body) {
        long freshFor = freshForMillis(call);
        if (freshFor > 0) {
            answers.put(key, new Stored(body.getBytes(StandardCharsets.UTF_8),
                    System.currentTimeMillis() + Math.min(freshFor, maxKeepMillis), new AtomicLong()));
        }
    }

    /** How long an answer built by this call may be reused: 0 when it must not be. */
    public static long freshForMillis(Call call) {
        if (call == null || call.failed()) {
            return 0;
        }
        List<Call.Served> served = call.served();
        if (served.isEmpty() || served.stream().anyMatch(s -> s.isPrivate() || s.stale())) {
            return 0;
        }
        return served.stream().mapToLong(Call.Served::freshForMillis).min().orElse(0);
    }

    /** Answers served from here since start. */
    public long hits() {
        return hits.sum();
    }

    public void clear() {
        answers.invalidateAll();
    }
}
