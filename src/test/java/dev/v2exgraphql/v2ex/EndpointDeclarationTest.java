package dev.v2exgraphql.v2ex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.vertx.core.http.HttpMethod;

/** The one declaration of the upstream's endpoints; plain JUnit, no Quarkus. */
class EndpointDeclarationTest {

    @Test
    void fillsThePathPlaceholder() {
        assertEquals("topics/1001/replies", Endpoint.TOPIC_REPLIES.path("1001"));
        assertEquals("id", Endpoint.TOPIC_REPLIES.parameter());
        assertEquals("member", Endpoint.MEMBER.path(null));
        assertNull(Endpoint.MEMBER.parameter());
        assertThrows(IllegalArgumentException.class, () -> Endpoint.NODE.path(null));
    }

    @Test
    void readsAreCachedAndWritesAreNot() {
        for (Endpoint endpoint : Endpoint.values()) {
            assertEquals(endpoint.method() != HttpMethod.GET, endpoint.cacheKind() == null, endpoint.name());
            if (endpoint.cacheKind() != null) {
                // The caller's own data is cached per token, and its calls are of the private family.
                assertEquals(endpoint.cacheKind().isPrivate(), endpoint.family() == Family.PRIVATE, endpoint.name());
            }
        }
    }

    @Test
    void pagedListsSayTheirPageSize() {
        assertEquals(20, Endpoint.NODE_TOPICS.perPage());
        assertEquals(20, Endpoint.TOPIC_REPLIES.perPage());
        assertEquals(10, Endpoint.NOTIFICATIONS.perPage());
        assertEquals(0, Endpoint.TOPIC.perPage());
    }
}
