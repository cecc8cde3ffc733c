package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The security limits with their default values (README "Limits and security"): each one refuses
 * just past its bound with a typed error and no upstream call, and lets the bound itself through.
 */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class LimitsTest extends FakeUpstreamTest {

    private static final int MAX_DEPTH = 15;
    private static final int MAX_FIELDS = 500;
    private static final int MAX_ALIASES = 30;
    private static final int MAX_LIST = 50;

    @Test
    void graphiqlIntrospectionPassesWithTheDefaults() throws IOException {
        JsonPath r = Gql.query(TOKEN_ALICE, resource("/graphql/graphiql-introspection.graphql"));
        assertTrue(Gql.noErrors(r), r::prettify);
        assertEquals("Query", r.getString("data.__schema.queryType.name"));
        assertTrue(r.getList("data.__schema.types.name").contains("Topic"));
    }

    @Test
    void depthIsCountedInFieldsAndFragmentsAddNone() {
        // node(1) topics(2) items(3) node(4) ... __typename(15): 15 levels pass, 16 do not.
        JsonPath ok = Gql.query(TOKEN_ALICE, nested(MAX_DEPTH));
        assertTrue(Gql.noErrors(ok), ok::prettify);
        JsonPath r = Gql.query(TOKEN_ALICE, nested(MAX_DEPTH + 1));
        assertEquals(List.of("QUERY_TOO_COMPLEX"), Gql.codes(r), r::prettify);
        assertTrue(r.getString("errors[0].message").contains("16 fields deep; the maximum depth is 15"),
                r.getString("errors[0].message"));

        // The same 16 levels inside a fragment are just as deep.
        counters().reset();
        JsonPath viaFragment = Gql.query(TOKEN_ALICE,
                "{ node(name: \"jobs\") { ...N } } fragment N on Node { " + belowNode(MAX_DEPTH - 1) + " }");
        assertEquals(List.of("QUERY_TOO_COMPLEX"), Gql.codes(viaFragment), viaFragment::prettify);
        assertEquals(0, counters().total());
    }

    @Test
    void fieldCountIsBoundedWithFragmentsCountedWhereSpread() {
        assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, "{ " + "__typename ".repeat(MAX_FIELDS) + "}")));
        JsonPath wide = Gql.query(TOKEN_ALICE, "{ " + "__typename ".repeat(MAX_FIELDS + 1) + "}");
        assertEquals(List.of("QUERY_TOO_COMPLEX"), Gql.codes(wide), wide::prettify);
        assertTrue(wide.getString("errors[0].message").contains("501 fields"), wide.getString("errors[0].message"));

        // "Billion laughs": each fragment spreads the one below it ten times, 10^6 fields in a few lines.
        StringBuilder doc = new StringBuilder("{ ...F0 } ");
        for (int i = 0; i < 6; i++) {
            doc.append("fragment F").append(i).append(" on Query { ")
                    .append(("...F" + (i + 1) + " ").repeat(10)).append("} ");
        }
        doc.append("fragment F6 on Query { __typename }");
        long start = System.nanoTime();
        JsonPath laughs = Gql.query(TOKEN_ALICE, doc.toString());
        assertEquals(List.of("QUERY_TOO_COMPLEX"), Gql.codes(laughs), laughs::prettify);
        assertTrue(laughs.getString("errors[0].message").contains("1000000 fields"), laughs.getString("errors[0].message"));
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "measured without expanding the fragments");
        assertEquals(0, counters().total());
    }

    @Test
    void aliasesAreBoundedAndCountedThroughFragments() {
        assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, aliases(MAX_ALIASES))));
        JsonPath r = Gql.query(TOKEN_ALICE, aliases(MAX_ALIASES + 1));
        assertEquals(List.of("QUERY_TOO_COMPLEX"), Gql.codes(r), r::prettify);
        assertTrue(r.getString("errors[0].message").contains("31 aliases"), r.getString("errors[0].message"));

        // 16 aliased topic lookups in a fragment spread twice: 32 aliases, each one an upstream call.
        String fragment = IntStream.range(0, 16).mapToObj(i -> "t" + i + ": topic(id: \"" + (1000 + i) + "\") { id }")
                .collect(Collectors.joining(" "));
        JsonPath spread = Gql.query(TOKEN_ALICE, "{ ...A ...B } fragment A on Query { ...T } fragment B on Query { ...T } "
                + "fragment T on Query { " + fragment + " }");
        assertEquals(List.of("QUERY_TOO_COMPLEX"), Gql.codes(spread), spread::prettify);
        assertEquals(0, counters().total());
    }

    @Test
    void fragmentsNestedInFragmentsAreBounded() {
        // graphql-java's validation overflowed its stack on a chain of ~1000 (HTTP 500).
        JsonPath ok = Gql.query(TOKEN_ALICE, fragmentChain(100));
        assertTrue(Gql.noErrors(ok), ok::prettify);
        for (int n : new int[] { 101, 1_500 }) {
            JsonPath r = Gql.query(TOKEN_ALICE, fragmentChain(n));
            assertEquals(List.of("QUERY_TOO_COMPLEX"), Gql.codes(r), r::prettify);
            assertEquals("The document spreads fragments inside fragments more than 100 levels deep",
                    r.getString("errors[0].message"));
        }
        // The chain counts wherever it continues: 60 levels measured first on their own, then spread 60 deeper.
        String shared = IntStream.range(0, 60).mapToObj(i -> "fragment S" + i + " on Query { ...S" + (i + 1) + " }")
                .collect(Collectors.joining(" ")) + " fragment S60 on Query { __typename }";
        String deeper = IntStream.range(0, 60).mapToObj(i -> "fragment D" + i + " on Query { ...D" + (i + 1) + " }")
                .collect(Collectors.joining(" ")) + " fragment D60 on Query { ...S0 }";
        JsonPath combined = Gql.query(TOKEN_ALICE, "{ ...S0 ...D0 } " + shared + " " + deeper);
        assertEquals(List.of("QUERY_TOO_COMPLEX"), Gql.codes(combined), combined::prettify);
    }

    /** {@code { ...F0 }} where each fragment spreads the next, {@code n} spreads in all. */
    private static String fragmentChain(int n) {
        return "{ ...F0 } " + IntStream.range(0, n - 1).mapToObj(i -> "fragment F" + i + " on Query{...F" + (i + 1) + "}")
                .collect(Collectors.joining(" ")) + " fragment F" + (n - 1) + " on Query { __typename }";
    }

    @Test
    void listArgumentsAreBoundedBeforeAnyUpstreamCall() {
        List<String> fifty = Collections.nCopies(MAX_LIST, "1000");
        JsonPath ok = Gql.query(TOKEN_ALICE, "query($ids: [ID!]!) { topics(ids: $ids) { id } }", Map.of("ids", fifty));
        assertTrue(Gql.noErrors(ok), ok::prettify);
        assertEquals(MAX_LIST, ok.getList("data.topics").size());
        counters().reset();

        List<String> tooMany = IntStream.range(0, MAX_LIST + 1).mapToObj(i -> String.valueOf(1000 + i)).toList();
        JsonPath ids = Gql.query(TOKEN_ALICE, "query($ids: [ID!]!) { topics(ids: $ids) { id } }", Map.of("ids", tooMany));
        assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(ids), ids::prettify);
        assertEquals("'ids' has 51 items; at most 50 are allowed", ids.getString("errors[0].message"));

        String names = IntStream.range(0, MAX_LIST + 1).mapToObj(i -> "\"n" + i + "\"").collect(Collectors.joining(","));
        JsonPath nodes = Gql.query(TOKEN_ALICE, "{ nodes(names: [" + names + "]) { name } }");
        assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(nodes), nodes::prettify);
        assertEquals("'names' has 51 items; at most 50 are allowed", nodes.getString("errors[0].message"));
        assertEquals(0, counters().total());
    }

    @Test
    void parserTokenLimitIsQueryTooComplex() {
        // Over 15 000 tokens of arguments on one field (3 each), within every other limit.
        JsonPath r = Gql.query(TOKEN_ALICE, "{ __typename(" + "a:1 ".repeat(5_100) + ") }");
        assertEquals(List.of("QUERY_TOO_COMPLEX"), Gql.codes(r), r::prettify);
        assertEquals("The document has more than 15000 tokens (or 200000 whitespace tokens)", r.getString("errors[0].message"));
    }

    @Test
    void badFaithIntrospectionIsQueryTooComplex() {
        // graphql-java's own guard against introspection cycles; it used to surface as INTERNAL_SERVER_ERROR.
        JsonPath r = Gql.query(TOKEN_ALICE, "{ __schema { types { fields { type { fields { name } } } } } }");
        assertEquals(List.of("QUERY_TOO_COMPLEX"), Gql.codes(r), r::prettify);
    }

    @Test
    void oversizedBodyIs413WithAGraphQLError() {
        String huge = "{\"query\":\"{ __typename }\",\"variables\":{\"x\":\"" + "x".repeat(70 * 1024) + "\"}}";
        JsonPath r = given().contentType(ContentType.JSON).body(huge).post("/graphql")
                .then().statusCode(413).contentType(ContentType.JSON).extract().jsonPath();
        assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(r));
        assertEquals("The request body is larger than the limit of 65536 bytes", r.getString("errors[0].message"));
    }

    /**
     * A query {@code depth} fields deep: node, then topics / items / node repeated, {@code __typename}
     * last. The node has no topics, so however deep it is, it resolves with two upstream calls.
     */
    private static String nested(int depth) {
        return "{ node(name: \"jobs\") { " + belowNode(depth - 2) + " } }";
    }

    /** {@code n} levels of topics / items / node below a node, then {@code __typename}. */
    private static String belowNode(int n) {
        String[] cycle = { "topics", "items", "node" };
        StringBuilder open = new StringBuilder();
        for (int i = 0; i < n; i++) {
            open.append(cycle[i % 3]).append(" { ");
        }
        return open + "__typename" + " }".repeat(n);
    }

    private static String aliases(int n) {
        return "{ " + IntStream.range(0, n).mapToObj(i -> "a" + i + ": __typename").collect(Collectors.joining(" ")) + " }";
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = LimitsTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
