package dev.v2exgraphql.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.request.ClientRequest;
import dev.v2exgraphql.request.TokenHash;
import dev.v2exgraphql.v2ex.CacheKind;

/** How cached resources are named in Redis and shown to clients; plain JUnit, no Quarkus. */
class CacheKeyTest {

    private static final String TOKEN = "8c1e2f0a-3b4d-4e5f-9a6b-7c8d9e0f1a2b";

    @Test
    void publicKeysAreSharedAndNamedByKindAndId() {
        CacheKey topic = CacheKey.of(CacheKind.TOPIC, "123");
        assertEquals("v2gql:v1:topic:123", topic.redisKey("v2gql:v1"));
        assertNull(topic.indexKey("v2gql:v1"));
        assertEquals("topic:123", topic.resource());
    }

    @Test
    void pagesBelongToTheirCollectionSoAMutationCanDropThemAll() {
        CacheKey page = CacheKey.page(CacheKind.NODE_TOPICS, "python", 2);
        assertEquals("v2gql:v1:node-topics:python:2", page.redisKey("v2gql:v1"));
        assertEquals("v2gql:v1:idx:node-topics:python", page.indexKey("v2gql:v1"));
        assertEquals("v2gql:v1:node-topics:python:", page.collectionPrefix("v2gql:v1"));
    }

    @Test
    void privateKeysCarryTheTokensHashNeverTheToken() {
        ClientRequest request = ClientRequest.from("Bearer " + TOKEN, null, null);
        CacheKey member = CacheKey.privateOf(CacheKind.MEMBER, request, "me");
        String hash = TokenHash.of(TOKEN);
        assertEquals(32, hash.length());
        assertEquals("v2gql:v1:p:" + hash + ":member:me", member.redisKey("v2gql:v1"));
        CacheKey notifications = CacheKey.privatePage(CacheKind.NOTIFICATIONS, request, 3);
        assertEquals("v2gql:v1:p:" + hash + ":notifications:3", notifications.redisKey("v2gql:v1"));
        assertEquals("v2gql:v1:p:" + hash + ":idx:notifications:", notifications.indexKey("v2gql:v1"));
        assertEquals("v2gql:v1:p:" + hash + ":notifications:", notifications.collectionPrefix("v2gql:v1"));
        // What clients and logs see names the resource, not whose it is.
        assertEquals("viewer.notifications:3", notifications.resource());
        for (CacheKey key : new CacheKey[] { member, notifications }) {
            assertFalse(key.redisKey("v2gql:v1").contains(TOKEN));
            assertFalse(key.resource().contains(hash));
        }
    }

    @Test
    void aPrivateKindNeedsAnOwnerAndAPublicOneMustNotHaveOne() {
        assertThrows(IllegalArgumentException.class, () -> new CacheKey(CacheKind.MEMBER, "me", null, null));
        assertThrows(IllegalArgumentException.class, () -> new CacheKey(CacheKind.TOPIC, "1", "owner", null));
    }
}
