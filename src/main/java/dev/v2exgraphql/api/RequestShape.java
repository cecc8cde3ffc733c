package dev.v2exgraphql.api;

import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The parameters of a GraphQL-over-HTTP request besides the document. SmallRye casts them without
 * looking ({@code "variables": [1]} or {@code "operationName": 42} end in a ClassCastException and
 * an HTTP 500), so the request guard checks their types first and answers a 400 instead.
 */
final class RequestShape {

    private RequestShape() {
    }

    /** @return what is wrong with a JSON request body, or null when its parameters have the right types */
    static String problemOf(JsonObject body) {
        Object variables = body.getValue("variables");
        if (variables != null && !(variables instanceof JsonObject)) {
            return "'variables' must be a JSON object";
        }
        Object operationName = body.getValue("operationName");
        if (operationName != null && !(operationName instanceof String)) {
            return "'operationName' must be a string";
        }
        Object extensions = body.getValue("extensions");
        if (extensions != null && !(extensions instanceof JsonObject)) {
            return "'extensions' must be a JSON object";
        }
        return null;
    }

    /** @return what is wrong with the parameters of a GET request, or null */
    static String problemOf(MultiMap params) {
        for (String name : new String[] { "variables", "extensions" }) {
            String value = params.get(name);
            if (value != null && !value.isBlank() && !isJsonObject(value)) {
                return "'" + name + "' must be a JSON object";
            }
        }
        return null;
    }

    private static boolean isJsonObject(String text) {
        try {
            new JsonObject(text);
            return true;
        } catch (DecodeException | ClassCastException e) {
            return false;
        }
    }
}
