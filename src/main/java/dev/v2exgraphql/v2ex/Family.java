package dev.v2exgraphql.v2ex;

import java.util.Locale;

/**
 * Endpoint families, each behind its own circuit breaker: trouble with one (say, topic details)
 * does not stop the others.
 */
public enum Family {
    /** topics/:id, topics/:id/replies, and the topic mutations. */
    TOPICS,
    /** nodes/:name, nodes/:name/topics. */
    NODES,
    /** member, token, notifications, tokens: the caller's own data. */
    PRIVATE;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The breaker's name, as health and logs show it. */
    public String breakerName() {
        return "v2ex-" + label;
    }

    /** The metric label value, e.g. {@code topics}. */
    public String label() {
        return label;
    }
}
