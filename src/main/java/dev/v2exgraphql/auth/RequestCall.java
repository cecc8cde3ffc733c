package dev.v2exgraphql.auth;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.v2exgraphql.error.ErrorCode;
import dev.v2exgraphql.error.GatewayException;
import graphql.ExecutionInput;
import io.smallrye.graphql.execution.context.SmallRyeContext;
import io.smallrye.graphql.execution.context.SmallRyeContextManager;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Builds the {@link Call} of the current HTTP request once. Resolvers ask for it synchronously, at
 * entry, while the request context is active, and pass the plain object down.
 */
@RequestScoped
public class RequestCall {

    /** RoutingContext key: the response-cache key the request guard computed, when it may be kept. */
    public static final String RESPONSE_KEY = "v2gql.responseKey";
    /** RoutingContext key: the GraphQL context of this request, where its answer's JSON is left. */
    public static final String GRAPHQL_CONTEXT = "v2gql.graphqlContext";
    /** GraphQL context keys shared with the EventingService that captures the answer. */
    public static final String CANDIDATE = "v2gql.responseCandidate";
    public static final String BODY = "v2gql.responseBody";

    @Inject
    RoutingContext routingContext;

    private Call call;
    private GatewayException headerProblem;

    public Call get() {
        if (call == null && headerProblem == null) {
            try {
                call = new Call(BearerToken.parse(routingContext.request().getHeader("Authorization")));
                routingContext.put(Call.KEY, call); // for the HTTP layer's caching headers
            } catch (GatewayException e) {
                headerProblem = e;
            } catch (RuntimeException requestGone) {
                // The client went away and Quarkus ended the request while batched fields were still
                // pending: nobody will read this answer, so it is not worth an error in the log.
                headerProblem = new GatewayException(ErrorCode.INTERNAL_SERVER_ERROR, "The request is no longer active");
            }
        }
        if (headerProblem != null) {
            throw headerProblem;
        }
        return call;
    }

    /**
     * Runs a resolver's work with this request's call. Failures raised while starting it (no or bad
     * token, invalid arguments) become a failed Uni, so they reach the client as field errors.
     */
    public <T> Uni<T> run(Function<Call, Uni<T>> work) {
        Call current;
        try {
            current = get();
        } catch (GatewayException e) {
            return Uni.createFrom().failure(e);
        }
        // Captured now, while SmallRye's per-field context is current on this thread.
        SmallRyeContext graphqlContext = SmallRyeContextManager.getCurrentSmallRyeContext();
        markResponseCandidate(graphqlContext);
        try {
            return work.apply(current)
                    .onFailure().invoke(current::markFailed)
                    .onTermination().invoke(() -> reportStale(graphqlContext, current));
        } catch (GatewayException e) {
            current.markFailed();
            return Uni.createFrom().failure(e);
        }
    }

    /** Lets the answer be captured for the response cache when the request guard allowed it. */
    private void markResponseCandidate(SmallRyeContext graphqlContext) {
        ExecutionInput input = graphqlContext == null ? null : graphqlContext.unwrap(ExecutionInput.class);
        if (input != null && routingContext.get(RESPONSE_KEY) != null
                && routingContext.get(GRAPHQL_CONTEXT) == null) {
            input.getGraphQLContext().put(CANDIDATE, Boolean.TRUE);
            routingContext.put(GRAPHQL_CONTEXT, input.getGraphQLContext());
        }
    }

    /**
     * Tells clients which parts of the answer came from stale cache entries, as
     * {@code extensions.cache.stale = [{resource, ageSeconds}]}; absent when nothing was stale.
     */
    private static void reportStale(SmallRyeContext graphqlContext, Call call) {
        if (graphqlContext == null) {
            return;
        }
        List<Map<String, Object>> stale = call.served().stream().filter(Call.Served::stale)
                .map(s -> Map.<String, Object> of("resource", s.resource(), "ageSeconds", s.ageSeconds()))
                .distinct().toList();
        if (!stale.isEmpty()) {
            graphqlContext.addExtension("cache", Map.of("stale", stale));
        }
    }
}
