package dev.v2exgraphql.budget;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.v2exgraphql.config.V2exConfig;
import dev.v2exgraphql.error.ErrorCode;
import dev.v2exgraphql.error.GatewayException;
import dev.v2exgraphql.error.GatewayFailures;
import dev.v2exgraphql.redis.SharedRedis;
import io.smallrye.mutiny.Uni;

/**
 * What the upstream said of each token, by its hash, so a made-up or expired token costs one
 * upstream call and not one per request or per item of a list:
 * <ul>
 * <li>a token it refused (401, or "token invalid/expired") is answered UNAUTHENTICATED without
 * another call for {@code v2ex.quota.bad-token-ttl}, in process and, when configured, through Redis
 * for every instance;</li>
 * <li>a token it has not judged yet sends one call alone; the calls of the same token that come
 * meanwhile wait for that answer (at most the upstream timeout) and then go, or fail at once;</li>
 * <li>a token it accepted goes without waiting: this never refuses a token the upstream accepts.
 * The acceptance is shared through Redis too, so another instance neither probes the token again
 * nor charges its calls as a new token's.</li>
 * </ul>
 */
@ApplicationScoped
public class TokenVerdicts {

    /** Why the upstream refused a token, in the words clients get each time. */
    public enum Refusal {
        INVALID("The token is invalid"),
        EXPIRED("The token has expired");

        private final String message;

        Refusal(String message) {
            this.message = message;
        }

        /** The failure clients get for a token refused this way. */
        public GatewayException failure() {
            return GatewayException.unauthenticated(message);
        }

        static Refusal of(GatewayException unauthenticated) {
            return EXPIRED.message.equals(unauthenticated.getMessage()) ? EXPIRED : INVALID;
        }
    }

    /**
     * A call allowed to go; {@code probe} when it is the one that learns the token's verdict;
     * {@code accepted} when the upstream has accepted the token already.
     */
    public record Pass(String tokenHash, CompletableFuture<Void> probe, boolean accepted) {
    }

    /**
     * How long an instance trusts its own "accepted" without looking at Redis again, where another
     * instance may have seen the token refused since (it expired, say).
     */
    private static final long RECHECK_MILLIS = 60_000;
    /** The shared verdict of a token the upstream accepted (the others are {@link Refusal} names). */
    private static final String ACCEPTED = "ACCEPTED";
    private static final int MAX_TOKENS = 100_000;

    private final SharedRedis redis;
    private final String prefix;
    private final Duration ttl;
    private final Duration probeWait;
    /** Tokens the upstream accepted, with when Redis was last asked whether another instance saw one refused. */
    private final Cache<String, Long> accepted;
    private final Cache<String, Refusal> refused;
    private final Map<String, CompletableFuture<Void>> probes = new ConcurrentHashMap<>();

    @Inject
    public TokenVerdicts(SharedRedis redis, V2exConfig config) {
        this.redis = redis;
        this.prefix = config.cache().keyPrefix() + ":token-verdict:";
        this.ttl = config.quota().badTokenTtl();
        this.probeWait = config.api().requestTimeout();
        // Bounded: a stream of invented tokens must not grow memory without end.
        this.accepted = Caffeine.newBuilder().maximumSize(MAX_TOKENS).expireAfterAccess(ttl).build();
        this.refused = Caffeine.newBuilder().maximumSize(MAX_TOKENS).expireAfterWrite(ttl).build();
    }

