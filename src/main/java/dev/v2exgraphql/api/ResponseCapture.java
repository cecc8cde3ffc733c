package dev.v2exgraphql.api;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.v2exgraphql.auth.RequestCall;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQLContext;
import io.smallrye.graphql.api.Context;
import io.smallrye.graphql.execution.context.SmallRyeContext;
import io.smallrye.graphql.spi.EventingService;
import io.vertx.core.json.Json;

/**
 * Hands the JSON of an error-free answer (with the extensions SmallRye adds) to the response cache, for requests the request guard
 * marked as candidates (a query-only document sent with a token). Loaded through ServiceLoader;
 * it only talks to the rest through the GraphQL context, in plain strings.
 */
public class ResponseCapture implements EventingService {

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public void afterExecute(Context context) {
        if (!(context instanceof SmallRyeContext smallRyeContext)) {
            return;
        }
        ExecutionInput input = smallRyeContext.unwrap(ExecutionInput.class);
        ExecutionResult result = smallRyeContext.unwrap(ExecutionResult.class);
        if (input == null || result == null || !result.getErrors().isEmpty()) {
            return;
        }
        GraphQLContext graphqlContext = input.getGraphQLContext();
        if (Boolean.TRUE.equals(graphqlContext.get(RequestCall.CANDIDATE))) {
            Map<String, Object> answer = result.toSpecification();
            Map<String, Object> added = smallRyeContext.getAddedExtensions();
            if (added != null && !added.isEmpty()) {
                // What SmallRye adds to the answer it sends (here: which parts are stale), so a
                // kept copy says the same.
                answer = new LinkedHashMap<>(answer);
                Map<String, Object> extensions = new LinkedHashMap<>();
                if (result.getExtensions() != null) {
                    result.getExtensions().forEach((name, value) -> extensions.put(String.valueOf(name), value));
                }
                extensions.putAll(added);
                answer.put("extensions", extensions);
            }
            graphqlContext.put(RequestCall.BODY, Json.encode(answer));
        }
    }
}
