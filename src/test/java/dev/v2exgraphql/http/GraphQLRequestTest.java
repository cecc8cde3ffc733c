package dev.v2exgraphql.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** The shape of a GraphQL-over-HTTP request, GET and POST; plain JUnit, no Quarkus. */
class GraphQLRequestTest {

    @Test
    void readsAPostBody() {
        GraphQLRequest request = GraphQLRequest.fromBody(Buffer.buffer(
                "{\"query\":\"{ a }\",\"operationName\":null,\"variables\":{\"x\":1},\"extensions\":null}"));
        assertEquals("{ a }", request.query());
        assertNull(request.operationName());
        assertEquals(new JsonObject().put("x", 1), request.variables());
        assertNull(request.extensions());
        assertEquals("{\"query\":\"{ a }\",\"variables\":{\"x\":1}}", request.toExecutionInput());
    }

    @Test
    void refusesBodiesOfTheWrongShape() {
        assertRejected("The request body is empty", () -> GraphQLRequest.fromBody(Buffer.buffer()));
        assertRejected("The request body is not a JSON object", () -> GraphQLRequest.fromBody(Buffer.buffer("[1]")));
        assertRejected("The request body is not a JSON object", () -> GraphQLRequest.fromBody(Buffer.buffer("{")));
        assertRejected("'query' must be a string or null", () -> GraphQLRequest.fromBody(Buffer.buffer("{\"query\":1}")));
        assertRejected("'variables' must be an object or null",
                () -> GraphQLRequest.fromBody(Buffer.buffer("{\"query\":\"{a}\",\"variables\":[]}")));
    }

    @Test
    void readsQueryParameters() {
        MultiMap parameters = MultiMap.caseInsensitiveMultiMap().add("query", "{ a }").add("operationName", "")
                .add("variables", "{\"x\":\"+\"}");
        GraphQLRequest request = GraphQLRequest.fromParameters(parameters);
        assertEquals("{ a }", request.query());
        assertNull(request.operationName(), "an empty operationName is none");
        assertEquals("+", request.variables().getString("x"));
        assertRejected("The 'variables' parameter is not JSON",
                () -> GraphQLRequest.fromParameters(MultiMap.caseInsensitiveMultiMap().add("variables", "{")));
        assertRejected("The 'extensions' parameter must be a JSON object",
                () -> GraphQLRequest.fromParameters(MultiMap.caseInsensitiveMultiMap().add("extensions", "3")));
    }

    private static void assertRejected(String message, Runnable read) {
        RequestRejected rejected = assertThrows(RequestRejected.class, read::run);
        assertEquals(400, rejected.status());
        assertEquals("BAD_USER_INPUT", rejected.code());
        assertEquals(message, rejected.getMessage());
    }
}
