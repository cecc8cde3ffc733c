package dev.v2exgraphql.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Content-Type and Accept as the front reads them; plain JUnit, no Quarkus. */
class MediaTypesTest {

    @Test
    void parsesTypeSubtypeAndParameters() {
        MediaType type = MediaType.parse(" Application/JSON ; Charset=\"UTF-8\"; q=0.5");
        assertEquals("application", type.type());
        assertEquals("json", type.subtype());
        assertEquals(Map.of("charset", "UTF-8", "q", "0.5"), type.parameters());
        assertTrue(type.utf8());
        assertFalse(MediaType.parse("application/json; charset=latin1").utf8());
        assertNull(MediaType.parse(";;;"));
        assertNull(MediaType.parse("a/b/c"));
        assertNull(MediaType.parse("application/"));
    }

    @Test
    void aPostBodyIsJsonInUtf8() {
        assertTrue(GraphQLRoute.isJson("application/json"));
        assertTrue(GraphQLRoute.isJson("application/json;charset=utf-8"));
        assertFalse(GraphQLRoute.isJson("application/json; charset=utf-16"));
        assertFalse(GraphQLRoute.isJson("application/graphql"));
        assertFalse(GraphQLRoute.isJson("text/plain"));
        assertFalse(GraphQLRoute.isJson(";"));
        assertFalse(GraphQLRoute.isJson(null));
    }

    @Test
    void negotiatesTheAnswersMediaType() {
        assertEquals(ResponseType.JSON, ResponseType.negotiate(null));
        assertEquals(ResponseType.JSON, ResponseType.negotiate("*/*"));
        assertEquals(ResponseType.JSON, ResponseType.negotiate("application/*"));
        assertEquals(ResponseType.GRAPHQL_RESPONSE, ResponseType.negotiate("application/graphql-response+json"));
        assertEquals(ResponseType.GRAPHQL_RESPONSE,
                ResponseType.negotiate("application/json;q=0.9, application/graphql-response+json"));
        assertEquals(ResponseType.JSON, ResponseType.negotiate("application/graphql-response+json;q=0.1, */*"));
        assertEquals(ResponseType.GRAPHQL_RESPONSE, ResponseType.negotiate("*/*;q=0.5, application/graphql-response+json"));
        assertNull(ResponseType.negotiate("text/html"));
        assertNull(ResponseType.negotiate("application/json; charset=latin1"));
        assertNull(ResponseType.negotiate("application/json;q=0"));
        assertEquals("application/json; charset=utf-8", ResponseType.JSON.contentType());
    }
}
