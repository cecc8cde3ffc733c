package dev.v2exgraphql.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.v2exgraphql.config.V2exConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Demo mode ({@code v2ex.demo.enabled=true}, the default in dev mode): serves the fake V2EX API
 * in-process so the service answers real-looking data offline; the client then calls it instead
 * of the configured base URL.
 */
@ApplicationScoped
public class DemoUpstream {

    private static final Logger LOG = Logger.getLogger(DemoUpstream.class);

    private FakeV2exServer server;

    void start(@Observes StartupEvent event, V2exConfig config, Vertx vertx) {
        if (!config.demo().enabled()) {
            return;
        }
        server = new FakeV2exServer(vertx);
        server.start("127.0.0.1", config.demo().port());
        StringBuilder accounts = new StringBuilder();
        // Demo tokens are public fixtures of the fake, not secrets: printing them is the point.
        for (FakeData.DemoAccount account : server.data().demoAccounts()) {
            accounts.append(String.format("%n  %-6s %-9s Authorization: Bearer %s", account.username(),
                    account.pro() ? "(PRO)" : "", account.token()));
        }
        LOG.infof("Demo upstream (fake V2EX API) at %s — demo accounts:%s", server.baseUrl(), accounts);
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.stop();
        }
    }
}
