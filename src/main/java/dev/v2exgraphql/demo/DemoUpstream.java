package dev.v2exgraphql.demo;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.v2exgraphql.config.V2exConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * Demo mode ({@code v2ex.demo.enabled=true}, the default in dev mode): serves a fake V2EX API
 * ({@link DemoApi} on a generated {@link DemoData} world, behind the upstream's rate limit) on
 * 127.0.0.1 at {@code v2ex.demo.port}, so the service answers real-looking data offline; the
 * client then calls it instead of the configured base URL.
 */
@ApplicationScoped
public class DemoUpstream {

    private static final Logger LOG = Logger.getLogger(DemoUpstream.class);
    private static final String HOST = "127.0.0.1";

    private HttpServer server;

    void start(@Observes StartupEvent event, V2exConfig config, Vertx vertx) {
        if (!config.demo().enabled()) {
            return;
        }
        DemoData data = DemoData.generate();
        Router router = Router.router(vertx);
        new DemoApi(data, new RateLimitGate()).mount(router);
        int port = config.demo().port();
        server = await(vertx.createHttpServer().requestHandler(router).listen(port, HOST),
                "could not listen on " + HOST + ":" + port);
        StringBuilder accounts = new StringBuilder();
        // Demo tokens are public fixtures of the demo, not secrets: printing them is the point.
        for (DemoData.DemoAccount account : data.demoAccounts()) {
            accounts.append(String.format("%n  %-6s %-9s Authorization: Bearer %s", account.username(),
                    account.pro() ? "(PRO)" : "", account.token()));
        }
        LOG.infof("Demo upstream (fake V2EX API) at http://%s:%d%s/ — demo accounts:%s", HOST, server.actualPort(),
                DemoApi.PREFIX, accounts);
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            await(server.close(), "did not stop cleanly");
            server = null;
        }
    }

    private static <T> T await(Future<T> step, String failure) {
        try {
            return step.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("demo upstream " + failure, e);
        }
    }
}
