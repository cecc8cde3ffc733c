package dev.v2exgraphql;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class BadTokensIT extends BadTokensTest {
}
