package dev.v2exgraphql.graphql;

import dev.v2exgraphql.telemetry.OperationMetrics;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import io.quarkus.arc.Arc;
import io.smallrye.graphql.api.Context;
import io.smallrye.graphql.execution.context.SmallRyeContext;
import io.smallrye.graphql.spi.EventingService;

/**
 * Times every executed GraphQL operation into {@link OperationMetrics}, from just before execution
 * (the document is parsed) until its result is complete, and adds the request's estimated cost to
 * its answer ({@code extensions.cost}). Loaded by SmallRye through ServiceLoader,
 * so it finds the CDI bean through Arc.
 */
public class OperationEvents implements EventingService {

    /** When the operation started, in System.nanoTime(); kept in the GraphQL context under its own type. */
    private record Started(long nanos) {
    }

    private volatile OperationMetrics metrics;
    private volatile CurrentRequest current;

    @Override
    public String getConfigKey() {
        return null; // always on
    }

    @Override
    public void beforeExecute(Context context) {
        ExecutionInput input = context.unwrap(ExecutionInput.class);
        if (input != null) {
            input.getGraphQLContext().put(Started.class, new Started(System.nanoTime()));
        }
        // The request's worst-case upstream cost, as the HTTP front estimated it: extensions.cost.
        if (context instanceof SmallRyeContext smallRyeContext) {
            long cost = current().get().estimatedCost();
            if (cost >= 0) {
                smallRyeContext.addExtension("cost", cost);
            }
        }
    }

    @Override
    public void afterExecute(Context context) {
        ExecutionResult result = context.unwrap(ExecutionResult.class);
        boolean ok = result != null && result.getErrors().isEmpty();
        record(context, ok ? OperationMetrics.Outcome.OK : OperationMetrics.Outcome.ERROR);
    }

    @Override
    public void errorExecute(Context context, Throwable t) {
        record(context, OperationMetrics.Outcome.ERROR);
    }

    private void record(Context context, OperationMetrics.Outcome outcome) {
        if (!(context instanceof SmallRyeContext smallRyeContext)) {
            return;
        }
        ExecutionInput input = smallRyeContext.unwrap(ExecutionInput.class);
        Started started = input == null ? null : input.getGraphQLContext().get(Started.class);
        if (started == null) {
            return; // failed before it began: not an operation
        }
        metrics().record(OperationMetrics.Type.of(context.getRequestedOperationTypes()), outcome,
                System.nanoTime() - started.nanos());
    }

    private CurrentRequest current() {
        CurrentRequest c = current;
        if (c == null) {
            c = Arc.container().instance(CurrentRequest.class).get(); // a proxy: the bean of each request
            current = c;
        }
        return c;
    }

    private OperationMetrics metrics() {
        OperationMetrics m = metrics;
        if (m == null) {
            m = Arc.container().instance(OperationMetrics.class).get();
            metrics = m;
        }
        return m;
    }
}
