package dev.v2exgraphql.graphql;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import dev.v2exgraphql.error.ErrorCode;
import dev.v2exgraphql.error.GatewayException;
import dev.v2exgraphql.request.ClientRequest;
import io.smallrye.graphql.execution.context.SmallRyeContext;
import io.smallrye.graphql.execution.context.SmallRyeContextManager;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The {@link ClientRequest} of the GraphQL request being executed. The HTTP front builds it once and
 * hands it over as the execution starts ({@link #set}); resolvers ask for it at entry, while the
 * request context is active, and pass the plain object down.
 */
@RequestScoped
public class CurrentRequest {

    @Inject
    RoutingContext routingContext;

    private ClientRequest request;

    /** The HTTP front's request; set before execution starts. */
    public void set(ClientRequest request) {
        this.request = request;
    }

    public ClientRequest get() {
        if (request == null) {
            // Executed without passing the HTTP front (SmallRye's own WebSocket endpoint): read
            // the caller from the upgrade request.
            request = ClientRequest.from(routingContext.request().getHeader("Authorization"),
                    routingContext.request().remoteAddress(), routingContext.request().connection().remoteAddress());
        }
        return request;
    }

    /**
     * Runs a resolver's work with this request. Failures raised while starting it (a broken token,
     * invalid arguments) become a failed Uni, so they reach the client as field errors.
     */
    public <T> Uni<T> run(Function<ClientRequest, Uni<T>> work) {
        ClientRequest current;
        try {
            current = get();
        } catch (RuntimeException requestGone) {
            // The client went away and Quarkus ended the request while batched fields were still
            // pending: nobody will read this answer, so it is not worth an error in the log.
            return Uni.createFrom().failure(new GatewayException(ErrorCode.INTERNAL_SERVER_ERROR,
                    "The request is no longer active"));
        }
        if (current.credentialsProblem() != null) {
            return Uni.createFrom().failure(current.credentialsProblem());
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
    private static void reportStale(SmallRyeContext graphqlContext, ClientRequest request) {
        if (graphqlContext == null) {
            return;
        }
        List<Map<String, Object>> stale = request.sources().stream().filter(ClientRequest.Source::stale)
                .map(s -> Map.<String, Object> of("resource", s.resource(), "ageSeconds", s.ageSeconds()))
                .distinct().toList();
        if (!stale.isEmpty()) {
            graphqlContext.addExtension("cache", Map.of("stale", stale));
        }
    }
}
