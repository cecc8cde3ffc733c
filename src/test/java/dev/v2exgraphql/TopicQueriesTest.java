package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
class TopicQueriesTest extends FakeUpstreamTest {

    private static final String TOPIC = """
            query($id: ID!) { topic(id: $id) {
              id title content contentRendered syntax url replyCount lastReplyBy createdAt lastModifiedAt lastTouchedAt
              author { id username url avatar pro createdAt }
              node { id name title url topicCount }
              supplements { id content contentRendered syntax createdAt }
            } }""";

    @Test
    void topicDetailMapsEveryFieldFromTheUpstreamInOneCall() {
        long id = topicWithSupplement();
        JsonObject expected = data().topicDetail(id).orElseThrow();

        JsonPath r = Gql.query(TOKEN_ALICE, TOPIC, Map.of("id", String.valueOf(id)));

        assertTrue(Gql.noErrors(r), () -> r.prettify());
        assertEquals(String.valueOf(id), r.getString("data.topic.id"));
        assertEquals(expected.getString("title"), r.getString("data.topic.title"));
        assertEquals(expected.getString("content"), r.getString("data.topic.content"));
        assertEquals(expected.getInteger("syntax") == 1 ? "MARKDOWN" : "DEFAULT", r.getString("data.topic.syntax"));
        assertEquals(expected.getInteger("replies"), r.getInt("data.topic.replyCount"));
        assertEquals(Instant.ofEpochSecond(expected.getLong("created")).toString(),
                r.getString("data.topic.createdAt"));
        assertEquals(expected.getJsonObject("member").getString("username"), r.getString("data.topic.author.username"));
        assertEquals(String.valueOf(expected.getJsonObject("member").getLong("id")), r.getString("data.topic.author.id"));
        assertEquals(DemoData.SITE + "/member/" + expected.getJsonObject("member").getString("username"),
                r.getString("data.topic.author.url"));
        assertEquals(expected.getJsonObject("node").getString("name"), r.getString("data.topic.node.name"));
        assertEquals(expected.getJsonArray("supplements").size(), r.getList("data.topic.supplements").size());
        assertEquals(expected.getJsonArray("supplements").getJsonObject(0).getString("content"),
                r.getString("data.topic.supplements[0].content"));

        // Root-relative links are absolutized; nothing root-relative is left.
        String html = r.getString("data.topic.contentRendered");
        assertTrue(html.contains("href=\"" + DemoData.SITE + "/"), html);
        assertFalse(html.contains("href=\"/"), html);

        // author, node and supplements all come from the one detail call.
        assertEquals(1, counters().countPath("GET", "/topics/" + id));
        assertEquals(1, counters().total());
    }

    @Test
    void unknownTopicIsNullWithoutError() {
        JsonPath r = Gql.query(TOKEN_ALICE, "{ topic(id: \"999999\") { id title } }");
        assertTrue(Gql.noErrors(r), () -> r.prettify());
        assertNull(r.get("data.topic"));
        assertTrue(r.getMap("data").containsKey("topic"));
    }

