package dev.v2exgraphql.upstream;

import java.util.Locale;

import dev.v2exgraphql.resilience.Family;
import io.vertx.core.http.HttpMethod;

/**
 * Every upstream endpoint the service calls, as a template. Metrics and traces name a call by its
 * endpoint, never by its concrete path: a path carries topic ids and node names, which would make
 * every topic a metric series of its own.
 */
public enum Endpoint {
    TOPIC(HttpMethod.GET, "topics/{id}", Family.TOPICS),
    TOPIC_REPLIES(HttpMethod.GET, "topics/{id}/replies", Family.TOPICS),
    SET_STICKY(HttpMethod.POST, "topics/{id}/set-sticky", Family.TOPICS),
    BOOST(HttpMethod.POST, "topics/{id}/boost", Family.TOPICS),
    NODE(HttpMethod.GET, "nodes/{name}", Family.NODES),
    NODE_TOPICS(HttpMethod.GET, "nodes/{name}/topics", Family.NODES),
    MEMBER(HttpMethod.GET, "member", Family.PRIVATE),
    TOKEN(HttpMethod.GET, "token", Family.PRIVATE),
    NOTIFICATIONS(HttpMethod.GET, "notifications", Family.PRIVATE),
    DELETE_NOTIFICATION(HttpMethod.DELETE, "notifications/{id}", Family.PRIVATE),
    CREATE_TOKEN(HttpMethod.POST, "tokens", Family.PRIVATE);

    private final HttpMethod method;
    private final String template;
    private final Family family;
    private final String label;

    Endpoint(HttpMethod method, String template, Family family) {
        this.method = method;
        this.template = template;
        this.family = family;
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

    /** The metric label value, e.g. {@code topic_replies}. */
    public String label() {
        return label;
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
