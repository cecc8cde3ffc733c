package dev.v2exgraphql.v2ex;

/** What a cache entry holds and whom it may be shown to. Each kind has its own TTL (v2ex.cache.ttl.*). */
public enum CacheKind {
    /** GET topics/:id — shared by all callers. */
    TOPIC("topic", false),
    /** One item of a node's topic list: the topic's own fields without author/node/supplements. */
    TOPIC_ITEM("topic-item", false),
    NODE("node", false),
    NODE_TOPICS("node-topics", false),
    REPLIES("replies", false),
    /** Private data: keyed per token, never shown to another token. */
    MEMBER("member", true),
    TOKEN("token", true),
    NOTIFICATIONS("notifications", true);

    private final String segment;
    private final boolean isPrivate;

    CacheKind(String segment, boolean isPrivate) {
        this.segment = segment;
        this.isPrivate = isPrivate;
    }

    /** The kind's part of a cache key, and its metric label. */
    public String segment() {
        return segment;
    }

    public boolean isPrivate() {
        return isPrivate;
    }
}
