package dev.v2exgraphql.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.v2ex.Endpoint;

/** The generated world really is as {@link Fixtures} describes it, the same every time. */
class FixturesTest {

    private final DemoData data = DemoData.generate();

    @Test
    void generatedWorldIsDeterministicAndHasTheAdvertisedShape() {
        DemoData other = DemoData.generate();
        assertEquals(data.topicDetail(Fixtures.TOPIC_WITH_45_REPLIES), other.topicDetail(Fixtures.TOPIC_WITH_45_REPLIES));
        assertEquals(data.notificationsOfUser("alice"), other.notificationsOfUser("alice"));
        assertEquals(data.topicIds(), other.topicIds());

        assertEquals(40, data.usernames().size());
        assertEquals(List.of("alice", "bob", "carol"), data.usernames().subList(0, 3));
        assertEquals(45, data.topicIdsOfNode(Fixtures.NODE_WITH_45_TOPICS).size());
        assertEquals(0, data.topicIdsOfNode(Fixtures.NODE_WITHOUT_TOPICS).size());
        assertEquals(45, data.replyCount(Fixtures.TOPIC_WITH_45_REPLIES));
        assertEquals(0, data.replyCount(Fixtures.TOPIC_WITHOUT_REPLIES));
        assertEquals(1000L, data.topicIds().get(0));
        assertTrue(data.topicIdsByAuthor("alice").size() >= 5);
        assertEquals(List.of("demo-token-alice", "demo-token-expired", "demo-token-expired-quirk"), data.tokensOf("alice"));
        assertEquals(3, data.demoAccounts().size());
        assertTrue(data.isPro("alice"));
        assertFalse(data.isPro("bob"));
    }

    @Test
    void warmUpNodesAddTwentyTopicPagesAndLeaveTheSeededWorldAsItWas() {
        DemoData warm = Fixtures.addWarmUpNodes(DemoData.generate(), 3);
        DemoData plain = DemoData.generate();

        for (String node : plain.nodeNames()) {
            assertEquals(plain.node(node), warm.node(node), node);
            assertEquals(plain.topicIdsOfNode(node), warm.topicIdsOfNode(node), node);
        }
        for (long id : plain.topicIds()) {
            assertEquals(plain.topicDetail(id), warm.topicDetail(id), "topic " + id);
        }
        assertEquals(plain.notificationsOfUser("alice"), warm.notificationsOfUser("alice"));

        assertEquals(List.of("warmup1", "warmup2", "warmup3"),
                warm.nodeNames().subList(plain.nodeNames().size(), warm.nodeNames().size()));
        List<Long> page = warm.topicIdsOfNode("warmup2");
        assertEquals(Fixtures.TOPICS_PER_WARM_UP_NODE, page.size());
        for (long id : page) {
            assertTrue(id >= Fixtures.FIRST_WARM_UP_TOPIC, "warm-up topic ids stay clear of the seeded ones: " + id);
            assertEquals("warmup2", warm.topicDetail(id).orElseThrow().getJsonObject("node").getString("name"));
            assertTrue(warm.authorOf(id).isPresent());
        }
        assertEquals(3 * Fixtures.TOPICS_PER_WARM_UP_NODE, warm.topicIds().size() - plain.topicIds().size());
        assertThrows(IllegalArgumentException.class, () -> Fixtures.addWarmUpNodes(DemoData.generate(), -1));
        assertThrows(IllegalStateException.class, () -> Fixtures.addWarmUpNodes(warm, 1), "added once only");
    }

    @Test
    void everyNamedFactHolds() {
        int perPage = Endpoint.NODE_TOPICS.perPage();
        List<Long> big = data.topicIdsOfNode(Fixtures.NODE_WITH_45_TOPICS);
        assertEquals(45, big.size());
        assertEquals(3, (big.size() + perPage - 1) / perPage, "three pages");
        assertTrue(big.size() % perPage != 0, "the last one short");
        assertTrue(data.node(Fixtures.NODE_WITHOUT_TOPICS).isPresent());
        assertEquals(List.of(), data.topicIdsOfNode(Fixtures.NODE_WITHOUT_TOPICS));

        assertEquals(45, data.replyCount(Fixtures.TOPIC_WITH_45_REPLIES));
        assertTrue(45 % Endpoint.TOPIC_REPLIES.perPage() != 0 && 45 > 2 * Endpoint.TOPIC_REPLIES.perPage());
        assertEquals("alice", data.authorOf(Fixtures.TOPIC_WITH_45_REPLIES).orElseThrow());
        assertEquals(0, data.replyCount(Fixtures.TOPIC_WITHOUT_REPLIES));
        assertEquals("bob", data.authorOf(Fixtures.TOPIC_WITHOUT_REPLIES).orElseThrow());
        // No other topic shares either count, so a test may find them by it.
        for (long id : data.topicIds()) {
            if (id != Fixtures.TOPIC_WITH_45_REPLIES && id != Fixtures.TOPIC_WITHOUT_REPLIES) {
                int n = data.replyCount(id);
                assertTrue(n != 45 && n != 0, "topic " + id + " has " + n + " replies");
            }
        }

        assertEquals(List.of(Fixtures.TOKEN_ALICE, Fixtures.TOKEN_BOB, Fixtures.TOKEN_CAROL),
                data.demoAccounts().stream().map(DemoData.DemoAccount::token).toList());
        assertEquals(List.of("alice", "bob", "carol"),
                data.demoAccounts().stream().map(DemoData.DemoAccount::username).toList());
        for (DemoData.DemoAccount account : data.demoAccounts()) {
            assertEquals(account.username(), data.usernameOf(account.token()));
            assertEquals(DemoData.TokenState.VALID, data.authenticate(account.token(), "127.0.0.1").state());
        }
        assertEquals("alice", data.usernameOf(Fixtures.TOKEN_EXPIRED));
        assertEquals(DemoData.TokenState.EXPIRED, data.authenticate(Fixtures.TOKEN_EXPIRED, "127.0.0.1").state());
        assertEquals("alice", data.usernameOf(Fixtures.TOKEN_EXPIRED_QUIRK));
        assertEquals(DemoData.TokenState.EXPIRED_QUIRK_200,
                data.authenticate(Fixtures.TOKEN_EXPIRED_QUIRK, "127.0.0.1").state());

        assertEquals(perPage, Fixtures.TOPICS_PER_WARM_UP_NODE, "one page of topics per warm-up node");
        assertTrue(Fixtures.FIRST_WARM_UP_TOPIC > data.topicIds().get(data.topicIds().size() - 1));
    }
}
