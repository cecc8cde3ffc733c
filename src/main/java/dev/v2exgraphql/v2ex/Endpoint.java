package dev.v2exgraphql.v2ex;

import java.util.Locale;

import io.vertx.core.http.HttpMethod;

/**
 * Every endpoint of the V2EX API v2 the service calls, declared once: method, path template,
 * circuit-breaker family, page size of its list and the kind of cache entry its answer becomes.
 * The client, the cache, the services and the demo upstream all read this declaration. Metrics and
 * traces name a call by its endpoint, never by its concrete path: a path carries topic ids and node
 * names, which would make every topic a metric series of its own.
 */
public enum Endpoint {
    TOPIC(HttpMethod.GET, "topics/{id}", Family.TOPICS, CacheKind.TOPIC, 0),
    TOPIC_REPLIES(HttpMethod.GET, "topics/{id}/replies", Family.TOPICS, CacheKind.REPLIES, 20),
    SET_STICKY(HttpMethod.POST, "topics/{id}/set-sticky", Family.TOPICS, null, 0),
    BOOST(HttpMethod.POST, "topics/{id}/boost", Family.TOPICS, null, 0),
    NODE(HttpMethod.GET, "nodes/{name}", Family.NODES, CacheKind.NODE, 0),
    NODE_TOPICS(HttpMethod.GET, "nodes/{name}/topics", Family.NODES, CacheKind.NODE_TOPICS, 20),
    MEMBER(HttpMethod.GET, "member", Family.PRIVATE, CacheKind.MEMBER, 0),
    TOKEN(HttpMethod.GET, "token", Family.PRIVATE, CacheKind.TOKEN, 0),
    NOTIFICATIONS(HttpMethod.GET, "notifications", Family.PRIVATE, CacheKind.NOTIFICATIONS, 10),
    DELETE_NOTIFICATION(HttpMethod.DELETE, "notifications/{id}", Family.PRIVATE, null, 0),
    CREATE_TOKEN(HttpMethod.POST, "tokens", Family.PRIVATE, null, 0);

    private final HttpMethod method;
    private final String template;
    private final Family family;
    private final CacheKind cacheKind;
    private final int perPage;
    private final String label;

    Endpoint(HttpMethod method, String template, Family family, CacheKind cacheKind, int perPage) {
        this.method = method;
        this.template = template;
        this.family = family;
        this.cacheKind = cacheKind;
        this.perPage = perPage;
        this.label = name().toLowerCase(Locale.ROOT);
    }

    public HttpMethod method() {
        return method;
    }

    /** The path below the API root with its placeholder, e.g. {@code topics/{id}}. */
    public String template() {
        return template;
    }

    public Family family() {
        return family;
    }

    /** What the answer is cached as; null for mutations, which are never cached. */
    public CacheKind cacheKind() {
        return cacheKind;
    }

    /** Items per page of a paged list (the upstream's fixed page size); 0 for endpoints without pages. */
    public int perPage() {
        return perPage;
    }

    /** The metric label value, e.g. {@code topic_replies}. */
    public String label() {
        return label;
    }

    /** The placeholder's name, e.g. {@code id} for {@code topics/{id}}; null without one. */
    public String parameter() {
        int open = template.indexOf('{');
        return open < 0 ? null : template.substring(open + 1, template.indexOf('}'));
    }

    /** The concrete path: the placeholder replaced by {@code param} (already validated by the caller). */
    public String path(String param) {
        int open = template.indexOf('{');
        if (open < 0) {
            return template;
        }
        if (param == null) {
            throw new IllegalArgumentException(name() + " needs a path parameter");
        }
        return template.substring(0, open) + param + template.substring(template.indexOf('}') + 1);
    }
}
