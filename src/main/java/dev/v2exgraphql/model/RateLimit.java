package dev.v2exgraphql.model;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("The upstream budget as this request sees it. Every user of the service shares V2EX's calls "
        + "per hour; each client may spend a share of them. Reading this costs no upstream call.")
public record RateLimit(
        @NonNull @Description("The most upstream calls this request can cause, estimated before it ran (what caches hold is not subtracted)") Integer cost,
        @NonNull @Description("The most one request may cost; more is refused with QUERY_TOO_EXPENSIVE") Integer maxCost,
        @Description("Calls the whole service may make in the current window; null until V2EX has told") Integer limit,
        @Description("Calls left in the current window, for every client together") Integer remaining,
        @Description("When the current window ends and the budget starts again") Instant resetAt,
        @Description("The most this client (its token) may spend in the current window; null while the window is unknown") Integer clientLimit,
        @Description("What this client has left of its share") Integer clientRemaining) {
}
