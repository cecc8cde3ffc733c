package dev.v2exgraphql.auth;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.v2exgraphql.error.GatewayException;
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
        try {
            return work.apply(current)
                    .onFailure().invoke(current::markFailed)
                    .onTermination().invoke(() -> reportStale(graphqlContext, current));
        } catch (GatewayException e) {
            current.markFailed();
            return Uni.createFrom().failure(e);
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
