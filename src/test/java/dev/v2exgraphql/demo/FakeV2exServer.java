package dev.v2exgraphql.demo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.v2exgraphql.v2ex.Endpoint;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The tests' (and the benchmark's) V2EX upstream: the demo upstream's own routes and data
 * ({@link DemoApi} on a {@link DemoData} world) on a local port, with this fake's gate in front of
 * every request instead of the demo's rate limit: record ({@link CallCounters}) → rate limit →
 * latency → fault ({@link FakeBehaviour}) → then the demo's token check and endpoint. Around the
 * API it adds what only tests need: the target of the REDIRECT fault, {@code /_fake/counters} and
 * {@code /_fake/reset} for a fake in another process, several event loops, and a {@link #main}.
 */
public final class FakeV2exServer {

    static final String REDIRECT_TARGET_PATH = "/elsewhere/redirect-target";

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final DemoData data;
    private final FakeBehaviour behaviour;
    private final CallCounters counters;
    private final DemoApi api;
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private String sharing; // deployment of the servers that share the port, if any
    private volatile boolean acceptAnyToken;
    /** Tokens the "any token" mode still refuses (the benchmark's invented ones). */
    static final String INVENTED_PREFIX = "invented-";
    private volatile int port = -1;
    private volatile String host = "127.0.0.1";

    public FakeV2exServer(Vertx vertx, DemoData data, FakeBehaviour behaviour, CallCounters counters) {
        this(vertx, false, data, behaviour, counters);
    }

    /** Fresh generated data, default behaviour, empty counters. */
    public FakeV2exServer(Vertx vertx) {
        this(vertx, false, DemoData.generate(), new FakeBehaviour(), new CallCounters());
    }

    /** Like {@link #FakeV2exServer(Vertx)} with a Vert.x instance of its own, closed by {@link #stop()}. */
    public FakeV2exServer() {
        this(Vertx.vertx(), true, DemoData.generate(), new FakeBehaviour(), new CallCounters());
    }

    private FakeV2exServer(Vertx vertx, boolean ownsVertx, DemoData data, FakeBehaviour behaviour,
                           CallCounters counters) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.data = data;
        this.behaviour = behaviour;
        this.counters = counters;
        this.api = new DemoApi(data, this::gate);
    }

    public DemoData data() {
        return data;
    }

    public FakeBehaviour behaviour() {
        return behaviour;
    }

    public CallCounters counters() {
        return counters;
    }

    /**
     * Benchmarks simulate many users: with this on, an unknown token becomes a valid regular token
     * of one of the generated members ({@link DemoData#adoptToken}), instead of a 401.
     */
    public FakeV2exServer acceptAnyToken(boolean accept) {
        this.acceptAnyToken = accept;
        return this;
    }

    public int port() {
        return port;
    }

    /** The API base, e.g. http://127.0.0.1:8089/api/v2/ (wildcard/localhost binds are reached via 127.0.0.1). */
    public String baseUrl() {
        return origin() + DemoApi.PREFIX + "/";
    }

    private String origin() {
        String h = host.equals("0.0.0.0") || host.equals("localhost") ? "127.0.0.1" : host;
        return "http://" + h + ":" + port;
    }

    /** Starts listening and blocks until it does; port 0 picks a free port. Returns the port. */
    public int start(String host, int port) {
        return start(host, port, 1);
    }

    /**
     * Like {@link #start(String, int)} with requests handled on {@code eventLoops} event loops (one
     * server each, sharing the port), so concurrent calls are answered in parallel as a real API's
     * many servers would, instead of one after another. Several loops need a fixed port: Vert.x
     * gives each server listening on port 0 a port of its own.
     */
    public synchronized int start(String host, int port, int eventLoops) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("start() blocks; do not call it on an event loop");
        }
        if (eventLoops > 1 && port == 0) {
            throw new IllegalArgumentException("several event loops need a fixed port, not 0");
        }
        if (!servers.isEmpty()) {
            throw new IllegalStateException("already started on port " + this.port);
        }
        this.host = host;
        HttpServer first = vertx.createHttpServer().requestHandler(router());
        await(first.listen(port, host), "could not listen on " + host + ":" + port);
        servers.add(first);
        int listenOn = first.actualPort();
        if (eventLoops > 1) {
            // The others share the port from verticles, each on an event loop of its own (servers
            // made from this thread would all share its one event loop).
            sharing = await(vertx.deployVerticle(() -> new AbstractVerticle() {
                @Override
                public void start(Promise<Void> started) {
                    HttpServer s = vertx.createHttpServer().requestHandler(router());
                    servers.add(s);
                    s.listen(listenOn, host).<Void> mapEmpty().onComplete(started);
                }
            }, new DeploymentOptions().setInstances(eventLoops - 1)), "could not share port " + listenOn);
        }
        this.port = listenOn;
        return this.port;
    }

    private <T> T await(Future<T> step, String failure) {
        try {
            return step.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            servers.forEach(HttpServer::close); // the ones already listening
            servers.clear();
            throw new IllegalStateException("fake V2EX server " + failure, e);
        }
    }

    /** Stops listening (closing open connections, hanging ones included); blocks until done. */
    public synchronized void stop() {
        try {
            for (HttpServer s : servers) {
                s.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            servers.clear();
            if (sharing != null) {
                vertx.undeploy(sharing).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                sharing = null;
            }
            if (ownsVertx) {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("fake V2EX server did not stop cleanly", e);
        }
    }

    // ======================================================================================
    // Routing and the gate every API request goes through
    // ======================================================================================

    private Router router() {
        Router r = Router.router(vertx);
        // Before the API, whose last route takes every request no route before it matched.
        r.get(REDIRECT_TARGET_PATH).handler(this::redirectTarget);
        // Outside the API, not counted: how a separate process (the benchmark) reads the counters.
        r.get("/_fake/counters").handler(ctx -> ctx.json(countersJson()));
        r.post("/_fake/reset").handler(ctx -> {
            counters.reset();
            ctx.response().setStatusCode(204).end();
        });
        // The benchmark's abuse scenario: a limit of N calls per S seconds from now (N=0: no limit).
        r.post("/_fake/rate-limit").handler(ctx -> {
            int limit = Integer.parseInt(ctx.queryParams().get("limit"));
            long seconds = Long.parseLong(ctx.queryParams().get("window-seconds"));
            behaviour.rateLimitEnabled(limit > 0).rateLimit(Math.max(0, limit))
                    .rateWindow(Duration.ofSeconds(seconds)).resetRateWindow();
            ctx.response().setStatusCode(204).end();
        });
        api.mount(r);
        return r;
    }

    private JsonObject countersJson() {
        JsonObject byEndpoint = new JsonObject();
        for (CallCounters.RecordedCall call : counters.calls()) {
            byEndpoint.put(call.endpoint(), byEndpoint.getInteger(call.endpoint(), 0) + 1);
        }
        // By the kind of token, its text up to the first '-' (user-7: user): which client spent what.
        JsonObject byTokenKind = new JsonObject();
        for (CallCounters.RecordedCall call : counters.calls()) {
            String kind = call.token() == null ? "none" : call.token().split("-", 2)[0];
            byTokenKind.put(kind, byTokenKind.getInteger(kind, 0) + 1);
        }
        return new JsonObject().put("total", counters.total()).put("byEndpoint", byEndpoint)
                .put("byTokenKind", byTokenKind);
    }

    /**
     * Record → rate limit → latency → fault → (the demo's) auth → endpoint. Quota and fault are
     * decided on arrival; the answer (whatever it is) leaves only after the configured latency.
     */
    private void gate(RoutingContext ctx, Endpoint endpoint, Runnable next) {
        String key = endpoint == null ? CallCounters.UNMATCHED : CallCounters.key(endpoint);
        String token = DemoApi.bearer(ctx);
        CallCounters.InFlight flight = record(ctx, key, token);
        ctx.addEndHandler(ar -> flight.finish());

        RateWindow.Quota quota = behaviour.consume();
        if (behaviour.rateHeaders()) {
            RateLimitGate.headers(ctx.response(), quota);
        }
        FakeBehaviour.FaultKind fault = quota.allowed() ? behaviour.nextFault(key) : null;
        // Any token, but the invented ones of the benchmark's abuse scenario: those are refused.
        Runnable pass = endpoint != null && acceptAnyToken && !isInvented(token) ? () -> {
            data.adoptToken(token);
            next.run();
        } : next;

        after(behaviour.latency(), () -> {
            if (!quota.allowed()) {
                RateLimitGate.refuse(ctx, quota, behaviour.exhaustedStatus());
            } else if (fault == FakeBehaviour.FaultKind.SLOW) {
                after(behaviour.slowDelay(), pass);
            } else if (fault != null) {
                injectFault(ctx, fault);
            } else {
                pass.run();
            }
        });
    }

    /** A token the benchmark made up to be refused even when any other is accepted. */
    static boolean isInvented(String token) {
        return token != null && token.startsWith(INVENTED_PREFIX);
    }

    private CallCounters.InFlight record(RoutingContext ctx, String key, String token) {
        String fullPath = ctx.request().path();
        String prefix = DemoApi.PREFIX + "/";
        String path = fullPath.startsWith(prefix) ? fullPath.substring(DemoApi.PREFIX.length()) : fullPath;
        return counters.begin(new CallCounters.RecordedCall(ctx.request().method().name(), key, path,
                ctx.request().query(), token, ctx.request().getHeader("User-Agent"), System.nanoTime()));
    }

    private void after(Duration delay, Runnable action) {
        long ms = delay.toMillis();
        if (ms <= 0) {
            action.run();
        } else {
            vertx.setTimer(ms, id -> action.run());
        }
    }

    private void injectFault(RoutingContext ctx, FakeBehaviour.FaultKind fault) {
        switch (fault) {
            case HTTP_500 -> html(ctx, 500, "<html><head><title>500 Internal Server Error</title></head><body>"
                    + "<center><h1>500 Internal Server Error</h1></center><hr><center>nginx</center></body></html>");
            case HANG -> {
                // Deliberately no answer.
            }
            case RESET -> ctx.request().connection().close();
            case HTML_403 -> html(ctx, 403, "<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
                    + "<body><h1>Checking your browser before accessing www.v2ex.com.</h1>"
                    + "<p>Enable JavaScript and cookies to continue</p></body></html>");
            case SUCCESS_FALSE_200 -> DemoApi.fail(ctx, 200, "Something went wrong");
            case NON_JSON_200 -> html(ctx, 200, "<!DOCTYPE html><html><head><title>V2EX</title></head>"
                    + "<body><p>V2EX is under maintenance. Please come back later.</p></body></html>");
            case REDIRECT -> ctx.response().setStatusCode(302)
                    .putHeader("Location", origin() + REDIRECT_TARGET_PATH + "?from="
                            + URLEncoder.encode(ctx.request().path(), StandardCharsets.UTF_8))
                    .end();
            case SLOW -> throw new IllegalStateException("SLOW is handled in the gate");
        }
    }

    /** Where injected redirects point; counted, never rate limited or faulted. */
    private void redirectTarget(RoutingContext ctx) {
        CallCounters.InFlight flight = record(ctx, CallCounters.REDIRECT_TARGET, DemoApi.bearer(ctx));
        ctx.addEndHandler(ar -> flight.finish());
        RateLimitGate.headers(ctx.response(), behaviour.peek());
        html(ctx, 200, "<html><body><p>You followed a redirect.</p></body></html>");
    }

    private static void html(RoutingContext ctx, int status, String page) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .end(page);
    }

    // ======================================================================================
    // Standalone
    // ======================================================================================

    /**
     * Runs the fake on its own: {@code java ... FakeV2exServer [port] [--latency-ms N]
     * [--no-rate-limit] [--any-token] [--warm-up-nodes N]} (default port 8089, on 127.0.0.1), on
     * one event loop per core. The benchmark uses the flags (the warm-up nodes are cold node pages
     * for its JIT warm-up); it reads the call counters at {@code GET /_fake/counters} and zeroes
     * them with {@code POST /_fake/reset}, and sets a rate limit with
     * {@code POST /_fake/rate-limit?limit=N&window-seconds=S}. With {@code --any-token} every token is
     * accepted but those starting with {@code invented-}. Its classpath: the test classes, the app and its libraries.
     */
    public static void main(String[] args) {
        int port = 8089;
        FakeV2exServer fake = new FakeV2exServer();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--latency-ms" -> fake.behaviour().latency(Duration.ofMillis(Long.parseLong(args[++i])));
                case "--no-rate-limit" -> fake.behaviour().rateLimitEnabled(false);
                case "--any-token" -> fake.acceptAnyToken(true);
                case "--warm-up-nodes" -> Fixtures.addWarmUpNodes(fake.data(), Integer.parseInt(args[++i]));
                default -> port = Integer.parseInt(args[i]);
            }
        }
        // One event loop per core: the real API answers concurrent calls in parallel.
        fake.start("127.0.0.1", port, Runtime.getRuntime().availableProcessors());
        Runtime.getRuntime().addShutdownHook(new Thread(fake::stop));
        System.out.println("Fake V2EX API v2 listening at " + fake.baseUrl());
        for (DemoData.DemoAccount a : fake.data().demoAccounts()) {
            System.out.println("  " + a.username() + (a.pro() ? " (PRO)" : "") + "  scope=" + a.scope()
                    + "  Authorization: Bearer " + a.token());
        }
        System.out.println("  expired token (401): " + Fixtures.TOKEN_EXPIRED);
        System.out.println("  expired token (HTTP 200 quirk): " + Fixtures.TOKEN_EXPIRED_QUIRK);
    }
}
