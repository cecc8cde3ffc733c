package dev.v2exgraphql.v2ex;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A successful upstream answer: {@code {success: true, message, result, pagination?}}.
 * Failure envelopes never get this far; the client turns them into typed exceptions.
 */
public record Envelope(String message, Object result, Pagination pagination) {

    public JsonObject resultObject() {
        return result instanceof JsonObject object ? object : new JsonObject();
    }

    public JsonArray resultArray() {
        return result instanceof JsonArray array ? array : new JsonArray();
    }

    /** The upstream's list metadata; any part may be missing (null). */
    public record Pagination(Integer total, Integer pages, Integer perPage) {

        public static Pagination from(JsonObject json) {
            if (json == null) {
                return null;
            }
            return new Pagination(integer(json, "total"), integer(json, "pages"), integer(json, "per_page"));
        }

        private static Integer integer(JsonObject json, String key) {
            return json.getValue(key) instanceof Number number ? number.intValue() : null;
        }
    }
}
