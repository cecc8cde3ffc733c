package dev.v2exgraphql;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class SharesIT extends SharesTest {
}
