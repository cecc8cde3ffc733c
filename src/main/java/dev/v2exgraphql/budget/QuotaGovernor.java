package dev.v2exgraphql.budget;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.v2exgraphql.config.V2exConfig;
import dev.v2exgraphql.error.GatewayException;
import dev.v2exgraphql.redis.SharedRedis;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Keeps the service within the upstream's quota (600 requests/hour per IP, shared by every pod
 * behind one egress address). Every upstream answer reports the budget ({@code X-Rate-Limit-*});
 * every upstream call first takes one unit of it. Below {@code v2ex.quota.reserve}, public reads
 * are refused (the cache answers them stale or RATE_LIMITED) so private reads and mutations keep
 * working; at zero nothing goes out until the window resets. With Redis the budget is one shared
 * record updated by atomic scripts; without, or while Redis is down, each instance keeps its own.
 *
 * <p>While the budget is unknown (at start, and when a window has passed) one call goes alone and
 * its answer tells. An upstream that sends no rate headers never tells: once one answer came
 * without them, windows of {@code v2ex.quota.assumed-limit} calls per {@code assumed-window} are
 * counted instead, and calls no longer wait for a lone first call (a page's detail wave goes out
 * at once).
 */
@ApplicationScoped
public class QuotaGovernor {

    private static final Logger LOG = Logger.getLogger(QuotaGovernor.class);

    /** The budget as last known: {@code remaining} already counts calls sent but not yet answered. */
    public record Budget(int limit, int remaining, long resetEpochSeconds) {
    }

    /**
     * Takes one unit when more than ARGV[2] remain in the current window. An unknown or past window
     * answers reset -1 (go and learn it), or, when ARGV[3] says the upstream sends no rate headers,
     * starts a window of ARGV[4] calls for ARGV[5] seconds with this call.
     */
    private static final String ACQUIRE = """
            local b = redis.call('HMGET', KEYS[1], 'limit', 'remaining', 'reset')
            if not b[2] or tonumber(ARGV[1]) >= tonumber(b[3]) then
              if ARGV[3] ~= '1' then return {1, -1, -1, -1} end
              local limit, reset = tonumber(ARGV[4]), tonumber(ARGV[1]) + tonumber(ARGV[5])
              redis.call('HSET', KEYS[1], 'limit', limit, 'remaining', limit - 1, 'reset', reset)
              redis.call('EXPIREAT', KEYS[1], reset + 60)
              return {1, limit, limit - 1, reset}
            end
            local remaining = tonumber(b[2])
            if remaining > tonumber(ARGV[2]) then
              redis.call('HINCRBY', KEYS[1], 'remaining', -1)
              return {1, tonumber(b[1]), remaining - 1, tonumber(b[3])}
            end
            return {0, tonumber(b[1]), remaining, tonumber(b[3])}""";

    /** Merges a reported budget: a newer window replaces, the same window keeps the lower remaining. */
    private static final String RECORD = """
            local b = redis.call('HMGET', KEYS[1], 'remaining', 'reset')
            local remaining, reset = tonumber(ARGV[2]), tonumber(ARGV[3])
            if b[2] then
              local knownReset = tonumber(b[2])
              if knownReset > reset then return {tonumber(b[1]), knownReset} end
              if knownReset == reset and tonumber(b[1]) < remaining then remaining = tonumber(b[1]) end
            end
            redis.call('HSET', KEYS[1], 'limit', ARGV[1], 'remaining', remaining, 'reset', reset)
            redis.call('EXPIREAT', KEYS[1], reset + 60)
            return {remaining, reset}""";

    /** Starts a window of ARGV[2] calls for ARGV[3] seconds, less the one call sent, unless one is running. */
    private static final String START = """
            local reset = redis.call('HGET', KEYS[1], 'reset')
            if reset and tonumber(ARGV[1]) < tonumber(reset) then return 0 end
            local limit, ends = tonumber(ARGV[2]), tonumber(ARGV[1]) + tonumber(ARGV[3])
            redis.call('HSET', KEYS[1], 'limit', limit, 'remaining', limit - 1, 'reset', ends)
            redis.call('EXPIREAT', KEYS[1], ends + 60)
            return 1""";

