package dev.v2exgraphql.api;

import java.nio.charset.StandardCharsets;

import org.jboss.logging.Logger;

import graphql.ExecutionResult;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.smallrye.graphql.runtime.SmallRyeGraphQLAbstractHandler;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs the request the {@link GraphQLRequestGuard} read and checked, through SmallRye GraphQL's
 * execution service, and writes the answer the way GraphQL over HTTP asks. It takes the place of
 * SmallRye's own HTTP handler for {@code /graphql}, which answers a wildcard {@code Accept} with
 * {@code application/graphql-response+json}, answers 200 to requests that failed before execution
 * whatever the media type, and over GET reads {@code operationName} wrongly and URL-decodes
 * parameters twice (a {@code +} in a query became a space).
 * The base class is the one SmallRye's handler extends: it activates the request context and makes
 * the routing context injectable, exactly as for SmallRye's handler.
 */
class GraphQLExecution extends SmallRyeGraphQLAbstractHandler {

    private static final Logger LOG = Logger.getLogger(GraphQLExecution.class);

    /** RoutingContext keys: what the guard hands over. */
    static final String REQUEST = "v2gql.graphqlRequest";
    static final String RESPONSE_TYPE = "v2gql.responseType";

    GraphQLExecution() {
        // Resolvers return Uni: nothing blocks, so execution stays on the event loop (runBlocking false),
        // as SmallRye's handler does while quarkus.smallrye-graphql.nonblocking.enabled is not false.
        super(identityAssociation(), Arc.container().instance(CurrentVertxRequest.class).get(), false);
    }

    @Override
    protected void doHandle(RoutingContext ctx) {
        GraphQLRequest request = ctx.get(REQUEST);
        ResponseType type = ctx.get(RESPONSE_TYPE);
        getExecutionService().executeAsync(inputToJsonObject(request.toExecutionInput()), getMetaData(ctx),
                new Writer(ctx, type));
    }

    /** Only present when a security extension is installed; SmallRye's handler copes with null too. */
    private static CurrentIdentityAssociation identityAssociation() {
        InstanceHandle<CurrentIdentityAssociation> handle = Arc.container().instance(CurrentIdentityAssociation.class);
        return handle.isAvailable() ? handle.get() : null;
    }

    private record Writer(RoutingContext ctx, ResponseType type) implements ExecutionResponseWriter {

        @Override
        public void write(ExecutionResponse response) {
            ExecutionResult result = response.getExecutionResult();
            // graphql-response+json: a request that failed before execution (parse, validation,
            // variable coercion, operation selection: no data entry) is a 400. application/json: 200.
            int status = type == ResponseType.GRAPHQL_RESPONSE && !result.isDataPresent() ? 400 : 200;
            try {
                ctx.response().setStatusCode(status)
                        .putHeader("Content-Type", type.contentType())
                        .end(Buffer.buffer(response.getExecutionResultAsString().getBytes(StandardCharsets.UTF_8)));
            } catch (IllegalStateException gone) {
                LOG.debug("The client left before its answer was written");
            }
        }

        @Override
        public void fail(Throwable failure) {
            ctx.fail(failure);
        }
    }
}