    @Test
    void malformedIdIsBadUserInputWithoutUpstreamCall() {
        for (String id : List.of("abc", "-1", "0", "12 3", "1.5", "99999999999999999999999")) {
            JsonPath r = Gql.query(TOKEN_ALICE, "query($id: ID!) { topic(id: $id) { id } }", Map.of("id", id));
            assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(r), id);
            assertEquals(List.of("topic"), r.getList("errors[0].path"));
        }
        assertEquals(0, counters().total());
    }

    @Test
    void topicsKeepsTheOrderAskedWithNullForMissingAndFetchesEachOnce() {
        List<Long> ids = data().topicIds();
        String a = String.valueOf(ids.get(3));
        String b = String.valueOf(ids.get(1));
        JsonPath r = Gql.query(TOKEN_ALICE, "query($ids: [ID!]!) { topics(ids: $ids) { id title } }",
                Map.of("ids", List.of(a, "424242", b, a)));

        assertTrue(Gql.noErrors(r), () -> r.prettify());
        List<Object> ids2 = new ArrayList<>();
        for (Map<String, Object> t : r.<Map<String, Object>> getList("data.topics")) {
            ids2.add(t == null ? null : t.get("id"));
        }
        assertEquals(java.util.Arrays.asList(a, null, b, a), ids2);
        assertEquals(1, counters().countPath("GET", "/topics/" + a), "same topic asked twice, fetched once");
        assertEquals(3, counters().count("GET /topics/:id"));
    }

    @Test
    void repliesArePagedHonestly() {
        long id = Fixtures.TOPIC_WITH_45_REPLIES;
        List<JsonObject> replies = data().repliesOf(id);
        String query = "query($id: ID!, $p: Int) { topic(id: $id) { replies(page: $p) { items { id content contentRendered author { username } } "
                + "pageInfo { page perPage totalItems totalPages hasNextPage hasPreviousPage } } } }";

        JsonPath first = Gql.query(TOKEN_ALICE, query, Map.of("id", String.valueOf(id), "p", 1));
        assertEquals(20, first.getList("data.topic.replies.items").size());
        assertEquals(String.valueOf(replies.get(0).getLong("id")), first.getString("data.topic.replies.items[0].id"));
        assertEquals(replies.get(0).getJsonObject("member").getString("username"),
                first.getString("data.topic.replies.items[0].author.username"));
        assertEquals(Map.of("page", 1, "perPage", 20, "totalItems", 45, "totalPages", 3, "hasNextPage", true,
                "hasPreviousPage", false), first.getMap("data.topic.replies.pageInfo"));

        JsonPath last = Gql.query(TOKEN_ALICE, query, Map.of("id", String.valueOf(id), "p", 3));
        assertEquals(5, last.getList("data.topic.replies.items").size());
        assertEquals(String.valueOf(replies.get(40).getLong("id")), last.getString("data.topic.replies.items[0].id"));
        assertFalse(last.getBoolean("data.topic.replies.pageInfo.hasNextPage"));

        // The upstream repeats its last page past the end; we answer an empty page.
        JsonPath past = Gql.query(TOKEN_ALICE, query, Map.of("id", String.valueOf(id), "p", 4));
        assertEquals(List.of(), past.getList("data.topic.replies.items"));
        assertEquals(Map.of("page", 4, "perPage", 20, "totalItems", 45, "totalPages", 3, "hasNextPage", false,
                "hasPreviousPage", true), past.getMap("data.topic.replies.pageInfo"));
    }

    @Test
    void topicWithoutRepliesHasAnEmptyFirstPage() {
        JsonPath r = Gql.query(TOKEN_ALICE, "query($id: ID!) { topic(id: $id) { replyCount replies { items { id } "
                + "pageInfo { totalPages hasNextPage } } } }", Map.of("id", String.valueOf(Fixtures.TOPIC_WITHOUT_REPLIES)));
        assertTrue(Gql.noErrors(r), () -> r.prettify());
        assertEquals(0, r.getInt("data.topic.replyCount"));
        assertEquals(List.of(), r.getList("data.topic.replies.items"));
        assertEquals(0, r.getInt("data.topic.replies.pageInfo.totalPages"));
        assertFalse(r.getBoolean("data.topic.replies.pageInfo.hasNextPage"));
    }

    @Test
    void pageBelowOneIsBadUserInputWithoutUpstreamCall() {
        long id = Fixtures.TOPIC_WITH_45_REPLIES;
        JsonPath r = Gql.query(TOKEN_ALICE, "query($id: ID!) { topic(id: $id) { title replies(page: 0) { items { id } } } }",
                Map.of("id", String.valueOf(id)));
        assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(r));
        assertEquals(List.of("topic", "replies"), r.getList("errors[0].path"));
        assertEquals(0, counters().count("GET /topics/:id/replies"));
    }

    private static long topicWithSupplement() {
        return data().topicIds().stream()
                .filter(id -> !data().topicDetail(id).orElseThrow().getJsonArray("supplements").isEmpty())
                .findFirst().orElseThrow();
    }
}
