package dev.v2exgraphql.telemetry;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What happened to the upstream budget, with labels from fixed sets only (never a token, a client
 * or an address):
 * <ul>
 * <li>{@code v2ex_budget_calls_total{priority, outcome}}: each call's request for a unit of the
 * budget, {@code granted} or {@code refused}, by priority ({@code public_read}, {@code private_read},
 * {@code write});</li>
 * <li>{@code v2ex_budget_refusals_total{reason}}: what was refused and why, before any upstream call
 * (a request too expensive as a whole, a token the upstream refused before, or a call without a
 * unit of budget: see {@link Refusal}).</li>
 * </ul>
 */
@ApplicationScoped
public class BudgetMetrics {

    /** Why the budget was guarded against a request or a call. */
    public enum Refusal {
        /** The request's estimated cost is above the per-request maximum: it did not run. */
        TOO_EXPENSIVE,
        /** The token was refused by the upstream before: answered without a call. */
        BAD_TOKEN,
        /** Nothing remains in the window. */
        QUOTA_SPENT,
        /** Only the reserve for private reads and mutations remains. */
        RESERVE,
        /** The client spent its share. */
        CLIENT_SHARE,
        /** New tokens from this address spent their allowance. */
        NEW_TOKENS;

        private final String label = name().toLowerCase(Locale.ROOT);
    }

    private final MeterRegistry registry;
    private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);
    /** Per priority and outcome; priorities are the budget's own closed set, so this stays small. */
    private final Map<String, Counter> calls = new ConcurrentHashMap<>();

    @Inject
    public BudgetMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Refusal reason : Refusal.values()) {
            refusals.put(reason, Counter.builder("v2ex.budget.refusals").tag("reason", reason.label)
                    .description("Requests and upstream calls refused to guard the shared upstream budget, by reason")
                    .register(registry));
        }
    }

    /** A call was given a unit of the budget. @param priority the name of its priority */
    public void granted(String priority) {
        call(priority, "granted").increment();
    }

    /** A call was refused a unit of the budget, for this reason (a {@link Refusal} name; else QUOTA_SPENT). */
    public void refused(String priority, String reason) {
        call(priority, "refused").increment();
        refusals.get(refusalOf(reason)).increment();
    }

    public void refused(Refusal reason) {
        refusals.get(reason).increment();
    }

    private Counter call(String priority, String outcome) {
        return calls.computeIfAbsent(priority + " " + outcome, key -> Counter.builder("v2ex.budget.calls")
                .tag("priority", priority.toLowerCase(Locale.ROOT)).tag("outcome", outcome)
                .description("Upstream calls that asked for a unit of the shared budget, by priority and outcome")
                .register(registry));
    }

    private static Refusal refusalOf(String reason) {
        for (Refusal known : Refusal.values()) {
            if (known.name().equals(reason)) {
                return known;
            }
        }
        return Refusal.QUOTA_SPENT;
    }
}
