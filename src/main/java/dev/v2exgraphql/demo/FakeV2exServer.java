package dev.v2exgraphql.demo;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A fake of the V2EX API v2 on a local port, serving {@link FakeData} under /api/v2/ with the
 * upstream's envelope, paging quirk, auth failures and rate-limit headers, plus the latency and
 * faults configured in {@link FakeBehaviour}. Every request is recorded in {@link CallCounters}.
 *
 * <p>Plain Vert.x, no CDI, JSON built by hand: it must also run inside a native image.
 */
public final class FakeV2exServer {

    public static final String API_PREFIX = "/api/v2";
    public static final int NOTIFICATIONS_PER_PAGE = 10;
    public static final int TOPICS_PER_PAGE = 20;
    public static final int REPLIES_PER_PAGE = 20;

    // Endpoint keys as recorded in CallCounters.
    public static final String GET_NOTIFICATIONS = "GET /notifications";
    public static final String DELETE_NOTIFICATION = "DELETE /notifications/:id";
    public static final String GET_MEMBER = "GET /member";
    public static final String GET_TOKEN = "GET /token";
    public static final String POST_TOKENS = "POST /tokens";
    public static final String GET_NODE = "GET /nodes/:name";
    public static final String GET_NODE_TOPICS = "GET /nodes/:name/topics";
    public static final String GET_TOPIC = "GET /topics/:id";
    public static final String GET_TOPIC_REPLIES = "GET /topics/:id/replies";
    public static final String POST_SET_STICKY = "POST /topics/:id/set-sticky";
    public static final String POST_BOOST = "POST /topics/:id/boost";

    static final String REDIRECT_TARGET_PATH = "/elsewhere/redirect-target";
    private static final Map<String, Long> STICKY_DURATIONS = Map.of("15min", 900L, "1hr", 3600L, "8hr", 28_800L);

    /** Handles a request once latency, rate limit, faults and (if asked) auth have let it through. */
    @FunctionalInterface
    private interface Endpoint {
        void handle(RoutingContext ctx, FakeData.TokenCheck caller);
    }

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final FakeData data;
    private final FakeBehaviour behaviour;
    private final CallCounters counters;
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private String sharing; // deployment of the servers that share the port, if any
    private volatile int port = -1;
    private volatile String host = "127.0.0.1";

    public FakeV2exServer(Vertx vertx, FakeData data, FakeBehaviour behaviour, CallCounters counters) {
        this(vertx, false, data, behaviour, counters);
    }

    /** Fresh generated data, default behaviour, empty counters. */
    public FakeV2exServer(Vertx vertx) {
        this(vertx, false, FakeData.generate(), new FakeBehaviour(), new CallCounters());
    }

    /** Like {@link #FakeV2exServer(Vertx)} with a Vert.x instance of its own, closed by {@link #stop()}. */
    public FakeV2exServer() {
        this(Vertx.vertx(), true, FakeData.generate(), new FakeBehaviour(), new CallCounters());
    }

