package dev.v2exgraphql.cache;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.v2exgraphql.auth.Call;
import dev.v2exgraphql.config.V2exConfig;
import dev.v2exgraphql.telemetry.CacheMetrics;
import io.vertx.core.buffer.Buffer;

/**
 * Whole answers to repeated queries over public data, kept in process: a popular query is then
 * answered without running GraphQL at all. Only answers made entirely of public data and free of
 * errors are kept: for as long as their least fresh part stays fresh (and, with Redis, no longer
 * than {@code l1-ttl}, so other instances' invalidations show as fast as in L1); an answer built
 * while some of its data was being revalidated (marked stale in its body) for
 * {@value #STALE_KEEP_MILLIS} ms at most (about one upstream round trip), and not once new data
 * arrived. Every invalidation of the data cache empties it.
 *
 * <p>When a kept answer runs out, one request rebuilds it. For {@value #REBUILD_GRACE_MILLIS} ms
 * the others are still served the old one; later, they wait for that one rebuild instead of all
 * running the query at once (a popular query after a quiet spell: every connection would run it).
 */
@ApplicationScoped
public class ResponseCache {

    /**
     * An answer, encoded once; until when it may be served; whether it holds stale data (then also
     * the count of data arrivals when it was built); its rebuild in progress. The body is sent as is
     * to every request it answers: each write takes a slice of the buffer, and Vert.x heap buffers
     * are never released, so no copy per request (the copy was 40 % of the hot path's allocations).
     */
    public record Stored(Buffer body, long freshUntilMillis, boolean stale, long arrivals,
            AtomicReference<Rebuild> rebuild) {
    }

    /** A request rebuilding an answer: done when it offered its answer (or ended without one). */
    public record Rebuild(CompletableFuture<Void> done, long startedMillis) {
    }

    /** What a request does about its answer. */
    public sealed interface Lookup {
        /** Serve this answer. */
        record Hit(Stored answer) implements Lookup {
        }

        /** Run the query; call {@code done} once its answer was offered, or when it ends without one. */
        record Build(Runnable done) implements Lookup {
        }

        /** Another request is rebuilding this answer: look again when it is done ({@link #afterWait}). */
        record Wait(CompletableFuture<Void> rebuilt) implements Lookup {
        }
    }

    /** Nothing kept, nothing to report: run the query. */
    private static final Lookup.Build MISS = new Lookup.Build(() -> {
    });

    /** How long the others are still served an answer that ran out while one request rebuilds it. */
    private static final long REBUILD_GRACE_MILLIS = 1_000;

    /**
     * A rebuild still running after this long is taken to be lost (its request ended without saying
     * so): another request takes over, and whoever waited for the first one runs the query itself.
     * Longer than any request takes: the upstream's timeout and retries end well before.
     */
    private static final long REBUILD_LOST_MILLIS = 30_000;

    /** How long an answer built from data being revalidated is kept: about the refresh's round trip. */
    private static final long STALE_KEEP_MILLIS = 100;

    private final Cache<String, Stored> answers;
    /** Data fetched and stored so far: an answer built from stale data is over once anything new arrived. */
    private final AtomicLong arrivals = new AtomicLong();
    private final LongAdder hits = new LongAdder();
    private final long maxKeepMillis;
    private final CacheMetrics metrics;

    @Inject
    public ResponseCache(V2exConfig config, RedisTier redis, CacheMetrics metrics) {
        this.metrics = metrics;
        this.maxKeepMillis = redis.configured() ? config.cache().l1Ttl().toMillis() : Long.MAX_VALUE;
        this.answers = Caffeine.newBuilder()
                .maximumWeight(config.cache().responseCacheChars())
                .<String, Stored> weigher((key, stored) -> key.length() + stored.body().length())
                .build();
    }

    /** What to do for this request key: serve a kept answer, wait for its rebuild, or build it. */
    public Lookup lookup(String key) {
        Stored stored = answers.getIfPresent(key);
        if (stored == null) {
            metrics.response(false);
            return MISS;
        }
        long now = System.currentTimeMillis();
        if (servable(stored, now)) {
            return hit(stored);
        }
        Rebuild running = stored.rebuild().get();
        if (running == null || now - running.startedMillis() > REBUILD_LOST_MILLIS) {
            Rebuild mine = new Rebuild(new CompletableFuture<>(), now);
            if (stored.rebuild().compareAndSet(running, mine)) {
                if (running != null) {
                    running.done().complete(null);
                }
                metrics.response(false);
                return new Lookup.Build(() -> {
                    stored.rebuild().compareAndSet(mine, null);
                    mine.done().complete(null);
                });
            }
            running = stored.rebuild().get();
        }
        if (now < stored.freshUntilMillis() + REBUILD_GRACE_MILLIS) {
            return hit(stored);
        }
        if (running == null) {
            metrics.response(false); // that rebuild just ended: build it too
            return MISS;
        }
        return new Lookup.Wait(running.done());
    }

    /**
     * After waiting for a rebuild: what it left, if any (null: run the query). Taken even when newer
     * data arrived in the few milliseconds since: it is what the waiters asked for.
     */
    public Stored afterWait(String key) {
        Stored stored = answers.getIfPresent(key);
        if (stored == null || System.currentTimeMillis() >= stored.freshUntilMillis()) {
            metrics.response(false);
            return null;
        }
        return hit(stored).answer();
    }

    /** Keeps the answer when it is made of public data only and has no errors; a no-op otherwise. */
    public void offer(String key, Call call, String body) {
        if (!publicWithoutErrors(call)) {
            return;
        }
        // Stale data: what any request would build until the refresh lands, so kept that long.
        boolean stale = call.served().stream().anyMatch(Call.Served::stale);
        long keep = stale ? STALE_KEEP_MILLIS : Math.min(freshForMillis(call), maxKeepMillis);
        if (keep > 0) {
            answers.put(key, new Stored(Buffer.buffer(body), System.currentTimeMillis() + keep,
                    stale, arrivals.get(), new AtomicReference<>()));
        }
    }

    /** New data was fetched and stored (a refresh landed, say): answers built from stale data are rebuilt. */
    public void dataArrived() {
        arrivals.incrementAndGet();
    }

    private boolean servable(Stored stored, long now) {
        return now < stored.freshUntilMillis() && (!stored.stale() || stored.arrivals() == arrivals.get());
    }

    /**
     * How long an answer built by this call may be reused as fresh (also by HTTP caches): 0 when it
     * must not be, or holds stale data.
     */
    public static long freshForMillis(Call call) {
        if (!publicWithoutErrors(call) || call.served().stream().anyMatch(Call.Served::stale)) {
            return 0;
        }
        return call.served().stream().mapToLong(Call.Served::freshForMillis).min().orElse(0);
    }

    /** Made of cached public data only, without errors: an answer any caller may be given. */
    private static boolean publicWithoutErrors(Call call) {
        if (call == null || call.failed()) {
            return false;
        }
        List<Call.Served> served = call.served();
        return !served.isEmpty() && served.stream().noneMatch(Call.Served::isPrivate);
    }

    private Lookup.Hit hit(Stored stored) {
        hits.increment();
        metrics.response(true);
        return new Lookup.Hit(stored);
    }

    /** Answers served from here since start. */
    public long hits() {
        return hits.sum();
    }

    public void clear() {
        answers.invalidateAll();
    }
}
