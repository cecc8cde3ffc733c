package dev.v2exgraphql.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.v2exgraphql.cache.CacheChange;
import dev.v2exgraphql.config.V2exConfig;
import dev.v2exgraphql.redis.SharedRedis;
import dev.v2exgraphql.request.ClientRequest;
import dev.v2exgraphql.telemetry.CacheMetrics;
import dev.v2exgraphql.telemetry.OperationMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Whole answers to repeated queries over public data, kept in process: a popular query is then
 * answered without running GraphQL at all. Only answers made entirely of public data and free of
 * errors are kept: for as long as their least fresh part stays fresh (and, with Redis, no longer
 * than {@code l1-ttl}, so other instances' invalidations show as fast as in L1); an answer built
 * while some of its data was being revalidated (marked stale in its body) for
 * {@value #STALE_KEEP_MILLIS} ms at most (about one upstream round trip), and not once new data
 * arrived. Every invalidation of the data cache empties it ({@link CacheChange}).
 *
 * <p>When a kept answer runs out, one request rebuilds it. For {@value #REBUILD_GRACE_MILLIS} ms
 * the others are still served the old one; later, they wait for that one rebuild instead of all
 * running the query at once (a popular query after a quiet spell: every connection would run it).
 *
 * <p>On the wire: a kept answer is sent as is, with the freshness it has left as its
 * {@code Cache-Control}; every executed answer gets its {@code Cache-Control} from what it was built of.
 */
@ApplicationScoped
public class AnswerCache {

    /**
     * An answer, encoded once; until when it may be served; whether it holds stale data (then also
     * the count of data arrivals when it was built); its rebuild in progress. The body is sent as is
     * to every request it answers: each write takes a slice of the buffer, and Vert.x heap buffers
     * are never released, so no copy per request (the copy was 40 % of the hot path's allocations).
     */
    record Stored(Buffer body, long freshUntilMillis, boolean stale, long arrivals,
            AtomicReference<Rebuild> rebuild) {
    }

    /** A request rebuilding an answer: done when it offered its answer (or ended without one). */
    record Rebuild(CompletableFuture<Void> done, long startedMillis) {
    }

    /** What a request does about its answer. */
    sealed interface Lookup {
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
    private static final Runnable NOTHING_TO_RELEASE = () -> {
    };
    private static final Lookup.Build MISS = new Lookup.Build(NOTHING_TO_RELEASE);

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
    private final long maxKeepMillis;
    private final CacheMetrics metrics;
    private final OperationMetrics operations;

    @Inject
    public AnswerCache(V2exConfig config, SharedRedis redis, CacheMetrics metrics, OperationMetrics operations) {
        this(config.cache().responseCacheChars(), redis.configured() ? config.cache().l1Ttl().toMillis() : Long.MAX_VALUE,
                metrics, operations);
    }

    /**
     * @param maxChars what all kept answers may weigh together (characters of key and body)
     * @param maxKeepMillis how long any answer may be kept at most
     */
    AnswerCache(long maxChars, long maxKeepMillis, CacheMetrics metrics, OperationMetrics operations) {
        this.metrics = metrics;
        this.operations = operations;
        this.maxKeepMillis = maxKeepMillis;
        this.answers = Caffeine.newBuilder()
                .maximumWeight(maxChars)
                .<String, Stored> weigher((key, stored) -> key.length() + stored.body().length())
                .build();
    }

    /**
     * Answers the request from a kept answer, now or once the rebuild it waits for is done (true),
     * or leaves it to be run (false). A waiting request whose rebuild left nothing to serve is run
     * then, with {@code run}. A request that rebuilds an answer lets the requests waiting for it go
     * as its own answer leaves (whatever it is), by when the new answer has been offered.
     */
    boolean serve(RoutingContext ctx, HttpMethod method, ResponseType type, String key, long started, Runnable run) {
        Lookup lookup = lookup(key);
        if (lookup instanceof Lookup.Hit hit) {
            send(ctx, method, type, hit.answer(), started);
            return true;
        }
        if (lookup instanceof Lookup.Wait wait) {
            // Another request is rebuilding this very answer: it is usually ready within a
            // millisecond, and running the query again meanwhile would only compete with it.
            Context context = Vertx.currentContext();
            wait.rebuilt().whenComplete((done, failure) -> GraphQLRoute.onContext(context, () -> {
                Stored answer = afterWait(key);
                if (answer != null) {
                    send(ctx, method, type, answer, started);
                } else {
                    run.run();
                }
            }));
            return true;
        }
        Runnable done = ((Lookup.Build) lookup).done();
        if (done != NOTHING_TO_RELEASE) {
            ctx.addHeadersEndHandler(v -> done.run());
        }
        return false;
    }

    /** A kept answer: the same JSON, with the freshness it has left (none for one holding stale data). */
    private void send(RoutingContext ctx, HttpMethod method, ResponseType type, Stored answer, long started) {
        long maxAge = Math.max(0, (answer.freshUntilMillis() - System.currentTimeMillis()) / 1000);
        ctx.response().setStatusCode(200)
                .putHeader("Content-Type", type.contentType())
                .putHeader("Cache-Control",
                        method == HttpMethod.GET && !answer.stale() ? "public, max-age=" + maxAge : ErrorResponses.NO_STORE)
                .end(answer.body());
        operations.cached(System.nanoTime() - started);
    }

    /**
     * CDNs and browsers may keep a GET answer made only of fresh public data, for as long as its
     * least fresh part stays fresh; anything private, stale, failed or sent by POST is not kept.
     */
    static String cacheControl(HttpMethod method, ClientRequest request) {
        long freshFor = request.answerFreshForMillis();
        // Under a second left: nothing a shared cache could usefully keep.
        return method == HttpMethod.GET && freshFor >= 1000 ? "public, max-age=" + freshFor / 1000 : ErrorResponses.NO_STORE;
    }

    /** What to do for this request key: serve a kept answer, wait for its rebuild, or build it. */
    Lookup lookup(String key) {
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
    Stored afterWait(String key) {
        Stored stored = answers.getIfPresent(key);
        if (stored == null || System.currentTimeMillis() >= stored.freshUntilMillis()) {
            metrics.response(false);
            return null;
        }
        return hit(stored).answer();
    }

    /**
     * Keeps the answer (the very bytes sent) when it is made of public data only and has no errors;
     * a no-op otherwise.
     */
    void offer(String key, ClientRequest request, Buffer body) {
        if (!request.answerIsPublic()) {
            return;
        }
        // Stale data: what any request would build until the refresh lands, so kept that long.
        boolean stale = request.answerIsStale();
        long keep = stale ? STALE_KEEP_MILLIS : Math.min(request.answerFreshForMillis(), maxKeepMillis);
        if (keep > 0) {
            answers.put(key, new Stored(body, System.currentTimeMillis() + keep, stale, arrivals.get(),
                    new AtomicReference<>()));
        }
    }

    /**
     * New data arrived (answers built from stale data are rebuilt), or the data cache dropped
     * entries (every kept answer may hold them: all go).
     */
    void dataChanged(@Observes CacheChange change) {
        if (change == CacheChange.ARRIVED) {
            arrivals.incrementAndGet();
        } else {
            answers.invalidateAll();
        }
    }

    private boolean servable(Stored stored, long now) {
        return now < stored.freshUntilMillis() && (!stored.stale() || stored.arrivals() == arrivals.get());
    }

    private Lookup.Hit hit(Stored stored) {
        metrics.response(true);
        return new Lookup.Hit(stored);
    }
}
