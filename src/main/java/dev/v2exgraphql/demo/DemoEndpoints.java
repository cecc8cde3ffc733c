package dev.v2exgraphql.demo;

import static dev.v2exgraphql.demo.DemoApi.fail;
import static dev.v2exgraphql.demo.DemoApi.list;
import static dev.v2exgraphql.demo.DemoApi.ok;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.v2exgraphql.v2ex.Endpoint;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** What each endpoint answers a caller whose token is valid: messages and rules as the upstream's. */
final class DemoEndpoints {

    /** Answers one request; {@code parameter} is the path parameter of the endpoint's template, or null. */
    @FunctionalInterface
    interface Handler {
        void handle(RoutingContext ctx, String parameter, DemoData.TokenCheck caller);
    }

    private static final Map<String, Long> STICKY_DURATIONS = Map.of("15min", 900L, "1hr", 3600L, "8hr", 28_800L);

    private final DemoData data;

    DemoEndpoints(DemoData data) {
        this.data = data;
    }

    /** Exhaustive on purpose: an endpoint added to {@link Endpoint} does not compile until the demo answers it. */
    Handler of(Endpoint endpoint) {
        return switch (endpoint) {
            case TOPIC -> this::topic;
            case TOPIC_REPLIES -> this::replies;
            case SET_STICKY -> this::setSticky;
            case BOOST -> this::boost;
            case NODE -> this::node;
            case NODE_TOPICS -> this::nodeTopics;
            case MEMBER -> this::member;
            case TOKEN -> this::token;
            case NOTIFICATIONS -> this::notifications;
            case DELETE_NOTIFICATION -> this::deleteNotification;
            case CREATE_TOKEN -> this::createToken;
        };
    }

    private static String page(RoutingContext ctx) {
        return ctx.request().getParam("p");
    }

    private void notifications(RoutingContext ctx, String none, DemoData.TokenCheck caller) {
        List<JsonObject> all = data.notificationsOfUser(caller.username());
        list(ctx, "Notifications", Page.of(all, Endpoint.NOTIFICATIONS.perPage(), page(ctx)));
    }

    private void deleteNotification(RoutingContext ctx, String id, DemoData.TokenCheck caller) {
        Optional<Long> parsed = parseId(id);
        if (parsed.isPresent() && data.deleteNotification(caller.username(), parsed.get())) {
            ok(ctx, "Notification deleted", null);
        } else {
            fail(ctx, 404, "Notification not found");
        }
    }

    private void member(RoutingContext ctx, String none, DemoData.TokenCheck caller) {
        ok(ctx, "Member found", data.member(caller.username()).orElseThrow());
    }

    private void token(RoutingContext ctx, String none, DemoData.TokenCheck caller) {
        ok(ctx, "Token found", data.tokenInfo(caller.token()).orElseThrow());
    }

    private void createToken(RoutingContext ctx, String none, DemoData.TokenCheck caller) {
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
        if (!(scope instanceof String s) || !DemoData.VALID_SCOPES.contains(s)) {
            fail(ctx, 400, "Invalid scope");
            return;
        }
        Long expiration = asLong(body.getValue("expiration"));
        if (expiration == null || !DemoData.VALID_EXPIRATIONS.contains(expiration)) {
            fail(ctx, 400, "Invalid expiration");
            return;
        }
        Optional<String> created = data.createToken(caller.username(), s, expiration);
        if (created.isEmpty()) {
            fail(ctx, 400, "You can have at most " + DemoData.MAX_TOKENS_PER_MEMBER + " tokens");
            return;
        }
        ok(ctx, "Token created", new JsonObject().put("token", created.get()));
    }

    private void node(RoutingContext ctx, String name, DemoData.TokenCheck caller) {
        Optional<JsonObject> node = data.node(name);
        if (node.isEmpty()) {
            fail(ctx, 404, "Node not found");
        } else {
            ok(ctx, "Node found", node.get());
        }
    }

    private void nodeTopics(RoutingContext ctx, String name, DemoData.TokenCheck caller) {
        if (data.node(name).isEmpty()) {
            fail(ctx, 404, "Node not found");
            return;
        }
        list(ctx, "Topics", Page.of(data.topicListOfNode(name), Endpoint.NODE_TOPICS.perPage(), page(ctx)));
    }

    private void topic(RoutingContext ctx, String id, DemoData.TokenCheck caller) {
        Optional<JsonObject> topic = parseId(id).flatMap(data::topicDetail);
        if (topic.isEmpty()) {
            fail(ctx, 404, "Topic not found");
        } else {
            ok(ctx, "Topic found", topic.get());
        }
    }

    private void replies(RoutingContext ctx, String id, DemoData.TokenCheck caller) {
        Optional<Long> topic = parseId(id).filter(i -> data.topicDetail(i).isPresent());
        if (topic.isEmpty()) {
            fail(ctx, 404, "Topic not found");
            return;
        }
        list(ctx, "Replies", Page.of(data.repliesOf(topic.get()), Endpoint.TOPIC_REPLIES.perPage(), page(ctx)));
    }

    private void setSticky(RoutingContext ctx, String id, DemoData.TokenCheck caller) {
        Optional<Long> topic = parseId(id);
        Optional<String> author = topic.flatMap(data::authorOf);
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
        long until = DemoData.nowSeconds() + seconds;
        data.setStickyUntil(topic.get(), until);
        ok(ctx, "Topic is sticky", new JsonObject().put("sticky_until", until));
    }

    private void boost(RoutingContext ctx, String id, DemoData.TokenCheck caller) {
        Optional<Long> topic = parseId(id);
        Optional<String> author = topic.flatMap(data::authorOf);
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
        data.markBoosted(topic.get(), DemoData.nowSeconds());
        ok(ctx, "Topic boosted", null);
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
}