    /**
     * Lets a call with this token go (now, or once the call learning its verdict has an answer), or
     * fails with the token's refusal. A {@link Pass} must be {@linkplain #settle settled}.
     */
    public Uni<Pass> admit(String tokenHash) {
        Long checked = accepted.getIfPresent(tokenHash);
        if (checked != null) {
            long now = System.currentTimeMillis();
            if (now - checked < RECHECK_MILLIS) {
                return Uni.createFrom().item(new Pass(tokenHash, null, true));
            }
            // Known to the upstream: no probe, only a look at what the other instances saw.
            return shared(tokenHash).map(seen -> {
                if (seen.refusal() != null) {
                    throw seen.refusal().failure();
                }
                accepted.put(tokenHash, now);
                return new Pass(tokenHash, null, true);
            });
        }
        Refusal known = refused.getIfPresent(tokenHash);
        if (known != null) {
            return Uni.createFrom().failure(known.failure());
        }
        return shared(tokenHash).flatMap(seen -> {
            if (seen.refusal() != null) {
                return Uni.createFrom().failure(seen.refusal().failure());
            }
            if (seen.accepted()) {
                accepted.put(tokenHash, System.currentTimeMillis());
                return Uni.createFrom().item(new Pass(tokenHash, null, true));
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> running = probes.putIfAbsent(tokenHash, mine);
            if (running == null) {
                // A probe that ended while Redis was asked has left its verdict (a verdict is
                // written before its probe goes): look once more before sending another.
                if (refused.getIfPresent(tokenHash) != null || accepted.getIfPresent(tokenHash) != null) {
                    probes.remove(tokenHash, mine);
                    mine.complete(null);
                    return afterProbe(tokenHash);
                }
                return Uni.createFrom().item(new Pass(tokenHash, mine, false));
            }
            return Uni.createFrom().completionStage(running)
                    .ifNoItem().after(probeWait).recoverWithItem((Void) null)
                    .flatMap(answered -> afterProbe(tokenHash));
        });
    }

    /** How the call ended: null for an answer, else its failure. Releases whoever waited for it. */
    public void settle(Pass pass, Throwable failure) {
        GatewayException gateway = failure == null ? null : GatewayFailures.find(failure);
        if (failure == null || gateway != null && answeredWithTheTokenAccepted(gateway.code())) {
            if (accepted.asMap().putIfAbsent(pass.tokenHash(), System.currentTimeMillis()) == null) {
                share(pass.tokenHash(), ACCEPTED); // first heard here: tell the other instances
            }
        } else if (gateway != null && gateway.is(ErrorCode.UNAUTHENTICATED)) {
            remember(pass.tokenHash(), Refusal.of(gateway));
        }
        if (pass.probe() != null) {
            probes.remove(pass.tokenHash(), pass.probe());
            pass.probe().complete(null);
        }
    }

    /** Forgets what this instance knows (Redis keeps the verdicts); for tests and operators. */
    public void forgetLocal() {
        accepted.invalidateAll();
        refused.invalidateAll();
    }

    /** Not found, forbidden, invalid input: the upstream judged the request, so it took the token. */
    private static boolean answeredWithTheTokenAccepted(ErrorCode code) {
        return code == ErrorCode.NOT_FOUND || code == ErrorCode.FORBIDDEN || code == ErrorCode.BAD_USER_INPUT;
    }

    /** After the probe: refused means refused; accepted or still unknown (it failed otherwise) means go. */
    private Uni<Pass> afterProbe(String tokenHash) {
        Refusal known = refused.getIfPresent(tokenHash);
        return known != null ? Uni.createFrom().failure(known.failure())
                : Uni.createFrom().item(new Pass(tokenHash, null, accepted.getIfPresent(tokenHash) != null));
    }

    private void remember(String tokenHash, Refusal refusal) {
        accepted.invalidate(tokenHash);
        refused.put(tokenHash, refusal);
        share(tokenHash, refusal.name());
    }

    /** Tells the other instances the verdict, for as long as refusals are kept (a refusal overwrites). */
    private void share(String tokenHash, String verdict) {
        redis.write(List.of(new SharedRedis.Write(prefix + tokenHash, verdict, ttl, null)))
                .subscribe().with(done -> {
                }, failure -> {
                }); // failures are handled (and logged once) by SharedRedis
    }

    /** What another instance saw of a token: its refusal, that the upstream accepted it, or nothing. */
    private record Seen(Refusal refusal, boolean accepted) {
        static final Seen NOTHING = new Seen(null, false);
    }

    /** What the other instances saw (nothing also when Redis cannot say). */
    private Uni<Seen> shared(String tokenHash) {
        if (!redis.available()) {
            return Uni.createFrom().item(Seen.NOTHING);
        }
        return redis.get(prefix + tokenHash).map(value -> {
            if (value == null) {
                return Seen.NOTHING;
            }
            if (ACCEPTED.equals(value)) {
                return new Seen(null, true);
            }
            try {
                Refusal refusal = Refusal.valueOf(value);
                refused.put(tokenHash, refusal);
                accepted.invalidate(tokenHash);
                return new Seen(refusal, false);
            } catch (IllegalArgumentException foreign) {
                return Seen.NOTHING; // not ours: treat as unknown
            }
        });
    }
}
