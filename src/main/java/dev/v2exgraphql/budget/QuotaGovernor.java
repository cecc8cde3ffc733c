package dev.v2exgraphql.budget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
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
 * and calls of tokens the upstream has not accepted yet are refused (the cache answers them stale
 * or RATE_LIMITED) so private reads and mutations keep working; at zero nothing goes out until the
 * window resets. Within the window each client has a share ({@link Shares}: no client spends what
 * belongs to the others, and invented tokens from one address cost a few calls, not one each),
 * counted in the same record ({@link Counters}). With Redis the budget is one shared record updated
 * by atomic scripts; without, or while Redis is down, each instance keeps its own ({@link LocalLedger}).
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
     * Takes one unit for a call, or says why not (the codes of {@link Shortfall}; 0: allowed), in
     * this order: nothing remains; only the kept-back ARGV[2] remain; a client counter (ARGV[8],
     * ARGV[9]) reached ARGV[6] % of the limit; the new-token counter (ARGV[10]) reached ARGV[7] %.
     * The counters are fields of the same hash, so a new window clears them with the budget. An
     * unknown or past window is taken over from this instance's copy (ARGV[12..14]: limit,
     * remaining, reset) when it knows a current one (Redis lost the record: a restart, a failover),
     * else answers reset -1 (go and learn it; when ARGV[11] says this call goes now, its counters
     * start the new window's), or, when ARGV[3] says the upstream sends no rate headers, starts a
     * window of ARGV[4] calls for ARGV[5] seconds. ARGV[15] calls this instance sent while Redis
     * was unreachable are taken off a record that did not see them; the fifth element of the reply
     * says they were counted (1) or not yet (0).
     */
    private static final String ACQUIRE = """
            local b = redis.call('HMGET', KEYS[1], 'limit', 'remaining', 'reset')
            local now = tonumber(ARGV[1])
            local unshared = tonumber(ARGV[15])
            if (not b[2] or now >= tonumber(b[3])) and ARGV[14] ~= '' and now < tonumber(ARGV[14]) then
              b = {ARGV[12], ARGV[13], ARGV[14]}
              unshared = 0
              redis.call('DEL', KEYS[1])
              redis.call('HSET', KEYS[1], 'limit', b[1], 'remaining', b[2], 'reset', b[3])
              redis.call('EXPIREAT', KEYS[1], tonumber(b[3]) + 60)
            end
            if not b[2] or now >= tonumber(b[3]) then
              if ARGV[3] ~= '1' then
                if ARGV[11] == '1' then
                  if b[2] then redis.call('DEL', KEYS[1]) end
                  for i = 8, 10 do
                    if ARGV[i] ~= '' then redis.call('HINCRBY', KEYS[1], ARGV[i], 1) end
                  end
                  if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[5]) + 60) end
                end
                return {0, -1, -1, -1, 0}
              end
              b = {ARGV[4], tostring(tonumber(ARGV[4]) - unshared), tostring(now + tonumber(ARGV[5]))}
              unshared = 0
              redis.call('DEL', KEYS[1])
              redis.call('HSET', KEYS[1], 'limit', b[1], 'remaining', b[2], 'reset', b[3])
              redis.call('EXPIREAT', KEYS[1], tonumber(b[3]) + 60)
            end
            local limit, remaining, reset = tonumber(b[1]), tonumber(b[2]), tonumber(b[3])
            if unshared > 0 then
              remaining = math.max(0, remaining - unshared)
              redis.call('HSET', KEYS[1], 'remaining', remaining)
            end
            if remaining <= 0 then return {1, limit, remaining, reset, 1} end
            if remaining <= tonumber(ARGV[2]) then return {2, limit, remaining, reset, 1} end
            local share = math.ceil(limit * tonumber(ARGV[6]) / 100)
            for i = 8, 9 do
              if ARGV[i] ~= '' and tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0') >= share then
                return {3, limit, remaining, reset, 1}
              end
            end
            if ARGV[10] ~= '' and tonumber(redis.call('HGET', KEYS[1], ARGV[10]) or '0')
                >= math.max(1, math.floor(limit * tonumber(ARGV[7]) / 100)) then
              return {4, limit, remaining, reset, 1}
            end
            redis.call('HINCRBY', KEYS[1], 'remaining', -1)
            for i = 8, 10 do
              if ARGV[i] ~= '' then redis.call('HINCRBY', KEYS[1], ARGV[i], 1) end
            end
            return {0, limit, remaining - 1, reset, 1}""";

    /**
     * Merges a reported budget: a newer window replaces the record (and its counters), the same
     * window keeps the lower remaining, an older one is ignored.
     */
    private static final String RECORD = """
            local b = redis.call('HMGET', KEYS[1], 'remaining', 'reset')
            local remaining, reset = tonumber(ARGV[2]), tonumber(ARGV[3])
            if b[2] then
              local knownReset = tonumber(b[2])
              if knownReset > reset then return {tonumber(b[1]), knownReset} end
              if knownReset == reset and tonumber(b[1]) < remaining then remaining = tonumber(b[1]) end
              if knownReset < reset then redis.call('DEL', KEYS[1]) end
            end
            redis.call('HSET', KEYS[1], 'limit', ARGV[1], 'remaining', remaining, 'reset', reset)
            redis.call('EXPIREAT', KEYS[1], reset + 60)
            return {remaining, reset}""";

    /** The window's figures (-1: not known) and the most any of the names ARGV spent in it. */
    private static final String STANDING = """
            local b = redis.call('HMGET', KEYS[1], 'limit', 'remaining', 'reset')
            local spent = 0
            for i = 1, #ARGV do
              local n = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
              if n > spent then spent = n end
            end
            return {tonumber(b[1] or '-1'), tonumber(b[2] or '-1'), tonumber(b[3] or '-1'), spent}""";

    /** Starts a window of ARGV[2] calls for ARGV[3] seconds, less the one call sent, unless one is running. */
    private static final String START = """
            local reset = redis.call('HGET', KEYS[1], 'reset')
            if reset and tonumber(ARGV[1]) < tonumber(reset) then return 0 end
            local limit, ends = tonumber(ARGV[2]), tonumber(ARGV[1]) + tonumber(ARGV[3])
            if reset then redis.call('DEL', KEYS[1]) end
            redis.call('HSET', KEYS[1], 'limit', limit, 'remaining', limit - 1, 'reset', ends)
            redis.call('EXPIREAT', KEYS[1], ends + 60)
            return 1""";

    private final SharedRedis redis;
    private final String key;
    private final int reserve;
    private final int assumedLimit;
    private final long assumedWindowSeconds;
    private final Shares shares;
    private final ProxyTrust proxies;
    /** The last answer carried no rate headers: count the configured budget, do not probe. */
    private volatile boolean noRateHeaders;
    private final LocalLedger local = new LocalLedger();
    /** Calls this instance sent while Redis was unreachable, not yet taken off the shared record. */
    private final AtomicInteger unshared = new AtomicInteger();
    /** While the budget is unknown (start, new window) one call probes it; the others wait for its answer. */
    private final AtomicReference<CompletableFuture<Void>> probe = new AtomicReference<>();
    private final Duration probeWait;

    @Inject
    public QuotaGovernor(SharedRedis redis, V2exConfig config,
            @ConfigProperty(name = "quarkus.http.proxy.proxy-address-forwarding", defaultValue = "false") boolean forwarding,
            @ConfigProperty(name = "quarkus.http.proxy.trusted-proxies") Optional<List<String>> trustedProxies) {
        this.redis = redis;
        this.key = config.cache().keyPrefix() + ":quota";
        this.reserve = config.quota().reserve();
        this.assumedLimit = Math.max(1, config.quota().assumedLimit());
        this.assumedWindowSeconds = Math.max(1, config.quota().assumedWindow().toSeconds());
        this.shares = new Shares(config.quota().clientSharePercent(), config.quota().newTokenSharePercent());
        this.proxies = ProxyTrust.of(forwarding, trustedProxies);
        this.probeWait = config.resilience().timeout();
    }

    /** One unit of budget for this call, or a RATE_LIMITED failure saying which {@link Shortfall}. */
    public Uni<Void> acquire(Charge charge) {
        return acquire(charge, true);
    }

    private Uni<Void> acquire(Charge charge, boolean mayWaitForProbe) {
        // The reserve is for private reads and mutations of tokens the upstream has accepted:
        // neither public misses nor invented tokens may eat it.
        int keep = charge.priority() == Priority.PUBLIC_READ || !charge.tokenAccepted() ? reserve : 0;
        Counters counters = Counters.of(charge, proxies);
        long now = nowSeconds();
        boolean assume = noRateHeaders;
        List<String> args = new ArrayList<>(15);
        args.addAll(List.of(String.valueOf(now), String.valueOf(keep), assume ? "1" : "0",
                String.valueOf(assumedLimit), String.valueOf(assumedWindowSeconds)));
        args.addAll(shares.args());
        args.addAll(counters.args());
        // A call that goes while the budget is unknown still counts against its shares.
        boolean goesAnyway = !mayWaitForProbe;
        args.add(goesAnyway ? "1" : "0");
        Budget known = local.budget();
        boolean current = known != null && now < known.resetEpochSeconds();
        args.addAll(current ? List.of(String.valueOf(known.limit()), String.valueOf(known.remaining()),
                String.valueOf(known.resetEpochSeconds())) : List.of("", "", ""));
        int unsharedNow = unshared.get();
        args.add(String.valueOf(unsharedNow));
        return redis.eval(ACQUIRE, List.of(key), args)
                .map(reply -> reply == null ? takeLocally(now, keep, counters, assume, goesAnyway)
                        : fromReply(reply, unsharedNow))
                .flatMap(decision -> {
                    if (decision == LocalLedger.ALLOWED) {
                        return Uni.createFrom().voidItem();
                    }
                    if (decision == LocalLedger.UNKNOWN) {
                        return probeOrWait(charge, mayWaitForProbe);
                    }
                    Shortfall why = Shortfall.ofCode(decision);
                    return Uni.createFrom().failure(
                            GatewayException.rateLimited(secondsUntilReset(), why.message(), why.name()));
                });
    }

    /** Budget unknown: the first caller goes and learns it; the rest wait (bounded) for that answer. */
    private Uni<Void> probeOrWait(Charge charge, boolean mayWait) {
        if (!mayWait) {
            return Uni.createFrom().voidItem(); // still unknown after waiting once: go, the answer tells
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        if (probe.compareAndSet(null, mine)) {
            // This call probes. A probe that ended between our lookup and now has made the budget
            // known: look once more, or this call would go out without taking its unit.
            return acquire(charge, false).onFailure().invoke(refused -> {
                if (probe.compareAndSet(mine, null)) {
                    mine.complete(null); // refused: nothing will answer, release the waiters now
                }
            });
        }
        CompletableFuture<Void> running = probe.get();
        if (running == null) {
            return acquire(charge, false);
        }
        return Uni.createFrom().completionStage(running)
                .ifNoItem().after(probeWait).recoverWithItem((Void) null)
                .flatMap(answered -> acquire(charge, false));
    }

    /**
     * What a client may still spend: the current window as known (null when unknown or over), the
     * most the client may spend in it, and what it spent (the larger of its token's and address's).
     */
    public record Standing(Budget budget, int clientShare, int clientSpent) {
    }

    /** Where the client of this charge stands in the current window, for it to see. */
    public Uni<Standing> standing(Charge charge) {
        Counters counters = Counters.of(charge, proxies);
        long now = nowSeconds();
        return redis.eval(STANDING, List.of(key), counters.clients()).map(reply -> {
            if (reply == null) {
                return local.standing(now, shares, counters);
            }
            long reset = reply.get(2).toLong();
            if (reset < 0 || now >= reset) {
                return new Standing(null, 0, 0);
            }
            Budget budget = new Budget(reply.get(0).toInteger(), reply.get(1).toInteger(), reset);
            return new Standing(budget, shares.perClient(budget.limit()), reply.get(3).toInteger());
        });
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
        local.startUnlessRunning(assumedWindowFrom(now, 1), now);
        redis.eval(START, List.of(key), List.of(String.valueOf(now), String.valueOf(assumedLimit),
                String.valueOf(assumedWindowSeconds))).subscribe().with(reply -> probeAnswered(), failure -> {
                    LOG.debugf("Could not share the quota: %s", failure.getClass().getSimpleName());
                    probeAnswered();
                });
    }

    private void share(int limit, int remaining, long resetEpochSeconds) {
        local.merge(new Budget(limit, remaining, resetEpochSeconds));
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
        Budget known = local.budget();
        share(known == null ? 0 : known.limit(), 0, resetEpochSeconds);
    }

    /** Forgets the budget this instance knows (the shared one stays); for tests and operators. */
    public void forgetLocal() {
        local.forget();
        unshared.set(0);
        noRateHeaders = false;
        probeAnswered();
    }

    /** The budget as this instance last saw it (null until the first upstream answer). */
    public Budget budget() {
        return local.budget();
    }

    public long secondsUntilReset() {
        Budget b = local.budget();
        return b == null ? 60 : Math.max(1, b.resetEpochSeconds() - nowSeconds());
    }

    /** A window of the configured budget starting now, less the calls already made in it. */
    private Budget assumedWindowFrom(long now, int made) {
        return new Budget(assumedLimit, assumedLimit - made, now + assumedWindowSeconds);
    }

    /**
     * Redis did not answer: this instance decides alone. With Redis configured, what it lets go is
     * remembered and taken off the shared record once Redis answers again.
     */
    private int takeLocally(long now, int keep, Counters counters, boolean assume, boolean goesAnyway) {
        int decision = local.take(now, keep, shares, counters, assume ? assumedWindowFrom(now, 0) : null, goesAnyway);
        if (redis.configured() && (decision == LocalLedger.ALLOWED || (decision == LocalLedger.UNKNOWN && goesAnyway))) {
            unshared.incrementAndGet();
        }
        return decision;
    }

    private int fromReply(Response reply, int unsharedSent) {
        if (reply.get(4).toInteger() == 1 && unsharedSent > 0) {
            unshared.addAndGet(-unsharedSent);
        }
        long reset = reply.get(3).toLong();
        if (reset < 0) {
            return LocalLedger.UNKNOWN;
        }
        // Mirror the shared budget, for health and for Redis outages.
        local.merge(new Budget(reply.get(1).toInteger(), reply.get(2).toInteger(), reset));
        return reply.get(0).toInteger();
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
