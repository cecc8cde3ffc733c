package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.demo.DemoData;
import dev.v2exgraphql.demo.Fixtures;
import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class NodeQueriesTest extends FakeUpstreamTest {

    private static final String NODE = Fixtures.NODE_WITH_45_TOPICS;
    private static final String PAGE = "query($name: String!, $p: Int) { node(name: $name) { name topics(page: $p) { "
            + "items { id title replyCount } pageInfo { page perPage totalItems totalPages hasNextPage hasPreviousPage } } } }";

    @Test
    void nodeMapsTheUpstreamNode() {
        JsonObject expected = data().node(NODE).orElseThrow();
        JsonPath r = Gql.query(TOKEN_ALICE, "query($n: String!) { node(name: $n) { id name title header footer url topicCount createdAt } }",
                Map.of("n", NODE));
        assertTrue(Gql.noErrors(r), () -> r.prettify());
        assertEquals(String.valueOf(expected.getLong("id")), r.getString("data.node.id"));
        assertEquals(expected.getString("title"), r.getString("data.node.title"));
        assertEquals(expected.getInteger("topics"), r.getInt("data.node.topicCount"));
        assertTrue(r.getString("data.node.header").contains("href=\"" + DemoData.SITE + "/go/"), r.getString("data.node.header"));
    }

    @Test
    void unknownNodeIsNullAndNodesKeepOrder() {
        JsonPath r = Gql.query(TOKEN_ALICE, "{ missing: node(name: \"no-such-node\") { id } "
                + "nodes(names: [\"apple\", \"no-such-node\", \"python\"]) { name } }");
        assertTrue(Gql.noErrors(r), () -> r.prettify());
        assertNull(r.get("data.missing"));
        assertEquals("apple", r.getString("data.nodes[0].name"));
        assertNull(r.get("data.nodes[1]"));
        assertEquals("python", r.getString("data.nodes[2].name"));
        assertEquals(1, counters().countPath("GET", "/nodes/no-such-node"), "asked twice in one request, fetched once");
    }

    @Test
    void malformedNodeNameIsBadUserInput() {
        JsonPath r = Gql.query(TOKEN_ALICE, "{ node(name: \"../member\") { id } }");
        assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(r));
        assertEquals(0, counters().total());
    }

    @Test
    void topicPagesAreHonestPastTheEnd() {
        List<Long> ids = data().topicIdsOfNode(NODE);
        JsonPath first = Gql.query(TOKEN_ALICE, PAGE, Map.of("name", NODE, "p", 1));
        assertTrue(Gql.noErrors(first), () -> first.prettify());
        assertEquals(ids.subList(0, 20).stream().map(String::valueOf).toList(),
                first.getList("data.node.topics.items.id"));
        assertEquals(Map.of("page", 1, "perPage", 20, "totalItems", 45, "totalPages", 3, "hasNextPage", true,
                "hasPreviousPage", false), first.getMap("data.node.topics.pageInfo"));

        JsonPath third = Gql.query(TOKEN_ALICE, PAGE, Map.of("name", NODE, "p", 3));
        assertEquals(ids.subList(40, 45).stream().map(String::valueOf).toList(),
                third.getList("data.node.topics.items.id"));

        JsonPath past = Gql.query(TOKEN_ALICE, PAGE, Map.of("name", NODE, "p", 7));
        assertEquals(List.of(), past.getList("data.node.topics.items"));
        assertEquals(Map.of("page", 7, "perPage", 20, "totalItems", 45, "totalPages", 3, "hasNextPage", false,
                "hasPreviousPage", true), past.getMap("data.node.topics.pageInfo"));

        JsonPath empty = Gql.query(TOKEN_ALICE, PAGE, Map.of("name", Fixtures.NODE_WITHOUT_TOPICS, "p", 1));
        assertEquals(List.of(), empty.getList("data.node.topics.items"));
        assertEquals(0, empty.getInt("data.node.topics.pageInfo.totalPages"));
    }

    @Test
    void pageZeroIsBadUserInput() {
        JsonPath r = Gql.query(TOKEN_ALICE, PAGE, Map.of("name", NODE, "p", 0));
        assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(r));
        assertEquals(0, counters().count("GET /nodes/:name/topics"));
    }

    @Test
    void authorsOfAPageAreFetchedInOneConcurrentWaveOncePerTopic() {
        learnTheBudget();
        behaviour().latency(Duration.ofMillis(200)); // long enough for overlapping calls to be seen overlapping
        List<Long> ids = data().topicIdsOfNode(NODE).subList(0, 20);
        JsonPath r = Gql.query(TOKEN_ALICE, "query($n: String!) { node(name: $n) { topics { items { id "
                + "author { username } node { name } supplements { id } } } } }", Map.of("n", NODE));

        assertTrue(Gql.noErrors(r), () -> r.prettify());
        List<String> authors = r.getList("data.node.topics.items.author.username");
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(data().authorOf(ids.get(i)).orElseThrow(), authors.get(i));
        }
        assertEquals(Set.of(NODE), new HashSet<>(r.getList("data.node.topics.items.node.name")));

        // one node call, one page call, and at most one detail call per distinct topic (author and
        // supplements share it; node is known from the page itself)...
        assertEquals(1, counters().count("GET /nodes/:name"));
        assertEquals(1, counters().count("GET /nodes/:name/topics"));
        assertEquals(20, counters().count("GET /topics/:id"));
        for (long id : ids) {
            assertEquals(1, counters().countPath("GET", "/topics/" + id));
        }
        // ...all in flight together: one wave, not twenty.
        assertEquals(20, counters().maxInFlight("GET /topics/:id"));
        // And the page is asked for in the same wave as the node (it is prefetched), not after it.
        long nodeStart = startOf("GET /nodes/:name");
        long pageStart = startOf("GET /nodes/:name/topics");
        assertTrue(Math.abs(pageStart - nodeStart) < Duration.ofMillis(100).toNanos(),
                "page started " + (pageStart - nodeStart) / 1_000_000 + " ms after the node");
    }

    @Test
    void fanOutLatencyIsAboutTwoWavesNotTwentyTwo() {
        learnTheBudget();
        behaviour().latency(Duration.ofMillis(100));
        long started = System.nanoTime();
        JsonPath r = Gql.query(TOKEN_ALICE, "query($n: String!) { node(name: $n) { topics { items { author { username } } } } }",
                Map.of("n", NODE));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertTrue(Gql.noErrors(r), () -> r.prettify());
        assertEquals(20, r.getList("data.node.topics.items.author.username").size());
        // {node, page} → 20 details: 2 waves of 100 ms; one by one it would take 2.2 s.
        assertTrue(millis < 1000, "took " + millis + " ms");
    }

    /**
     * While the upstream budget is unknown, one call learns it and the others wait for its answer;
     * with a known budget (the steady state) calls go out together.
     */
    private static void learnTheBudget() {
        Gql.query(TOKEN_ALICE, "{ node(name: \"jobs\") { name } }");
        counters().reset();
    }

    private static long startOf(String endpoint) {
        return counters().calls().stream().filter(c -> c.endpoint().equals(endpoint)).findFirst().orElseThrow()
                .startedAtNanos();
    }

    @Test
    void listItemsWithoutAuthorCostNoDetailCalls() {
        JsonPath r = Gql.query(TOKEN_ALICE, PAGE, Map.of("name", NODE, "p", 1));
        assertTrue(Gql.noErrors(r), () -> r.prettify());
        assertEquals(0, counters().count("GET /topics/:id"));
        assertFalse(r.getList("data.node.topics.items").isEmpty());
    }
}