    private final SharedRedis redis;
    private final String key;
    private final int reserve;
    private final int assumedLimit;
    private final long assumedWindowSeconds;
    /** The last answer carried no rate headers: count the configured budget, do not probe. */
    private volatile boolean noRateHeaders;
    private final AtomicReference<Budget> local = new AtomicReference<>();
    /** While the budget is unknown (start, new window) one call probes it; the others wait for its answer. */
    private final AtomicReference<CompletableFuture<Void>> probe = new AtomicReference<>();
    private final Duration probeWait;

    @Inject
    public QuotaGovernor(SharedRedis redis, V2exConfig config) {
        this.redis = redis;
        this.key = config.cache().keyPrefix() + ":quota";
        this.reserve = config.quota().reserve();
        this.assumedLimit = Math.max(1, config.quota().assumedLimit());
        this.assumedWindowSeconds = Math.max(1, config.quota().assumedWindow().toSeconds());
        this.probeWait = config.resilience().timeout();
    }

    /** One unit of budget for a call of this priority, or a RATE_LIMITED failure. */
    public Uni<Void> acquire(Priority priority) {
        return acquire(priority, true);
    }

    private Uni<Void> acquire(Priority priority, boolean mayWaitForProbe) {
        int keep = priority == Priority.PUBLIC_READ ? reserve : 0;
        long now = nowSeconds();
        boolean assume = noRateHeaders;
        return redis.eval(ACQUIRE, List.of(key), List.of(String.valueOf(now), String.valueOf(keep), assume ? "1" : "0",
                String.valueOf(assumedLimit), String.valueOf(assumedWindowSeconds)))
                .map(reply -> reply == null ? acquireLocally(keep, now, assume) : fromReply(reply))
                .flatMap(decision -> switch (decision) {
                    case ALLOWED -> Uni.createFrom().voidItem();
                    case REFUSED -> Uni.createFrom().failure(GatewayException.rateLimited(secondsUntilReset()));
                    case UNKNOWN -> probeOrWait(priority, mayWaitForProbe);
                });
    }

