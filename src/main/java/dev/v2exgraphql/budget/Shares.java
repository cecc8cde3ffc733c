package dev.v2exgraphql.budget;

import java.util.List;

/**
 * The shares of a window's budget, as percentages of its limit: what one client may spend
 * ({@code v2ex.quota.client-share-percent}), and what calls of tokens the upstream has not accepted
 * yet may spend from one address ({@code v2ex.quota.new-token-share-percent}).
 */
record Shares(int clientPercent, int newTokenPercent) {

    Shares {
        requirePercent("v2ex.quota.client-share-percent", clientPercent);
        requirePercent("v2ex.quota.new-token-share-percent", newTokenPercent);
    }

    /** Calls one client may make in a window of this limit (rounded up: a share never rounds to nothing). */
    int perClient(int limit) {
        return (int) Math.ceil(limit * (clientPercent / 100.0));
    }

    /** Calls of new tokens one address may make in a window of this limit: at least one. */
    int forNewTokens(int limit) {
        return Math.max(1, limit * newTokenPercent / 100);
    }

    /** As the ACQUIRE script reads them. */
    List<String> args() {
        return List.of(String.valueOf(clientPercent), String.valueOf(newTokenPercent));
    }

    private static void requirePercent(String key, int value) {
        if (value < 1 || value > 100) {
            throw new IllegalArgumentException(key + " must be between 1 and 100, not " + value);
        }
    }
}
