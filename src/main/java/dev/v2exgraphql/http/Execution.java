package dev.v2exgraphql.http;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.v2exgraphql.graphql.CurrentRequest;
import dev.v2exgraphql.request.ClientRequest;
import graphql.ExecutionResult;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.smallrye.graphql.runtime.SmallRyeGraphQLAbstractHandler;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.smallrye.graphql.execution.ExecutionService;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs a request the {@link GraphQLRoute} read and checked, through SmallRye GraphQL's execution
 * service, and writes the answer the way GraphQL over HTTP asks. It takes the place of SmallRye's
 * own HTTP handler for {@code /graphql}, which answers a wildcard {@code Accept} with
 * {@code application/graphql-response+json}, answers 200 to requests that failed before execution
 * whatever the media type, and over GET reads {@code operationName} wrongly and URL-decodes
 * parameters twice (a {@code +} in a query became a space). An error-free answer that may be kept
 * is offered to the {@link AnswerCache} as the very bytes sent.
 */
@ApplicationScoped
class Execution {

    private static final Logger LOG = Logger.getLogger(Execution.class);

    private final CurrentRequest current;
    private final AnswerCache answers;
    private final CurrentIdentityAssociation identity;
    private final CurrentVertxRequest vertxRequest;
    private volatile ExecutionService service;

    @Inject
    Execution(CurrentRequest current, AnswerCache answers, CurrentVertxRequest vertxRequest) {
        this.current = current;
        this.answers = answers;
        this.vertxRequest = vertxRequest;
        // Only present when a security extension is installed; SmallRye's handler copes with null too.
        InstanceHandle<CurrentIdentityAssociation> handle = Arc.container().instance(CurrentIdentityAssociation.class);
        this.identity = handle.isAvailable() ? handle.get() : null;
    }

    /**
     * Executes the request for this client.
     *
     * @param answerKey the whole-answer cache's key when the answer may be kept, else null
     */
    void run(RoutingContext ctx, ResponseType type, GraphQLRequest request, ClientRequest client, String answerKey) {
        try {
            new Run(type, request, client, answerKey).handle(ctx);
        } catch (RuntimeException bug) {
            ErrorResponses.internal(ctx, type, bug);
        }
    }

    private ExecutionService service() {
        ExecutionService s = service;
        if (s == null) {
            s = Arc.container().instance(ExecutionService.class).get();
            service = s;
        }
        return s;
    }

    /**
     * One execution. The base class is the one SmallRye's handler extends: it activates the request
     * context and makes the routing context injectable, exactly as for SmallRye's handler; made per
     * request so the request it runs travels as a field, not through the routing context's map.
     */
    private final class Run extends SmallRyeGraphQLAbstractHandler {

        private final ResponseType type;
        private final GraphQLRequest request;
        private final ClientRequest client;
        private final String answerKey;

        Run(ResponseType type, GraphQLRequest request, ClientRequest client, String answerKey) {
            // Resolvers return Uni: nothing blocks, so execution stays on the event loop (runBlocking
            // false), as SmallRye's handler does while quarkus.smallrye-graphql.nonblocking.enabled is not false.
            super(identity, vertxRequest, false);
            this.type = type;
            this.request = request;
            this.client = client;
            this.answerKey = answerKey;
        }

        @Override
        protected ExecutionService getExecutionService() {
            return service();
        }

        @Override
        protected void doHandle(RoutingContext ctx) {
            current.set(client); // the request context is active here: resolvers find it
            getExecutionService().executeAsync(inputToJsonObject(request.toExecutionInput()), getMetaData(ctx),
                    new Writer(ctx, type, client, answerKey));
        }
    }

    private final class Writer implements ExecutionResponseWriter {

        private final RoutingContext ctx;
        private final ResponseType type;
        private final ClientRequest client;
        private final String answerKey;

        Writer(RoutingContext ctx, ResponseType type, ClientRequest client, String answerKey) {
            this.ctx = ctx;
            this.type = type;
            this.client = client;
            this.answerKey = answerKey;
        }

        @Override
        public void write(ExecutionResponse response) {
            ExecutionResult result = response.getExecutionResult();
            // graphql-response+json: a request that failed before execution (parse, validation,
            // variable coercion, operation selection: no data entry) is a 400. application/json: 200.
            int status = type == ResponseType.GRAPHQL_RESPONSE && !result.isDataPresent() ? 400 : 200;
            Buffer body = Buffer.buffer(response.getExecutionResultAsString().getBytes(StandardCharsets.UTF_8));
            if (answerKey != null && status == 200 && result.getErrors().isEmpty()) {
                answers.offer(answerKey, client, body);
            }
            LOG.debugf("Answered with HTTP %d after %d upstream call(s)", status, client.upstreamCalls());
            try {
                ctx.response().setStatusCode(status)
                        .putHeader("Content-Type", type.contentType())
                        .end(body);
            } catch (IllegalStateException gone) {
                LOG.debug("The client left before its answer was written");
            }
        }

        @Override
        public void fail(Throwable failure) {
            ErrorResponses.internal(ctx, type, failure);
        }
    }
}
