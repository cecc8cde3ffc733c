package dev.v2exgraphql.upstream;

import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import dev.v2exgraphql.budget.Charge;
import dev.v2exgraphql.budget.QuotaGovernor;
import dev.v2exgraphql.config.V2exConfig;
import dev.v2exgraphql.error.ErrorCode;
import dev.v2exgraphql.error.GatewayException;
import dev.v2exgraphql.error.GatewayFailures;
import dev.v2exgraphql.telemetry.BudgetMetrics;
import dev.v2exgraphql.telemetry.UpstreamOutcome;
import dev.v2exgraphql.telemetry.UpstreamTelemetry;
import dev.v2exgraphql.v2ex.Endpoint;
import dev.v2exgraphql.v2ex.Envelope;
import dev.v2exgraphql.v2ex.Family;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;

/**
 * SmallRye Fault Tolerance around every upstream call, non-blocking on Uni. Reads: retry with
 * jittered backoff (only for upstream trouble) → the quota governor → the family's circuit
 * breaker → timeout → one bulkhead shared by all families → the call. Writes take the same path
 * without the retry: a mutation is sent at most once (boosting costs copper; a repeated
 * createToken would make two tokens).
 */
@ApplicationScoped
public class UpstreamGuard {

    private static final Logger LOG = Logger.getLogger(UpstreamGuard.class);
    private static final TypeLiteral<Uni<Envelope>> ENVELOPE = new TypeLiteral<>() {
    };

    private final QuotaGovernor quota;
    private final UpstreamTelemetry telemetry;
    private final BudgetMetrics budgetMetrics;
    private final Guard bulkhead;
    private final Map<Family, Guard> reads = new EnumMap<>(Family.class);
    private final Map<Family, Guard> writes = new EnumMap<>(Family.class);

    @Inject
    public UpstreamGuard(V2exConfig config, QuotaGovernor quota, UpstreamTelemetry telemetry,
            BudgetMetrics budgetMetrics) {
        this.quota = quota;
        this.telemetry = telemetry;
        this.budgetMetrics = budgetMetrics;
        V2exConfig.Resilience r = config.resilience();
        this.bulkhead = Guard.create().withDescription("v2ex-bulkhead")
                .withBulkhead().limit(r.bulkheadLimit()).queueSize(r.bulkheadQueue()).done()
                .build();
        for (Family family : Family.values()) {
            // The breaker sees each attempt; reads and writes of a family share it.
            Guard breaker = Guard.create().withDescription(family.breakerName())
                    .withCircuitBreaker().name(family.breakerName())
                    .requestVolumeThreshold(r.breakerWindow()).failureRatio(r.breakerFailureRatio())
                    .delay(r.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(r.breakerSuccessThreshold())
                    .when(UpstreamGuard::isUpstreamTrouble)
                    .onStateChange(state -> LOG.infof("Circuit breaker %s is now %s", family.breakerName(), state))
                    .done()
                    .withTimeout().duration(r.timeout().toMillis(), ChronoUnit.MILLIS).done()
                    .build();
            writes.put(family, breaker);
            reads.put(family, Guard.create().withDescription(family.breakerName() + "-retry")
                    .withRetry().maxRetries(r.maxRetries())
                    .delay(r.retryDelay().toMillis(), ChronoUnit.MILLIS)
                    .jitter(r.retryJitter().toMillis(), ChronoUnit.MILLIS)
                    .whenException(UpstreamGuard::isRetryable)
                    .done()
                    .build());
        }
    }

    /** An idempotent GET: retried on upstream trouble; each attempt takes a unit charged as said. */
    public Uni<Envelope> read(Endpoint endpoint, Charge charge, Supplier<Uni<Envelope>> call) {
        Family family = endpoint.family();
        return reads.get(family).get(() -> guarded(endpoint, charge, call), ENVELOPE)
                .onFailure().transform(UpstreamGuard::toGatewayFailure);
    }

    /** A mutation: sent at most once, whatever happens to that attempt. */
    public Uni<Envelope> write(Endpoint endpoint, Charge charge, Supplier<Uni<Envelope>> call) {
        return guarded(endpoint, charge, call).onFailure().transform(UpstreamGuard::toGatewayFailure);
    }

    public CircuitBreakerState breakerState(Family family) {
        return CircuitBreakerMaintenance.get().currentState(family.breakerName());
    }

    /**
     * One attempt: its unit of budget first, then the family's breaker, its timeout and the
     * bulkhead around the call alone. The budget lives in Redis: waiting for Redis, or for the
     * call that learns a new window, is not the upstream failing and must not open a breaker. An
     * open breaker is asked before the budget, so an outage does not spend units on calls that
     * never leave.
     */
    private Uni<Envelope> guarded(Endpoint endpoint, Charge charge, Supplier<Uni<Envelope>> call) {
        Family family = endpoint.family();
        return Uni.createFrom().deferred(() -> {
            if (breakerState(family) == CircuitBreakerState.OPEN) {
                telemetry.notSent(endpoint, UpstreamOutcome.BREAKER_OPEN);
                return Uni.createFrom().failure(new CircuitBreakerOpenException(family.breakerName()));
            }
            return acquire(endpoint, charge).flatMap(granted -> writes.get(family).get(
                    () -> bulkhead.get(call, ENVELOPE)
                            .onFailure(BulkheadException.class)
                            .invoke(() -> telemetry.notSent(endpoint, UpstreamOutcome.BULKHEAD_FULL)),
                    ENVELOPE)
                    // Half-open lets a few trial calls through; the unit of one it turned away is lost.
                    .onFailure(CircuitBreakerOpenException.class)
                    .invoke(() -> telemetry.notSent(endpoint, UpstreamOutcome.BREAKER_OPEN)));
        });
    }

    private Uni<Void> acquire(Endpoint endpoint, Charge charge) {
        String priority = charge.priority().name();
        return quota.acquire(charge)
                .onItem().invoke(() -> budgetMetrics.granted(priority))
                .onFailure().invoke(refused -> {
                    telemetry.notSent(endpoint, UpstreamOutcome.QUOTA_REFUSED);
                    budgetMetrics.refused(priority, refused instanceof GatewayException e ? e.reason().orElse(null) : null);
                });
    }

    /** What opens a breaker: the upstream failing or timing out, not answers like 404 or 401. */
    private static boolean isUpstreamTrouble(Throwable failure) {
        return failure instanceof TimeoutException || GatewayFailures.is(failure, ErrorCode.UPSTREAM_UNAVAILABLE);
    }

    /** Worth another try: upstream trouble, but not a breaker that is open or a full bulkhead. */
    private static boolean isRetryable(Throwable failure) {
        return isUpstreamTrouble(failure);
    }

    private static Throwable toGatewayFailure(Throwable failure) {
        if (failure instanceof GatewayException) {
            return failure;
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return GatewayException.unavailable("The V2EX API is failing; calls are paused for a moment");
        }
        if (failure instanceof TimeoutException) {
            return GatewayException.unavailable("The V2EX API did not answer in time");
        }
        if (failure instanceof BulkheadException) {
            return GatewayException.unavailable("Too many calls to the V2EX API are waiting; try again shortly");
        }
        GatewayException wrapped = GatewayFailures.find(failure);
        return wrapped != null ? wrapped : failure;
    }
}
