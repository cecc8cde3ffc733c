package dev.v2exgraphql.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import graphql.parser.Parser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The worst-case upstream calls of a document, before anything runs; plain JUnit, no Quarkus. */
class CostEstimateTest {

    @Test
    void aTopicIsOneCallAndEachPageOfItsRepliesOneMore() {
        assertEquals(1, cost("{ topic(id: \"1\") { title author { username } node { name } supplements { id } } }"));
        assertEquals(3, cost("{ topic(id: \"1\") { a: replies { items { content } } b: replies(page: 2) { pageInfo { page } } } }"));
        assertEquals(2, cost("{ a: topic(id: \"1\") { title } b: topic(id: \"2\") { title } }"), "every alias counts");
    }

    @Test
    void listsCostTheirDistinctItems() {
        assertEquals(2, cost("{ topics(ids: [\"1\", \"2\", \"2\"]) { title author { username } } }"));
        assertEquals(4, cost("{ topics(ids: [\"1\", \"2\"]) { replies { items { content } } } }"));
        assertEquals(3, cost("{ nodes(names: [\"a\", \"b\", \"c\"]) { title } }"));
    }

    @Test
    void listsReadFromVariablesAreCountedPerRequest() {
        CostEstimate.Plan plan = plan("query($ids: [ID!]!) { topics(ids: $ids) { author { username } } }", null);
        JsonArray fifty = new JsonArray(IntStream.range(0, 50).mapToObj(String::valueOf).toList());
        assertEquals(50, plan.cost(new JsonObject().put("ids", fifty)));
        assertEquals(1, plan.cost(new JsonObject().put("ids", new JsonArray(List.of("7", "7", "7")))));
        assertEquals(1, plan.cost(new JsonObject().put("ids", "7")), "one value where a list goes is a list of one");
        assertEquals(0, plan.cost(null));
        CostEstimate.Plan withDefault = plan("query($ids: [ID!] = [\"1\", \"2\"]) { topics(ids: $ids) { id } }", null);
        assertEquals(2, withDefault.cost(new JsonObject()));
        assertEquals(3, plan("query($x: ID!) { topics(ids: [\"1\", $x, \"2\"]) { id } }", null).cost(new JsonObject()));
    }

    @Test
    void aNodePageCostsOneCallAndADetailPerItemWhoseAuthorIsAsked() {
        assertEquals(1, cost("{ node(name: \"python\") { title } }"));
        assertEquals(2, cost("{ node(name: \"python\") { topics { items { title node { name } } } } }"),
                "an item's node is known from the page");
        assertEquals(22, cost("{ node(name: \"python\") { topics { items { author { username } supplements { id } } } } }"));
        assertEquals(22, cost("{ node(name: \"python\") { topics { items { replies { items { content } } } } } }"),
                "each item's replies are a call, its detail is not needed for them");
        assertEquals(66, cost("{ a: node(name: \"a\") { topics { items { author { username } } } } "
                + "b: node(name: \"b\") { topics { items { author { username } } } } "
                + "c: node(name: \"c\") { topics(page: 2) { items { author { username } } } } }"));
        assertEquals(2, cost("{ topic(id: \"1\") { node { topics { items { title } } } } }"),
                "a topic's node comes with the topic, its page is one call");
        // An item's node is the page's own node: the same page below it is the same call, the same
        // items the same details; another page of it is not.
        assertEquals(22, cost("{ node(name: \"a\") { topics { items { author { username } node { topics { items { "
                + "supplements { id } node { name } } } } } } } }"));
        assertEquals(23, cost("{ node(name: \"a\") { topics { items { node { topics(page: 2) { items { title } } } "
                + "author { username } } } } }"));
        assertEquals(2, cost("{ topic(id: \"1\") { a: replies { items { id } } b: replies(page: 1) { items { id } } } }"),
                "the same page twice is one call");
    }

    @Test
    void theViewersFieldsAreACallEach() {
        assertEquals(3, cost("{ viewer { member { username } token { scope } notifications { items { id } } } }"));
        assertEquals(0, cost("{ viewer { __typename } }"));
    }

    @Test
    void mutationsCountTheActionTheInvalidationAndThePayload() {
        assertEquals(3, cost("mutation { setTopicSticky(topicId: \"1\") { topic { title } } }"));
        assertEquals(2, cost("mutation { boostTopic(topicId: \"1\") { topicId } }"));
        assertEquals(1, cost("mutation { createToken(scope: REGULAR, expiration: DAYS_30) { token } }"));
        assertEquals(2, cost("mutation { a: deleteNotification(id: \"1\") { deletedId } b: deleteNotification(id: \"2\") { deletedId } }"));
    }

    @Test
    void fragmentsCountWhereTheyAreSpreadAndOperationsByName() {
        assertEquals(2, cost("{ ...f a: topic(id: \"2\") { ...t } } fragment f on Query { topic(id: \"1\") { ...t } } "
                + "fragment t on Topic { title }"));
        assertEquals(0, cost("{ ...f } fragment f on Query { ...f }"), "a cycle is validation's to report");
        String two = "query One { topic(id: \"1\") { title } } query Two { a: topic(id: \"1\") { title } b: topic(id: \"2\") { title } }";
        assertEquals(1, plan(two, "One").cost(null));
        assertEquals(2, plan(two, "Two").cost(null));
        assertEquals(0, plan(two, null).cost(null), "no operation selected: GraphQL says so");
    }

    @Test
    void aBudgetEaterIsSeenForWhatItIs() {
        String ids = IntStream.range(0, 50).mapToObj(i -> "\"" + (1000 + i) + "\"").collect(Collectors.joining(", "));
        String thirtyAliases = IntStream.range(0, 30).mapToObj(i -> "a" + i + ": topics(ids: [" + ids + "]) { title }")
                .collect(Collectors.joining(" "));
        assertEquals(1500, cost("{ " + thirtyAliases + " }"));
    }

    private static long cost(String document) {
        return plan(document, null).cost(null);
    }

    private static CostEstimate.Plan plan(String document, String operationName) {
        return CostEstimate.plan(new Parser().parseDocument(document), operationName);
    }
}
