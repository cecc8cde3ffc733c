package dev.v2exgraphql.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.v2ex.Endpoint;

class CallCountersTest {

    @Test
    void keysAreMethodAndRouteOfEachEndpointExactlyAsTestsAndTheBenchmarkNameThem() {
        assertEquals(Set.of("GET /topics/:id", "GET /topics/:id/replies", "POST /topics/:id/set-sticky",
                        "POST /topics/:id/boost", "GET /nodes/:name", "GET /nodes/:name/topics", "GET /member",
                        "GET /token", "GET /notifications", "DELETE /notifications/:id", "POST /tokens"),
                Arrays.stream(Endpoint.values()).map(CallCounters::key).collect(Collectors.toSet()));
        assertEquals("GET /nodes/:name/topics", CallCounters.key(Endpoint.NODE_TOPICS));
        assertEquals("DELETE /notifications/:id", CallCounters.key(Endpoint.DELETE_NOTIFICATION));
    }
}
