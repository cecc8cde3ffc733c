package dev.v2exgraphql.budget;

import java.util.HashMap;
import java.util.Map;

import dev.v2exgraphql.budget.QuotaGovernor.Budget;

/**
 * The budget and what each client spent of it, as this instance knows them: a mirror of the shared
 * record (for health, and for Redis outages), and the ledger itself when there is no Redis. It
 * applies the rules of {@link QuotaGovernor}'s ACQUIRE script in the same order. Small and
 * synchronized: every call takes it once, and holds it for a few map lookups.
 */
final class LocalLedger {

    /** The decision codes: 0 is allowed, a {@link Shortfall#code()} is refused, this is "not known". */
    static final int UNKNOWN = -1;
    static final int ALLOWED = 0;

    private Budget budget;
    /** Calls per counter in this window; at most three names per call, so bounded by the limit. */
    private final Map<String, Integer> spent = new HashMap<>();

    synchronized Budget budget() {
        return budget;
    }

    synchronized void forget() {
        budget = null;
        spent.clear();
    }

    /**
     * Merges a reported budget: a newer window replaces the known one (and starts every count
     * anew), a late answer of an older one is ignored, and within a window the lowest remaining
     * wins (answers of concurrent calls arrive in any order).
     */
    synchronized void merge(Budget reported) {
        if (budget == null) {
            budget = reported; // the counts of the call that learned it stay
        } else if (reported.resetEpochSeconds() > budget.resetEpochSeconds()) {
            budget = reported;
            spent.clear();
        } else if (reported.resetEpochSeconds() == budget.resetEpochSeconds()
                && reported.remaining() < budget.remaining()) {
            budget = reported;
        }
    }

    /** Starts a window unless one is running; the call that starts it is counted by {@code window}. */
    synchronized void startUnlessRunning(Budget window, long now) {
        if (budget == null) {
            budget = window;
        } else if (now >= budget.resetEpochSeconds()) {
            budget = window;
            spent.clear();
        }
    }

    /**
     * Takes one unit for a call counted under these names, keeping {@code keep} back.
     *
     * @param assumed the window to start when none is running (no rate headers), or null: then the
     *        answer is {@link #UNKNOWN} and the call goes to learn the budget
     * @param goesAnyway the call goes even when the budget is unknown: its counts start the window's
     */
    synchronized int take(long now, int keep, Shares shares, Counters counters, Budget assumed, boolean goesAnyway) {
        if (budget == null || now >= budget.resetEpochSeconds()) {
            if (assumed == null) {
                if (goesAnyway) {
                    if (budget != null) {
                        budget = null; // that window is over, and so are its counts
                        spent.clear();
                    }
                    countAll(counters);
                }
                return UNKNOWN;
            }
            budget = assumed;
            spent.clear();
        }
        int limit = budget.limit();
        if (budget.remaining() <= 0) {
            return Shortfall.QUOTA_SPENT.code();
        }
        if (budget.remaining() <= keep) {
            return Shortfall.RESERVE.code();
        }
        for (String client : counters.clients()) {
            if (spent(client) >= shares.perClient(limit)) {
                return Shortfall.CLIENT_SHARE.code();
            }
        }
        if (counters.newTokens() != null && spent(counters.newTokens()) >= shares.forNewTokens(limit)) {
            return Shortfall.NEW_TOKENS.code();
        }
        budget = new Budget(limit, budget.remaining() - 1, budget.resetEpochSeconds());
        countAll(counters);
        return ALLOWED;
    }

    /** Where the client counted by these names stands in the current window. */
    synchronized QuotaGovernor.Standing standing(long now, Shares shares, Counters counters) {
        if (budget == null || now >= budget.resetEpochSeconds()) {
            return new QuotaGovernor.Standing(null, 0, 0);
        }
        int most = 0;
        for (String client : counters.clients()) {
            most = Math.max(most, spent(client));
        }
        return new QuotaGovernor.Standing(budget, shares.perClient(budget.limit()), most);
    }

    /** What these names spent in the current window (0 when no window is known). */
    synchronized int spent(String name) {
        return spent.getOrDefault(name, 0);
    }

    private void countAll(Counters counters) {
        counters.clients().forEach(name -> spent.merge(name, 1, Integer::sum));
        if (counters.newTokens() != null) {
            spent.merge(counters.newTokens(), 1, Integer::sum);
        }
    }
}