    private FakeV2exServer(Vertx vertx, boolean ownsVertx, FakeData data, FakeBehaviour behaviour,
                           CallCounters counters) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.data = data;
        this.behaviour = behaviour;
        this.counters = counters;
    }

    public FakeData data() {
        return data;
    }

    public FakeBehaviour behaviour() {
        return behaviour;
    }

    public CallCounters counters() {
        return counters;
    }

    public int port() {
        return port;
    }

    /** The API base, e.g. http://127.0.0.1:8089/api/v2/ (wildcard/localhost binds are reached via 127.0.0.1). */
    public String baseUrl() {
        return origin() + API_PREFIX + "/";
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
    // Routing and the pipeline every API request goes through
    // ======================================================================================

    private JsonObject countersJson() {
        JsonObject byEndpoint = new JsonObject();
        for (CallCounters.RecordedCall call : counters.calls()) {
            byEndpoint.put(call.endpoint(), byEndpoint.getInteger(call.endpoint(), 0) + 1);
        }
        return new JsonObject().put("total", counters.total()).put("byEndpoint", byEndpoint);
    }

    private Router router() {
        Router r = Router.router(vertx);
        // Read bodies up front so the later async steps (latency timers) cannot lose request data.
        r.route().handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
        api(r, HttpMethod.GET, "/notifications", GET_NOTIFICATIONS, this::notifications);
        api(r, HttpMethod.DELETE, "/notifications/:id", DELETE_NOTIFICATION, this::deleteNotification);
        api(r, HttpMethod.GET, "/member", GET_MEMBER, this::member);
        api(r, HttpMethod.GET, "/token", GET_TOKEN, this::token);
        api(r, HttpMethod.POST, "/tokens", POST_TOKENS, this::createToken);
        api(r, HttpMethod.GET, "/nodes/:name", GET_NODE, this::node);
        api(r, HttpMethod.GET, "/nodes/:name/topics", GET_NODE_TOPICS, this::nodeTopics);
        api(r, HttpMethod.GET, "/topics/:id", GET_TOPIC, this::topic);
        api(r, HttpMethod.GET, "/topics/:id/replies", GET_TOPIC_REPLIES, this::replies);
        api(r, HttpMethod.POST, "/topics/:id/set-sticky", POST_SET_STICKY, this::setSticky);
        api(r, HttpMethod.POST, "/topics/:id/boost", POST_BOOST, this::boost);
        r.get(REDIRECT_TARGET_PATH).handler(this::redirectTarget);
        // Outside the API, not counted: how a separate process (the benchmark) reads the counters.
        r.get("/_fake/counters").handler(ctx -> ctx.json(countersJson()));
        r.post("/_fake/reset").handler(ctx -> {
            counters.reset();
            ctx.response().setStatusCode(204).end();
        });
        // Anything else (unknown path, or a known path with another method) is a 404.
        r.route().handler(ctx -> pipeline(ctx, CallCounters.UNMATCHED, false,
                (c, caller) -> fail(c, 404, "Not found")));
        return r;
    }

    private void api(Router r, HttpMethod method, String path, String key, Endpoint endpoint) {
        r.route(method, API_PREFIX + path).handler(ctx -> pipeline(ctx, key, true, endpoint));
    }

    /**
     * Record → rate limit → latency → fault → auth → endpoint. Quota and fault are decided on
     * arrival; the answer (whatever it is) leaves only after the configured latency.
     */
    private void pipeline(RoutingContext ctx, String key, boolean needsAuth, Endpoint endpoint) {
        String token = bearer(ctx);
        CallCounters.InFlight flight = record(ctx, key, token);
        ctx.addEndHandler(ar -> flight.finish());

        FakeBehaviour.Quota quota = behaviour.consume();
        rateHeaders(ctx.response(), quota);
        FakeBehaviour.FaultKind fault = quota.allowed() ? behaviour.nextFault(key) : null;

        after(behaviour.latency(), () -> {
            if (!quota.allowed()) {
                rateLimited(ctx, quota);
            } else if (fault == FakeBehaviour.FaultKind.SLOW) {
                after(behaviour.slowDelay(), () -> authorizeAndHandle(ctx, token, needsAuth, endpoint));
            } else if (fault != null) {
                injectFault(ctx, fault);
            } else {
                authorizeAndHandle(ctx, token, needsAuth, endpoint);
            }
        });
    }

    private CallCounters.InFlight record(RoutingContext ctx, String key, String token) {
        String fullPath = ctx.request().path();
        String path = fullPath.startsWith(API_PREFIX + "/") ? fullPath.substring(API_PREFIX.length()) : fullPath;
        return counters.begin(new CallCounters.RecordedCall(ctx.request().method().name(), key, path,
                ctx.request().query(), token, ctx.request().getHeader("User-Agent"), System.nanoTime()));
    }

    private void authorizeAndHandle(RoutingContext ctx, String token, boolean needsAuth, Endpoint endpoint) {
        if (!needsAuth) {
            endpoint.handle(ctx, null);
            return;
        }
        FakeData.TokenCheck check = data.authenticate(token, ctx.request().remoteAddress().host());
        switch (check.state()) {
            case VALID -> endpoint.handle(ctx, check);
            case EXPIRED -> fail(ctx, 401, "Token expired");
            // The documented quirk: a failure envelope with HTTP 200.
            case EXPIRED_QUIRK_200 -> fail(ctx, 200, "Token expired");
            // Missing and unknown tokens both get 401 "Invalid token".
            default -> fail(ctx, 401, "Invalid token");
        }
    }

    private static String bearer(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (auth == null) {
            return null;
        }
        return auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : auth.trim();
    }

    private void after(Duration delay, Runnable action) {
        long ms = delay.toMillis();
        if (ms <= 0) {
            action.run();
        } else {
            vertx.setTimer(ms, id -> action.run());
        }
    }

    // ======================================================================================
    // Rate limit and faults
    // ======================================================================================

    private static void rateHeaders(HttpServerResponse res, FakeBehaviour.Quota q) {
        res.putHeader("X-Rate-Limit-Limit", String.valueOf(q.limit()))
                .putHeader("X-Rate-Limit-Remaining", String.valueOf(q.remaining()))
                .putHeader("X-Rate-Limit-Reset", String.valueOf(q.resetEpochSeconds()));
    }

    private void rateLimited(RoutingContext ctx, FakeBehaviour.Quota q) {
        int status = behaviour.exhaustedStatus();
        if (status == 429) {
            ctx.response().putHeader("Retry-After", String.valueOf(q.retryAfterSeconds()));
        }
        fail(ctx, status, "Rate limit exceeded");
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
            case SUCCESS_FALSE_200 -> fail(ctx, 200, "Something went wrong");
            case NON_JSON_200 -> html(ctx, 200, "<!DOCTYPE html><html><head><title>V2EX</title></head>"
                    + "<body><p>V2EX is under maintenance. Please come back later.</p></body></html>");
            case REDIRECT -> ctx.response().setStatusCode(302)
                    .putHeader("Location", origin() + REDIRECT_TARGET_PATH + "?from="
                            + URLEncoder.encode(ctx.request().path(), StandardCharsets.UTF_8))
                    .end();
            case SLOW -> throw new IllegalStateException("SLOW is handled in the pipeline");
        }
    }

    /** Where injected redirects point; counted, never rate limited or faulted. */
    private void redirectTarget(RoutingContext ctx) {
        CallCounters.InFlight flight = record(ctx, CallCounters.REDIRECT_TARGET, bearer(ctx));
        ctx.addEndHandler(ar -> flight.finish());
        rateHeaders(ctx.response(), behaviour.peek());
        html(ctx, 200, "<html><body><p>You followed a redirect.</p></body></html>");
    }

    // ======================================================================================
    // Endpoints
    // ======================================================================================

    private void notifications(RoutingContext ctx, FakeData.TokenCheck caller) {
        List<JsonObject> all = data.notificationsOfUser(caller.username());
        list(ctx, "Notifications", Page.of(all, NOTIFICATIONS_PER_PAGE, ctx.request().getParam("p")));
    }

    private void deleteNotification(RoutingContext ctx, FakeData.TokenCheck caller) {
        Optional<Long> id = parseId(ctx.pathParam("id"));
        if (id.isPresent() && data.deleteNotification(caller.username(), id.get())) {
            ok(ctx, "Notification deleted", null);
        } else {
            fail(ctx, 404, "Notification not found");
        }
    }

    private void member(RoutingContext ctx, FakeData.TokenCheck caller) {
        ok(ctx, "Member found", data.member(caller.username()).orElseThrow());
    }

    private void token(RoutingContext ctx, FakeData.TokenCheck caller) {
        ok(ctx, "Token found", data.tokenInfo(caller.token()).orElseThrow());
    }

    private void createToken(RoutingContext ctx, FakeData.TokenCheck caller) {
        if ("regular".equals(caller.scope())) {
            fail(ctx, 403, "A regular token cannot create new tokens");
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        if (body == null) {
            fail(ctx, 400, "Invalid request body");
            return;
        }
        Object scope = body.getValue("scope");
        if (!(scope instanceof String s) || !FakeData.VALID_SCOPES.contains(s)) {
            fail(ctx, 400, "Invalid scope");
            return;
        }
        Long expiration = asLong(body.getValue("expiration"));
        if (expiration == null || !FakeData.VALID_EXPIRATIONS.contains(expiration)) {
            fail(ctx, 400, "Invalid expiration");
            return;
        }
        Optional<String> created = data.createToken(caller.username(), s, expiration);
        if (created.isEmpty()) {
            fail(ctx, 400, "You can have at most " + FakeData.MAX_TOKENS_PER_MEMBER + " tokens");
            return;
        }
        ok(ctx, "Token created", new JsonObject().put("token", created.get()));
    }

    private void node(RoutingContext ctx, FakeData.TokenCheck caller) {
        Optional<JsonObject> node = data.node(ctx.pathParam("name"));
        if (node.isEmpty()) {
            fail(ctx, 404, "Node not found");
        } else {
            ok(ctx, "Node found", node.get());
        }
    }

    private void nodeTopics(RoutingContext ctx, FakeData.TokenCheck caller) {
        String name = ctx.pathParam("name");
        if (data.node(name).isEmpty()) {
            fail(ctx, 404, "Node not found");
            return;
        }
        list(ctx, "Topics", Page.of(data.topicListOfNode(name), TOPICS_PER_PAGE, ctx.request().getParam("p")));
    }

    private void topic(RoutingContext ctx, FakeData.TokenCheck caller) {
        Optional<JsonObject> topic = parseId(ctx.pathParam("id")).flatMap(data::topicDetail);
        if (topic.isEmpty()) {
            fail(ctx, 404, "Topic not found");
        } else {
            ok(ctx, "Topic found", topic.get());
        }
    }

    private void replies(RoutingContext ctx, FakeData.TokenCheck caller) {
        Optional<Long> id = parseId(ctx.pathParam("id")).filter(i -> data.topicDetail(i).isPresent());
        if (id.isEmpty()) {
            fail(ctx, 404, "Topic not found");
            return;
        }
        list(ctx, "Replies", Page.of(data.repliesOf(id.get()), REPLIES_PER_PAGE, ctx.request().getParam("p")));
    }

    private void setSticky(RoutingContext ctx, FakeData.TokenCheck caller) {
        Optional<Long> id = parseId(ctx.pathParam("id"));
        Optional<String> author = id.flatMap(data::authorOf);
        if (author.isEmpty()) {
            fail(ctx, 404, "Topic not found");
            return;
        }
        String duration = ctx.request().getParam("duration");
        Long seconds = STICKY_DURATIONS.get(duration == null || duration.isEmpty() ? "15min" : duration);
        if (seconds == null) {
            fail(ctx, 400, "Invalid duration, use 15min, 1hr or 8hr");
            return;
        }
        if (!author.get().equals(caller.username())) {
            fail(ctx, 403, "Only the author can set this topic sticky");
            return;
        }
        long until = FakeData.nowSeconds() + seconds;
        data.setStickyUntil(id.get(), until);
        ok(ctx, "Topic is sticky", new JsonObject().put("sticky_until", until));
    }

    private void boost(RoutingContext ctx, FakeData.TokenCheck caller) {
        Optional<Long> id = parseId(ctx.pathParam("id"));
        Optional<String> author = id.flatMap(data::authorOf);
        if (author.isEmpty()) {
            fail(ctx, 404, "Topic not found");
            return;
        }
        if (!author.get().equals(caller.username())) {
            fail(ctx, 403, "Only the author can boost this topic");
            return;
        }
        if (!data.isPro(caller.username())) {
            fail(ctx, 403, "Only PRO members can boost topics");
            return;
        }
        data.markBoosted(id.get(), FakeData.nowSeconds());
        ok(ctx, "Topic boosted", null);
    }

    // ======================================================================================
    // Envelope, paging and small helpers
    // ======================================================================================

    /**
     * One page of a list. The upstream quirk: a page past the last one returns the last page again
     * (same items, same pagination). We also treat p < 1 or a non-number as page 1.
     */
    record Page(List<JsonObject> items, int total, int pages, int perPage, int from, int to) {
        static Page of(List<JsonObject> all, int perPage, String rawP) {
            int total = all.size();
            int pages = (total + perPage - 1) / perPage;
            int p = 1;
            try {
                p = Math.max(1, Integer.parseInt(rawP == null ? "1" : rawP.trim()));
            } catch (NumberFormatException e) {
                // non-numeric: page 1
            }
            if (pages == 0) {
                return new Page(List.of(), 0, 0, perPage, 0, 0);
            }
            p = Math.min(p, pages);
            int fromIndex = (p - 1) * perPage;
            int toIndex = Math.min(total, fromIndex + perPage);
            return new Page(all.subList(fromIndex, toIndex), total, pages, perPage, fromIndex + 1, toIndex);
        }
    }

    private static void list(RoutingContext ctx, String what, Page page) {
        JsonObject body = new JsonObject()
                .put("success", true)
                .put("message", what + " " + page.from() + "-" + page.to() + "/" + page.total())
                .put("result", new JsonArray(List.copyOf(page.items())))
                .put("pagination", new JsonObject()
                        .put("total", page.total())
                        .put("pages", page.pages())
                        .put("per_page", page.perPage()));
        send(ctx, 200, body);
    }

    /** Success envelope; a null result leaves the "result" field out. */
    private static void ok(RoutingContext ctx, String message, Object result) {
        JsonObject body = new JsonObject().put("success", true).put("message", message);
        if (result != null) {
            body.put("result", result);
        }
        send(ctx, 200, body);
    }

    private static void fail(RoutingContext ctx, int status, String message) {
        send(ctx, status, new JsonObject().put("success", false).put("message", message));
    }

    private static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body.encode());
    }

    private static void html(RoutingContext ctx, int status, String page) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .end(page);
    }

    private static Optional<Long> parseId(String raw) {
        try {
            return Optional.of(Long.parseLong(raw));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** An integral number, or a string holding one (form-style clients send strings). */
    private static Long asLong(Object v) {
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof String s) {
            return parseId(s.trim()).orElse(null);
        }
        return null;
    }

    // ======================================================================================
    // Standalone
    // ======================================================================================

    /**
     * Runs the fake on its own: {@code java ... FakeV2exServer [port] [--latency-ms N]
     * [--no-rate-limit] [--any-token] [--warm-up-nodes N]} (default port 8089, on 127.0.0.1). The
     * benchmark uses the flags (the warm-up nodes are cold node pages for its JIT warm-up); it reads the call counters at {@code GET /_fake/counters} and zeroes them with
     * {@code POST /_fake/reset}.
     */
    public static void main(String[] args) {
        int port = 8089;
        FakeV2exServer fake = new FakeV2exServer();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--latency-ms" -> fake.behaviour().latency(Duration.ofMillis(Long.parseLong(args[++i])));
                case "--no-rate-limit" -> fake.behaviour().rateLimitEnabled(false);
                case "--any-token" -> fake.data().acceptAnyToken(true);
                case "--warm-up-nodes" -> fake.data().addWarmUpNodes(Integer.parseInt(args[++i]));
                default -> port = Integer.parseInt(args[i]);
            }
        }
        // One event loop per core: the real API answers concurrent calls in parallel.
        fake.start("127.0.0.1", port, Runtime.getRuntime().availableProcessors());
        Runtime.getRuntime().addShutdownHook(new Thread(fake::stop));
        System.out.println("Fake V2EX API v2 listening at " + fake.baseUrl());
        for (FakeData.DemoAccount a : fake.data().demoAccounts()) {
            System.out.println("  " + a.username() + (a.pro() ? " (PRO)" : "") + "  scope=" + a.scope()
                    + "  Authorization: Bearer " + a.token());
        }
        System.out.println("  expired token (401): " + FakeData.TOKEN_EXPIRED);
        System.out.println("  expired token (HTTP 200 quirk): " + FakeData.TOKEN_EXPIRED_QUIRK);
    }
}
