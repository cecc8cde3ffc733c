package dev.v2exgraphql;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class RequestCostIT extends RequestCostTest {
}