    /** Budget unknown: the first caller goes and learns it; the rest wait (bounded) for that answer. */
    private Uni<Void> probeOrWait(Priority priority, boolean mayWait) {
        if (!mayWait) {
            return Uni.createFrom().voidItem(); // still unknown after waiting once: go, the answer tells
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        if (probe.compareAndSet(null, mine)) {
            // This call probes. A probe that ended between our lookup and now has made the budget
            // known: look once more, or this call would go out without taking its unit.
            return acquire(priority, false).onFailure().invoke(refused -> {
                if (probe.compareAndSet(mine, null)) {
                    mine.complete(null); // refused: nothing will answer, release the waiters now
                }
            });
        }
        CompletableFuture<Void> running = probe.get();
        if (running == null) {
            return acquire(priority, false);
        }
        return Uni.createFrom().completionStage(running)
                .ifNoItem().after(probeWait).recoverWithItem((Void) null)
                .flatMap(answered -> acquire(priority, false));
    }

    private enum Decision {
        ALLOWED,
        REFUSED,
        UNKNOWN
    }

    /** What an upstream answer said about the budget. */
    public void record(int limit, int remaining, long resetEpochSeconds) {
        noRateHeaders = false;
        share(limit, remaining, resetEpochSeconds);
    }

    /**
     * An answer without rate headers: from now on the configured budget is counted. A window starts
     * with the call that brought this answer (it went out uncounted, to learn the budget).
     */
    public void noRateHeaders() {
        noRateHeaders = true;
        long now = nowSeconds();
        Budget known = local.get();
        if (known == null || now >= known.resetEpochSeconds()) {
            local.compareAndSet(known, assumedWindowFrom(now));
        }
        redis.eval(START, List.of(key), List.of(String.valueOf(now), String.valueOf(assumedLimit),
                String.valueOf(assumedWindowSeconds))).subscribe().with(reply -> probeAnswered(), failure -> {
                    LOG.debugf("Could not share the quota: %s", failure.getClass().getSimpleName());
                    probeAnswered();
                });
    }

    private void share(int limit, int remaining, long resetEpochSeconds) {
        local.accumulateAndGet(new Budget(limit, remaining, resetEpochSeconds), QuotaGovernor::merge);
        redis.eval(RECORD, List.of(key), List.of(String.valueOf(limit), String.valueOf(remaining),
                String.valueOf(resetEpochSeconds))).subscribe().with(reply -> probeAnswered(),
                        failure -> {
                            LOG.debugf("Could not share the quota: %s", failure.getClass().getSimpleName());
                            probeAnswered();
                        });
    }

    /** An upstream call ended without telling the budget (e.g. a connection error). */
    public void unanswered() {
        probeAnswered();
    }

    private void probeAnswered() {
        CompletableFuture<Void> waiting = probe.getAndSet(null);
        if (waiting != null) {
            waiting.complete(null);
        }
    }

    /** The upstream refused for quota (429, or 403 with nothing remaining): nothing goes out until then. */
    public void exhaustedUntil(long resetEpochSeconds) {
        Budget known = local.get();
        share(known == null ? 0 : known.limit(), 0, resetEpochSeconds);
    }

    /** Forgets the budget this instance knows (the shared one stays); for tests and operators. */
    public void forgetLocal() {
        local.set(null);
        noRateHeaders = false;
        probeAnswered();
    }

    /** The budget as this instance last saw it (null until the first upstream answer). */
    public Budget budget() {
        return local.get();
    }

    public long secondsUntilReset() {
        Budget b = local.get();
        return b == null ? 60 : Math.max(1, b.resetEpochSeconds() - nowSeconds());
    }

    private Decision acquireLocally(int keep, long now, boolean assume) {
        while (true) {
            Budget b = local.get();
            if (b == null || now >= b.resetEpochSeconds()) {
                if (!assume) {
                    return Decision.UNKNOWN; // never told, or a new window: the next answer tells
                }
                if (local.compareAndSet(b, assumedWindowFrom(now))) {
                    return Decision.ALLOWED;
                }
                continue;
            }
            if (b.remaining() <= keep) {
                return Decision.REFUSED;
            }
            if (local.compareAndSet(b, new Budget(b.limit(), b.remaining() - 1, b.resetEpochSeconds()))) {
                return Decision.ALLOWED;
            }
        }
    }

    /** A window of the configured budget starting now, less the call that starts it (as START and ACQUIRE do). */
    private Budget assumedWindowFrom(long now) {
        return new Budget(assumedLimit, assumedLimit - 1, now + assumedWindowSeconds);
    }

    private Decision fromReply(Response reply) {
        long reset = reply.get(3).toLong();
        if (reset < 0) {
            return Decision.UNKNOWN;
        }
        // Mirror the shared budget, for health and for Redis outages. Replies of concurrent calls
        // arrive in any order: within a window the lowest remaining is the latest.
        local.accumulateAndGet(new Budget(reply.get(1).toInteger(), reply.get(2).toInteger(), reset),
                QuotaGovernor::merge);
        return reply.get(0).toInteger() == 1 ? Decision.ALLOWED : Decision.REFUSED;
    }

    private static Budget merge(Budget known, Budget reported) {
        if (known == null || reported.resetEpochSeconds() > known.resetEpochSeconds()) {
            return reported;
        }
        if (reported.resetEpochSeconds() < known.resetEpochSeconds()) {
            return known; // a late answer from the previous window
        }
        return reported.remaining() < known.remaining() ? reported : known;
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
