package dev.v2exgraphql.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * The parameters of one GraphQL-over-HTTP request, from a GET's query string or a POST's JSON body,
 * checked for shape: {@code query} and {@code operationName} strings, {@code variables} and
 * {@code extensions} maps, each may be absent or null. Anything else is a {@link RequestRejected} 400.
 * The query may still be missing here: a persisted query's hash stands in for it.
 */
public record GraphQLRequest(String query, String operationName, JsonObject variables, JsonObject extensions) {

    /** GET: {@code ?query=…&operationName=…&variables=<JSON>&extensions=<JSON>}. */
    public static GraphQLRequest fromParameters(MultiMap parameters) {
        String operationName = parameters.get("operationName");
        return new GraphQLRequest(parameters.get("query"),
                operationName == null || operationName.isEmpty() ? null : operationName,
                jsonParameter(parameters.get("variables"), "variables"),
                jsonParameter(parameters.get("extensions"), "extensions"));
    }

    /** POST with {@code Content-Type: application/json}. */
    public static GraphQLRequest fromBody(Buffer body) {
        if (body == null || body.length() == 0) {
            throw RequestRejected.badRequest("The request body is empty");
        }
        Object decoded;
        try {
            decoded = Json.decodeValue(body);
        } catch (DecodeException notJson) {
            throw RequestRejected.badRequest("The request body is not a JSON object");
        }
        if (!(decoded instanceof JsonObject json)) {
            throw RequestRejected.badRequest("The request body is not a JSON object");
        }
        return new GraphQLRequest(member(json, "query", String.class, "a string"),
                member(json, "operationName", String.class, "a string"),
                member(json, "variables", JsonObject.class, "an object"),
                member(json, "extensions", JsonObject.class, "an object"));
    }

    public GraphQLRequest withQuery(String text) {
        return new GraphQLRequest(text, operationName, variables, extensions);
    }

    /** The request as SmallRye GraphQL reads it: a JSON object without the absent parameters. */
    public String toExecutionInput() {
        JsonObject input = new JsonObject().put("query", query);
        if (operationName != null) {
            input.put("operationName", operationName);
        }
        if (variables != null) {
            input.put("variables", variables);
        }
        if (extensions != null) {
            input.put("extensions", extensions);
        }
        return input.encode();
    }

    private static JsonObject jsonParameter(String value, String name) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Object decoded;
        try {
            decoded = Json.decodeValue(value);
        } catch (DecodeException notJson) {
            throw RequestRejected.badRequest("The '" + name + "' parameter is not JSON");
        }
        if (decoded == null || decoded instanceof JsonObject) {
            return (JsonObject) decoded;
        }
        throw RequestRejected.badRequest("The '" + name + "' parameter must be a JSON object");
    }

    private static <T> T member(JsonObject json, String name, Class<T> type, String what) {
        Object value = json.getValue(name);
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        throw RequestRejected.badRequest("'" + name + "' must be " + what + " or null");
    }
}
