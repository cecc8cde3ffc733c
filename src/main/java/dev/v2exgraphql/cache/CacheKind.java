package dev.v2exgraphql.cache;

import java.time.Duration;

import dev.v2exgraphql.config.V2exConfig;

/** What a cache entry holds, whom it may be shown to, and how long it is fresh. */
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

    public String segment() {
        return segment;
    }

    public boolean isPrivate() {
        return isPrivate;
    }

    public Duration ttl(V2exConfig.Cache.Ttl ttl) {
        return switch (this) {
            case TOPIC -> ttl.topic();
            case TOPIC_ITEM, NODE_TOPICS -> ttl.nodeTopics();
            case NODE -> ttl.node();
            case REPLIES -> ttl.replies();
            case MEMBER -> ttl.member();
            case TOKEN -> ttl.token();
            case NOTIFICATIONS -> ttl.notifications();
        };
    }
}
