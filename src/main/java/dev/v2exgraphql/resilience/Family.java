package dev.v2exgraphql.resilience;

import dev.v2exgraphql.quota.Priority;

/**
 * Endpoint families, each behind its own circuit breaker: trouble with one (say, topic details)
 * does not stop the others.
 */
public enum Family {
    /** topics/:id, topics/:id/replies, and the topic mutations. */
    TOPICS(Priority.PUBLIC_READ),
    /** nodes/:name, nodes/:name/topics. */
    NODES(Priority.PUBLIC_READ),
    /** member, token, notifications, tokens. */
    PRIVATE(Priority.PRIVATE_READ);

    private final Priority readPriority;

    Family(Priority readPriority) {
        this.readPriority = readPriority;
    }

    public Priority readPriority() {
        return readPriority;
    }

    /** The breaker's name, as health and logs show it. */
    public String breakerName() {
        return "v2ex-" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
