package dev.v2exgraphql.upstream;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.v2exgraphql.config.V2exConfig;
import dev.v2exgraphql.model.ContentSyntax;
import dev.v2exgraphql.model.Member;
import dev.v2exgraphql.model.Node;
import dev.v2exgraphql.model.Notification;
import dev.v2exgraphql.model.Reply;
import dev.v2exgraphql.model.Token;
import dev.v2exgraphql.model.TokenScope;
import dev.v2exgraphql.model.Topic;
import dev.v2exgraphql.model.TopicDetail;
import dev.v2exgraphql.model.TopicSupplement;
import dev.v2exgraphql.request.BearerToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The one place where upstream JSON becomes GraphQL records: ids become strings, unix seconds
 * become instants, 0/1 flags become booleans, root-relative links become absolute, and a member
 * looks the same wherever it appears.
 */
@ApplicationScoped
public class V2exMapper {

    /** href/src attributes whose value starts with a single slash (not protocol-relative "//"). */
    private static final Pattern ROOT_RELATIVE = Pattern.compile("((?:href|src)\\s*=\\s*[\"'])/(?!/)");

    private final String site;

    @Inject
    public V2exMapper(V2exConfig config) {
        String site = config.api().siteUrl().orElseGet(() -> siteOf(config.api().baseUrl()));
        this.site = site.endsWith("/") ? site.substring(0, site.length() - 1) : site;
    }

    private static String siteOf(String baseUrl) {
        URI uri = URI.create(baseUrl);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    public Topic topic(JsonObject json) {
        return new Topic(id(json), json.getString("title", ""), json.getString("content"),
                html(json.getString("content_rendered")), syntax(json), link(json.getString("url")),
                json.getInteger("replies", 0), json.getString("last_reply_by"), instant(json, "created"),
                instant(json, "last_modified"), instant(json, "last_touched"));
    }

    public TopicDetail topicDetail(JsonObject json) {
        List<TopicSupplement> supplements = new ArrayList<>();
        for (JsonObject s : objects(json.getJsonArray("supplements"))) {
            supplements.add(new TopicSupplement(id(s), s.getString("content"), html(s.getString("content_rendered")),
                    syntax(s), instant(s, "created")));
        }
        JsonObject member = json.getJsonObject("member");
        JsonObject node = json.getJsonObject("node");
        return new TopicDetail(topic(json), member == null ? null : member(member),
                node == null ? null : node(node), List.copyOf(supplements));
    }

    public Node node(JsonObject json) {
        String name = json.getString("name", "");
        return new Node(id(json), name, json.getString("title", name), html(json.getString("header")),
                html(json.getString("footer")), link(json.getString("avatar")),
                json.getString("url") != null ? link(json.getString("url")) : site + "/go/" + name,
                json.getInteger("topics", 0), instant(json, "created"), instant(json, "last_modified"));
    }

    /** Both upstream member shapes: the full one (GET member) and the slim one inside topics/replies. */
    public Member member(JsonObject json) {
        String username = json.getString("username", "");
        String avatar = firstString(json, "avatar", "avatar_large", "avatar_normal", "avatar_mini");
        Object pro = json.getValue("pro");
        return new Member(id(json), username, memberUrl(username), link(avatar), json.getString("bio"),
                blankToNull(json.getString("website")), blankToNull(json.getString("github")),
                blankToNull(json.getString("twitter")), blankToNull(json.getString("location")),
                blankToNull(json.getString("tagline")),
                pro instanceof Number n ? n.intValue() != 0 : pro instanceof Boolean b ? b : null,
                instant(json, "created"));
    }

    public Reply reply(JsonObject json) {
        JsonObject member = json.getJsonObject("member");
        return new Reply(id(json), json.getString("content"), html(json.getString("content_rendered")),
                instant(json, "created"), member == null ? null : member(member));
    }

    public Notification notification(JsonObject json) {
        JsonObject actor = json.getJsonObject("member");
        Member member = null;
        if (actor != null && actor.getString("username") != null) {
            String username = actor.getString("username");
            String id = json.getValue("member_id") == null ? username : String.valueOf(json.getValue("member_id"));
            member = new Member(id, username, memberUrl(username), null, null, null, null, null, null, null,
                    null, null);
        }
        // The upstream sends payload sometimes as a string, sometimes as an object.
        Object payload = json.getValue("payload");
        String payloadText = payload == null ? null
                : payload instanceof String s ? s : io.vertx.core.json.Json.encode(payload);
        return new Notification(id(json), html(json.getString("text", "")), payloadText,
                html(json.getString("payload_rendered")), instant(json, "created"), member);
    }

    public Token token(JsonObject json, Instant now) {
        Instant created = instant(json, "created");
        int lifetime = json.getInteger("expiration", 0);
        Instant expiresAt = created == null ? null : created.plusSeconds(lifetime);
        long left = expiresAt == null ? 0 : Math.max(0, expiresAt.getEpochSecond() - now.getEpochSecond());
        String masked = json.getString("masked_token", BearerToken.mask(json.getString("token")));
        return new Token(masked, TokenScope.fromUpstream(json.getString("scope")),
                (int) Math.min(Integer.MAX_VALUE, left), lifetime, expiresAt, json.getInteger("good_for_days"),
                json.getInteger("total_used"), instant(json, "last_used"),
                created == null ? Instant.EPOCH : created);
    }

    public <T> List<T> list(JsonArray array, java.util.function.Function<JsonObject, T> mapper) {
        List<T> items = new ArrayList<>(array.size());
        for (JsonObject item : objects(array)) {
            items.add(mapper.apply(item));
        }
        return items;
    }

    /** Root-relative links in upstream HTML point at the site; clients render them elsewhere. */
    public String html(String html) {
        if (html == null) {
            return null;
        }
        return ROOT_RELATIVE.matcher(html).replaceAll("$1" + Matcher.quoteReplacement(site + "/"));
    }

    /** A single URL: root-relative → site, protocol-relative → https. */
    public String link(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        if (url.startsWith("//")) {
            return "https:" + url;
        }
        return url.startsWith("/") ? site + url : url;
    }

    private String memberUrl(String username) {
        return site + "/member/" + username;
    }

    private static List<JsonObject> objects(JsonArray array) {
        List<JsonObject> objects = new ArrayList<>();
        if (array != null) {
            for (Object o : array) {
                if (o instanceof JsonObject object) {
                    objects.add(object);
                }
            }
        }
        return objects;
    }

    private static String id(JsonObject json) {
        Object id = json.getValue("id");
        return id == null ? "" : id instanceof Number n ? String.valueOf(n.longValue()) : id.toString();
    }

    private static ContentSyntax syntax(JsonObject json) {
        return ContentSyntax.fromUpstream(json.getInteger("syntax", 0));
    }

    private static Instant instant(JsonObject json, String key) {
        return json.getValue(key) instanceof Number seconds && seconds.longValue() > 0
                ? Instant.ofEpochSecond(seconds.longValue())
                : null;
    }

    private static String firstString(JsonObject json, String... keys) {
        for (String key : keys) {
            String value = json.getString(key);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
