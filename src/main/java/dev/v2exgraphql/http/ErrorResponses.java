package dev.v2exgraphql.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes the answers of requests that never reach GraphQL execution: a GraphQL error body with
 * {@code extensions.code}, the status GraphQL over HTTP asks for, never stored by any cache.
 */
final class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    /** What no cache, shared or private, may keep. */
    static final String NO_STORE = "private, no-store";

    private ErrorResponses() {
    }

    static void send(RoutingContext ctx, ResponseType type, RequestRejected rejected) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", rejected.getMessage());
        if (rejected.location() != null) {
            error.put("locations", List.of(Map.of("line", rejected.location().getLine(),
                    "column", rejected.location().getColumn())));
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", rejected.code());
        extensions.putAll(rejected.details());
        error.put("extensions", extensions);
        HttpServerResponse response = ctx.response().setStatusCode(rejected.status())
                .putHeader("Content-Type", type.contentType())
                .putHeader("Cache-Control", NO_STORE);
        if (rejected.allow() != null) {
            response.putHeader("Allow", rejected.allow());
        }
        response.end(Json.encode(Map.of("errors", List.of(error))));
    }

    /** A bug on our side: logged with its stack trace, answered 500 without any detail. */
    static void internal(RoutingContext ctx, ResponseType type, Throwable failure) {
        LOG.error("Unexpected failure of a GraphQL request", failure);
        if (!ctx.response().headWritten()) {
            send(ctx, type, new RequestRejected(500, "INTERNAL_SERVER_ERROR", "Internal error", null));
        }
    }
}
