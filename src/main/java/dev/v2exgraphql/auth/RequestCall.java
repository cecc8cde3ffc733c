package dev.v2exgraphql.auth;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.function.Function;

import dev.v2exgraphql.error.GatewayException;
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
        try {
            return work.apply(get());
        } catch (GatewayException e) {
            return Uni.createFrom().failure(e);
        }
    }
}
