package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Hundreds of malformed, deep, wide and oversized requests, from a fixed seed (printed; rerun one
 * with {@code -Dfuzz.seed=N}). Every answer must be a 4xx or a GraphQL JSON response whose errors all
 * carry a client-side {@code extensions.code}; never a 5xx, never INTERNAL_SERVER_ERROR, never the
 * caller's token echoed back; and the service answers a normal query afterwards.
 *
 * <p>The only answers allowed without a GraphQL body are the HTTP-level refusals the README lists:
 * 414 (URL too long) and 431 (headers too large), and the answer to an OPTIONS request.
 */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class FuzzTest extends FakeUpstreamTest {

    /** A token-shaped secret the fuzzer sends: it must never come back in an answer. */
    private static final String SECRET = "fuzz-secret-token-5f1c9e";
    private static final int CASES = 600;
    /** Refused by Vert.x before any route runs: a request line or headers beyond Quarkus's limits. */
    private static final List<Integer> PLAIN_REFUSALS = List.of(414, 431);
    private static final String VALID = "{ node(name: \"python\") { name title topics { items { id title } } } }";

    @TestHTTPResource("/graphql")
    URL endpoint;

    private final HttpClient http = client();
    /**
     * GETs go over their own connections: Vert.x closes a connection after refusing a too-long URL
     * or too large headers (414, 431; both cases are GETs here) without announcing it, and the JDK
     * client would then send the next request into it; it retries only a GET there.
     */
    private final HttpClient gets = client();

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** One request as the fuzzer builds it. */
    record Case(String kind, String method, String contentType, byte[] body, String rawQuery, String authorization,
            String accept) {
        Case(String kind, String method, String contentType, byte[] body, String rawQuery, String authorization) {
            this(kind, method, contentType, body, rawQuery, authorization, null);
        }

        String describe() {
            String shown = body == null ? "?" + abbreviate(rawQuery) : abbreviate(new String(body, StandardCharsets.UTF_8));
            return kind + " " + method + " [" + contentType + "] " + shown;
        }

        private static String abbreviate(String s) {
            return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200) + "…(" + s.length() + " chars)";
        }
    }

    @Test
    void malformedDeepWideAndOversizedRequestsNeverFailTheServer() throws Exception {
        long seed = Long.getLong("fuzz.seed", 20_251_125L);
        System.out.println("FuzzTest seed: " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        List<Function<Random, Case>> generators = generators();
        Map<String, Integer> statuses = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            Case c = generators.get(i % generators.size()).apply(random);
            HttpResponse<byte[]> response;
            try {
                response = send(c);
            } catch (java.io.IOException e) {
                problems.add("no answer: " + e + " (seed " + seed + ", case " + i + "): " + c.describe());
                continue;
            }
            String problem = problem(c.method(), response);
            if (problem != null) {
                problems.add(problem + " (seed " + seed + ", case " + i + "): " + c.describe() + "\n  -> "
                        + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8)
                                .substring(0, Math.min(300, response.body().length)));
            }
            statuses.merge(c.kind() + " " + response.statusCode(), 1, Integer::sum);
        }
        System.out.printf("FuzzTest: %d requests in %d ms; kind and status: %s%n", CASES,
                (System.nanoTime() - start) / 1_000_000, statuses);
        assertTrue(problems.isEmpty(), problems.size() + " bad answers:\n" + String.join("\n", problems));

        // Still alive and answering normally: no crash, no stuck event loop.
        HttpResponse<byte[]> after = send(new Case("after", "POST", "application/json",
                Json.encode(Map.of("query", VALID)).getBytes(StandardCharsets.UTF_8), null, "Bearer " + TOKEN_ALICE));
        assertEquals(200, after.statusCode());
        JsonObject answer = new JsonObject(new String(after.body(), StandardCharsets.UTF_8));
        assertEquals("python", answer.getJsonObject("data").getJsonObject("node").getString("name"), answer::encode);
        assertTrue(answer.getJsonObject("data").getJsonObject("node").getJsonObject("topics").getJsonArray("items").size() > 0);
    }

    private HttpResponse<byte[]> send(Case c) throws Exception {
        URI uri = URI.create(endpoint + (c.rawQuery() == null ? "" : "?" + c.rawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        if (c.authorization() != null) {
            request.header("Authorization", c.authorization());
        }
        if (c.accept() != null) {
            request.header("Accept", c.accept());
        }
        return (c.method().equals("GET") ? gets : http).send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** What is wrong with an answer, or null when it is one of the allowed kinds. */
    private static String problem(String method, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return "5xx";
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (text.contains(SECRET)) {
            return "the caller's token came back";
        }
        if (PLAIN_REFUSALS.contains(status) || method.equals("OPTIONS") && status < 300) {
            return null;
        }
        if (!List.of(200, 400, 405, 406, 413, 415).contains(status)) {
            return "unexpected status";
        }
        if (method.equals("HEAD")) {
            return null; // no body by definition; its status is checked above
        }
        if (!response.headers().firstValue("Content-Type").orElse("").contains("json")) {
            return "not JSON";
        }
        JsonObject body;
        try {
            body = new JsonObject(text);
        } catch (RuntimeException e) {
            return "not a JSON object";
        }
        JsonArray errors = body.getJsonArray("errors");
        if (errors == null) {
            return status == 200 && body.containsKey("data") ? null : "neither data nor errors";
        }
        if (errors.isEmpty()) {
            return "empty errors";
        }
        for (Object e : errors) {
            JsonObject error = (JsonObject) e;
            JsonObject extensions = error.getJsonObject("extensions");
            String code = extensions == null ? null : extensions.getString("code");
            if (error.getString("message") == null || code == null) {
                return "an error without message or extensions.code";
            }
            if (code.equals("INTERNAL_SERVER_ERROR")) {
                return "INTERNAL_SERVER_ERROR for a client's mistake";
            }
        }
        return null;
    }

    // ---- the generators: each makes one request of its kind ---------------------------------------

    private static List<Function<Random, Case>> generators() {
        List<Function<Random, Case>> g = new ArrayList<>();
        g.add(r -> post("random bytes", "application/json", randomBytes(r, r.nextInt(2_000))));
        g.add(r -> post("random text", "application/json", randomText(r, r.nextInt(2_000)).getBytes(StandardCharsets.UTF_8)));
        g.add(r -> {
            String json = Json.encode(Map.of("query", VALID, "variables", Map.of("a", 1), "operationName", "x"));
            return post("truncated json", "application/json", json.substring(0, r.nextInt(json.length())).getBytes(StandardCharsets.UTF_8));
        });
        g.add(r -> postJson("query of wrong type", Map.of("query", pick(r, 42, List.of("{ __typename }"), Map.of("q", 1), true, 1.5))));
        g.add(r -> postJson("variables of wrong type", Map.of("query", "query($ids: [ID!]!) { topics(ids: $ids) { id } }",
                "variables", pick(r, "x", 42, List.of(1, 2), true, Map.of("ids", pick(r, 5, "x", List.of(Map.of()), Map.of("a", 1)))))));
        g.add(r -> postJson("operationName of wrong type", Map.of("query", "query A { __typename } query B { __typename }",
                "operationName", pick(r, 42, List.of("A"), Map.of("A", 1), true, "C", ""))));
        g.add(r -> postJson("extensions of wrong type", Map.of("query", "{ __typename }",
                "extensions", pick(r, 42, "x", List.of(1), Map.of("persistedQuery", pick(r, 1, "x", Map.of("sha256Hash", 7)))))));
        g.add(r -> postJson("huge string", Map.of("query", "{ node(name: \"" + "n".repeat(10_000 + r.nextInt(40_000)) + "\") { name } }")));
        g.add(r -> postJson("huge query text", Map.of("query", randomIdentifier(r, 20_000 + r.nextInt(40_000)))));
        g.add(r -> postJson("10k-deep selections", Map.of("query", "{ a".repeat(10_000) + " }".repeat(10_000))));
        g.add(r -> postJson("10k-deep list value", Map.of("query",
                "{ topics(ids: " + "[".repeat(10_000) + "\"1\"" + "]".repeat(10_000) + ") { id } }")));
        g.add(r -> post("10k-deep json", "application/json",
                ("{\"query\":\"{ __typename }\",\"variables\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_001))
                        .getBytes(StandardCharsets.UTF_8)));
        g.add(r -> postJson("thousands of aliases", Map.of("query", "{ " + IntStream.range(0, 1_000 + r.nextInt(3_000))
                .mapToObj(i -> "a" + i + ": __typename").collect(Collectors.joining(" ")) + " }")));
        g.add(r -> postJson("thousands of fields", Map.of("query", "{ " + IntStream.range(0, 1_000 + r.nextInt(3_000))
                .mapToObj(i -> r.nextBoolean() ? "__typename" : "f" + i).collect(Collectors.joining(" ")) + " }")));
        g.add(r -> postJson("many operations", Map.of("query", IntStream.range(0, 200 + r.nextInt(2_000))
                .mapToObj(i -> "query q" + i + " { __typename }").collect(Collectors.joining(" ")),
                "operationName", "q" + r.nextInt(3_000))));
        g.add(r -> postJson("unknown fields", Map.of("query", "{ " + randomIdentifier(r, 1 + r.nextInt(30)) + " { "
                + randomIdentifier(r, 1 + r.nextInt(30)) + " } }")));
        g.add(r -> postJson("unknown top-level keys", Map.of("query", "{ __typename }", randomIdentifier(r, 8), randomText(r, 20))));
        g.add(r -> post("invalid utf-8", "application/json", concat("{\"query\":\"{ node(name: \\\"".getBytes(StandardCharsets.UTF_8),
                new byte[] { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
                "\\\") { name } }\"}".getBytes(StandardCharsets.UTF_8))));
        g.add(r -> postJson("huge variables", Map.of("query", "query($v: String) { __typename }", "variables",
                IntStream.range(0, 1_000 + r.nextInt(3_000)).boxed().collect(Collectors.toMap(i -> "v" + i, i -> "x".repeat(8))))));
        g.add(r -> postJson("huge variable value", Map.of("query", "query($ids: [ID!]!) { topics(ids: $ids) { id } }", "variables",
                Map.of("ids", IntStream.range(0, 2_000 + r.nextInt(4_000)).mapToObj(String::valueOf).toList()))));
        g.add(r -> postJson("wrong variable types", Map.of("query", "query($id: ID!, $p: Int) { topic(id: $id) { replies(page: $p) { items { id } } } }",
                "variables", Map.of("id", pick(r, List.of(1), Map.of("a", 1), true, 1.5, "-1"), "p", pick(r, "x", 1.5, -3, 1L << 40, List.of())))));
        g.add(r -> new Case("wrong content type", "POST", pick(r, "text/plain", "application/xml", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded", "application/octet-stream", "image/png", ";;;", "application/graphql"),
                randomText(r, r.nextInt(500)).getBytes(StandardCharsets.UTF_8), null, bearer(r)));
        g.add(r -> new Case("odd accept", "POST", "application/json",
                Json.encode(Map.of("query", "{ __typename }")).getBytes(StandardCharsets.UTF_8), null, bearer(r),
                pick(r, ";", ";;;", ",", ",,", "*/*;q=x", "*/*;q=", "application/json;q=0", "text/html", "a/b/c", "/",
                        "application/graphql-response+json;charset=latin1", "*/*;;q=1", randomText(r, 1 + r.nextInt(40)))));
        g.add(r -> new Case("no content type", "POST", null, Json.encode(Map.of("query", "{ __typename }")).getBytes(StandardCharsets.UTF_8),
                null, bearer(r)));
        g.add(r -> get("get with a broken query", "query=" + encode(mutate(r, VALID))));
        g.add(r -> get("get with raw bytes", "query=" + pick(r, "%FF%FE", "%C3%28", "%ED%A0%80", "%00", "%7B%20__typename%20", "%25")
                + "&variables=" + pick(r, "%7B", "%FF", "[1]", "x", "%7B%22a%22%3A1%7D")));
        g.add(r -> get("get with a mutation", "query=" + encode("mutation { boostTopic(topicId: \"1\") { topicId } }")));
        g.add(r -> get("get with deep variables", "query=" + encode("query($v: String) { __typename }") + "&variables="
                + encode("{\"v\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}")));
        g.add(r -> get("get without a query", pick(r, "", "query=", "variables=%7B%7D", "operationName=x", "query")));
        g.add(r -> get("get with thousands of aliases", "query=" + encode("{ " + IntStream.range(0, 600)
                .mapToObj(i -> "a" + i + ": __typename").collect(Collectors.joining(" ")) + " }")));
        g.add(r -> new Case("other method", pick(r, "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE"),
                "application/json", Json.encode(Map.of("query", "{ __typename }")).getBytes(StandardCharsets.UTF_8), null, bearer(r)));
        g.add(r -> post("oversized body", "application/json",
                ("{\"query\":\"{ __typename }\",\"x\":\"" + "x".repeat(70_000 + r.nextInt(100_000)) + "\"}").getBytes(StandardCharsets.UTF_8)));
        g.add(r -> postJson("mutated document", Map.of("query", mutate(r, VALID))));
        g.add(r -> postJson("mutated mutation", Map.of("query",
                mutate(r, "mutation { deleteNotification(id: \"x\") { deletedId } }"))));
        g.add(r -> postJson("invalid mutation arguments", Map.of("query",
                "mutation { createToken(scope: " + pick(r, "EVERYONE", "\"REGULAR\"", "1", "null") + ", expiration: "
                        + pick(r, "DAYS_1", "30", "null", "DAYS_30") + ") { token } }")));
        g.add(r -> new Case("malformed authorization", "POST", "application/json",
                Json.encode(Map.of("query", "{ viewer { member { username } } }")).getBytes(StandardCharsets.UTF_8), null,
                pick(r, "Bearer", "Bearer " + SECRET + " extra", "Basic " + SECRET, SECRET, "Bearer " + SECRET + "\u00e9",
                        "Bearer " + "a".repeat(300) + SECRET, "bearer  " + SECRET)));
        g.add(r -> new Case("huge header", "GET", null, null, "query=" + encode("{ __typename }"),
                "Bearer " + SECRET + "x".repeat(20_000 + r.nextInt(20_000))));
        g.add(r -> {
            // A chain of fragments each spreading the next: deep recursion for anything walking it.
            int n = 1_000 + r.nextInt(1_500);
            return postJson("fragment chain", Map.of("query", "{ ...F0 } " + IntStream.range(0, n)
                    .mapToObj(i -> "fragment F" + i + " on Query { ...F" + (i + 1) + " }").collect(Collectors.joining(" "))
                    + " fragment F" + n + " on Query { __typename }"));
        });
        g.add(r -> postJson("many directives", Map.of("query", "{ __typename " + "@skip(if: false) ".repeat(500 + r.nextInt(2_000)) + "}")));
        g.add(r -> postJson("many variable definitions", Map.of("query", "query(" + IntStream.range(0, 500 + r.nextInt(2_000))
                .mapToObj(i -> "$v" + i + ": [ID!]").collect(Collectors.joining(" ")) + ") { __typename }")));
        g.add(r -> postJson("deep input value", Map.of("query", "query($ids: [ID!]!) { topics(ids: $ids) { id } }",
                "variables", Map.of("ids", nestedList(100 + r.nextInt(900))))));
        g.add(r -> postJson("syntax garbage", Map.of("query", pick(r, "{", "}", "{{}}", "query", "{ a(", "{ a(b: $) }",
                "{ ... }", "fragment F on Query { ...F } { ...F }", "{ __typename @skip }", "\"\"\"", "{ a(b: \"\\u12\") }",
                "# only a comment", "{ a: b: c }", "subscription { x }", "{ __schema { types { name } } } { __typename }"))));
        return g;
    }

    private static Case post(String kind, String contentType, byte[] body) {
        return new Case(kind, "POST", contentType, body, null, "Bearer " + SECRET);
    }

    private static Case postJson(String kind, Map<String, ?> body) {
        return post(kind, "application/json", Json.encode(body).getBytes(StandardCharsets.UTF_8));
    }

    private static Case get(String kind, String rawQuery) {
        return new Case(kind, "GET", null, null, rawQuery, "Bearer " + SECRET);
    }

    private static String bearer(Random r) {
        return r.nextBoolean() ? "Bearer " + SECRET : null;
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] bytes = new byte[n];
        r.nextBytes(bytes);
        return bytes;
    }

    private static String randomText(Random r, int n) {
        String alphabet = "{}[]()\"':,.$@!#=|&\\ \n\tabcxyz019_-éß中\u0000\u202e";
        return r.ints(n, 0, alphabet.length()).mapToObj(i -> String.valueOf(alphabet.charAt(i))).collect(Collectors.joining());
    }

    private static String randomIdentifier(Random r, int n) {
        return r.ints(n, 0, 26).mapToObj(i -> String.valueOf((char) ('a' + i))).collect(Collectors.joining());
    }

    /** A few random insertions, deletions and swaps of characters. */
    private static String mutate(Random r, String s) {
        StringBuilder b = new StringBuilder(s);
        String alphabet = "{}()[]\":$@!.,# abc1";
        for (int n = 1 + r.nextInt(4); n > 0 && b.length() > 0; n--) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(3)) {
                case 0 -> b.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                case 1 -> b.deleteCharAt(at);
                default -> b.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
            }
        }
        return b.toString();
    }

    /** ["1"] inside {@code depth} lists. */
    private static Object nestedList(int depth) {
        Object value = List.of("1");
        for (int i = 0; i < depth; i++) {
            value = List.of(value);
        }
        return value;
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
