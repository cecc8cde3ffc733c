package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** With tracing on, one request is one trace: the HTTP server span down to every upstream call. */
@QuarkusTest
@TestProfile(TracingTest.TracingOn.class)
@WithTestResource(FakeUpstreamResource.class)
class TracingTest extends FakeUpstreamTest {

    /** Tracing as an operator turns it on; spans go to the in-memory exporter instead of a collector. */
    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "50ms");
        }
    }

    @Inject
    InMemorySpanExporter exporter;

    @BeforeEach
    void forgetEarlierSpans() {
        exporter.reset();
    }

    @Test
    void aQueryWithTwoUpstreamCallsIsOneTraceDownToBothCalls() throws InterruptedException {
        JsonPath r = Gql.query(TOKEN_ALICE, "{ topic(id: \"1000\") { title } node(name: \"python\") { title } }");
        assertTrue(Gql.noErrors(r), r::prettify);
        assertEquals(2, counters().total());

        List<SpanData> spans = awaitSpans(s -> s.getKind() == SpanKind.CLIENT && s.getName().startsWith("GET /api/v2/"), 2);
        SpanData server = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertEquals("POST /graphql", server.getName());
        List<SpanData> upstream = spans.stream()
                .filter(s -> s.getKind() == SpanKind.CLIENT && s.getName().startsWith("GET /api/v2/")).toList();
        assertEquals(Set.of("GET /api/v2/topics/{id}", "GET /api/v2/nodes/{name}"),
                upstream.stream().map(SpanData::getName).collect(Collectors.toSet()), "templates, not paths");

        Map<String, SpanData> byId = spans.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
        String host = URI.create(fake().baseUrl()).getHost();
        for (SpanData call : upstream) {
            assertEquals(server.getTraceId(), call.getTraceId(), call.getName());
            assertTrue(descendsFrom(call, server, byId), "parent chain of " + call.getName() + " reaches the server span");
            assertEquals("GET", call.getAttributes().get(AttributeKey.stringKey("http.request.method")));
            assertEquals(200L, call.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
            assertEquals(host, call.getAttributes().get(AttributeKey.stringKey("server.address")));
        }
    }

    @Test
    void failedCallsAreMarkedAndNoSpanCarriesAToken() throws InterruptedException {
        Gql.query(TOKEN_ALICE, "{ viewer { member { username } } topic(id: \"999999\") { title } }");
        Gql.query("wrong-token-value-123", "{ viewer { member { username } } }");

        List<SpanData> spans = awaitSpans(s -> s.getKind() == SpanKind.CLIENT && s.getName().startsWith("GET /api/v2/"), 3);
        SpanData missing = spans.stream().filter(s -> s.getName().equals("GET /api/v2/topics/{id}")).findFirst().orElseThrow();
        assertEquals(404L, missing.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals("not_found", missing.getAttributes().get(AttributeKey.stringKey("error.type")));
        assertNotNull(spans.stream().filter(s -> "unauthenticated".equals(
                s.getAttributes().get(AttributeKey.stringKey("error.type")))).findFirst().orElse(null));

        for (SpanData span : spans) {
            String text = span.getName() + " " + span.getAttributes() + " " + span.getEvents();
            for (String secret : List.of(TOKEN_ALICE, "wrong-token-value-123")) {
                assertFalse(text.contains(secret), "token in span: " + text);
            }
        }
    }

    private static boolean descendsFrom(SpanData span, SpanData ancestor, Map<String, SpanData> byId) {
        for (SpanData s = span; s != null; s = byId.get(s.getParentSpanId())) {
            if (s.getSpanId().equals(ancestor.getSpanId())) {
                return true;
            }
        }
        return false;
    }

    /** Every finished span, once at least {@code count} spans match and the server spans have ended too. */
    private List<SpanData> awaitSpans(java.util.function.Predicate<SpanData> matching, int count)
            throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            List<SpanData> spans = exporter.getFinishedSpanItems();
            if (spans.stream().filter(matching).count() >= count
                    && spans.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER)) {
                Thread.sleep(200); // the rest of the request's spans end at about the same time
                return exporter.getFinishedSpanItems();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("spans did not arrive: " + exporter.getFinishedSpanItems());
    }
}
