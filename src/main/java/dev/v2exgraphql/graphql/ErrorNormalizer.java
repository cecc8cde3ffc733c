package dev.v2exgraphql.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import dev.v2exgraphql.error.ErrorCode;
import dev.v2exgraphql.error.GatewayException;
import dev.v2exgraphql.error.GatewayFailures;
import graphql.ErrorType;
import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.execution.NonNullableFieldWasNullError;
import graphql.introspection.GoodFaithIntrospection;
import graphql.introspection.IntrospectionDisabledError;
import io.smallrye.graphql.api.Context;
import io.smallrye.graphql.execution.context.SmallRyeContext;
import io.smallrye.graphql.spi.EventingService;

/**
 * Rewrites every error of a response into the contract's shape: a message written for clients and
 * {@code extensions.code} (plus {@code retryAfter} and {@code reason} when rate limited) — nothing
 * else. SmallRye would otherwise add exception class names, and graphql-java's validation and
 * coercion errors would carry no code at all.
 *
 * <p>Loaded by SmallRye through {@link java.util.ServiceLoader} (see META-INF/services); it runs once
 * per operation, after execution, and only does work when there are errors.
 */
public class ErrorNormalizer implements EventingService {

    private static final Logger LOG = Logger.getLogger(ErrorNormalizer.class);

    @Override
    public String getConfigKey() {
        return null; // always on: clients rely on the error shape
    }

    @Override
    public void afterExecute(Context context) {
        try {
            normalize(context);
        } catch (RuntimeException e) {
            // Never let this break the response: SmallRye would leave the request unanswered.
            LOG.error("Could not normalize the errors of a response", e);
        }
    }

    private void normalize(Context context) {
        if (!(context instanceof SmallRyeContext smallRyeContext)) {
            return;
        }
        ExecutionResult result = smallRyeContext.unwrap(ExecutionResult.class);
        if (result == null || result.getErrors().isEmpty()) {
            return;
        }
        List<GraphQLError> normalized = new ArrayList<>(result.getErrors().size());
        for (GraphQLError error : result.getErrors()) {
            if (error instanceof NonNullableFieldWasNullError && result.getErrors().size() > 1) {
                // A consequence, not a cause: SmallRye reports a bad argument value and then leaves
                // the (non-null) field null. The cause is already in the list.
                LOG.debugf("Dropped follow-up error: %s", error.getMessage());
                continue;
            }
            normalized.add(normalize(error));
        }
        smallRyeContext.setExecutionResult(result.transform(builder -> builder.errors(normalized)));
    }

    static GraphQLError normalize(GraphQLError error) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        String message;
        if (error instanceof ExceptionWhileDataFetching fetching) {
            GatewayException failure = GatewayFailures.find(fetching.getException());
            if (failure == null) {
                LOG.errorf(fetching.getException(), "Unexpected failure resolving %s", error.getPath());
                failure = new GatewayException(ErrorCode.INTERNAL_SERVER_ERROR, "Internal error");
            }
            message = failure.getMessage();
            extensions.put("code", failure.code().name());
            failure.retryAfterSeconds().ifPresent(seconds -> extensions.put("retryAfter", seconds));
            failure.reason().ifPresent(reason -> extensions.put("reason", reason));
        } else {
            message = error.getMessage();
            extensions.put("code", codeOf(error).name());
        }
        return new ClientError(message, error.getLocations(), error.getPath(), extensions, error.getErrorType());
    }

    /** Errors raised by graphql-java itself, before or around field resolution. */
    private static ErrorCode codeOf(GraphQLError error) {
        if (error.getErrorType() == ErrorType.ExecutionAborted
                || error instanceof GoodFaithIntrospection.BadFaithIntrospectionError) {
            // depth / complexity instrumentation aborts the operation; graphql-java refuses
            // introspection queries that repeat __schema or nest type fields far beyond any tool's need
            return ErrorCode.QUERY_TOO_COMPLEX;
        }
        if (error instanceof IntrospectionDisabledError) {
            return ErrorCode.BAD_USER_INPUT; // v2ex.limits.introspection=false
        }
        if (error.getErrorType() == ErrorType.ValidationError
                || error.getErrorType() == ErrorType.InvalidSyntax
                || error.getErrorType() == ErrorType.OperationNotSupported) {
            return ErrorCode.BAD_USER_INPUT;
        }
        return ErrorCode.INTERNAL_SERVER_ERROR;
    }
}
