package dev.v2exgraphql.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The demo world behind the demo upstream: members, nodes, topics, replies, notifications and
 * tokens, and what the API's mutations do to them. {@link #generate()} builds it from a fixed seed
 * and a fixed "world now" ({@link #WORLD_NOW}), so two worlds are identical; only mutations
 * (deleted notifications, new tokens, sticky/boost, token usage) bring in the real clock.
 *
 * <p>All state sits behind this object's monitor: the API calls it from event-loop threads and
 * tests read it from their own. JSON is built by hand on every read (no reflection, so it also runs
 * in a native image), and callers get fresh copies they may modify freely.
 */
public final class DemoData {

    /** The generated world's "now" (2025-01-01T00:00:00Z); content timestamps lie before it. */
    public static final long WORLD_NOW = 1_735_689_600L;
    public static final long SEED = 20_250_101L;
    /** The site the world's URLs point to, as the upstream's do. */
    public static final String SITE = "https://www.v2ex.com";

    /** The upstream's rules for tokens: how many a member may hold, and what a new one may be. */
    public static final int MAX_TOKENS_PER_MEMBER = 10;
    public static final Set<Long> VALID_EXPIRATIONS = Set.of(2_592_000L, 5_184_000L, 7_776_000L, 15_552_000L);
    public static final Set<String> VALID_SCOPES = Set.of("everything", "regular");

    /** The accounts a demo user signs in with; their tokens are public, printed at start-up. */
    public record DemoAccount(String username, String token, String scope, boolean pro) {
    }

    static final List<DemoAccount> DEMO_ACCOUNTS = List.of(
            new DemoAccount("alice", "demo-token-alice", "everything", true),
            new DemoAccount("bob", "demo-token-bob", "everything", false),
            new DemoAccount("carol", "demo-token-carol", "regular", false));

    /** How a bearer token fares: valid, expired (401), expired with the HTTP 200 quirk, or unknown. */
    enum TokenState { VALID, EXPIRED, EXPIRED_QUIRK_200, UNKNOWN }

    /** The result of checking a bearer token; username/scope are null unless the state is VALID. */
    record TokenCheck(TokenState state, String token, String username, String scope) {
    }

    // ---- immutable content records ----

    record Member(long id, String username, boolean pro, String website, String twitter, String psn,
                  String github, String btc, String location, String tagline, String bio,
                  long created, long lastModified) {
    }

    record Node(long id, String name, String title, String header, String footer, long created, long lastModified) {
    }

    record Supplement(long id, String content, String contentRendered, int syntax, long created) {
    }

    record Topic(long id, String title, String content, String contentRendered, int syntax, String nodeName,
                 long memberId, long created, long lastModified, List<Supplement> supplements) {
    }

    record Reply(long id, long topicId, long memberId, String content, String contentRendered, long created) {
    }

    /** payload is null, a String or a JsonObject: the upstream really sends all three. */
    record Notification(long id, long actorId, long forMemberId, String text, Object payload,
                        String payloadRendered, long created) {
    }

    /** Mutable: usage fields change whenever the token authenticates a call. */
    static final class TokenRecord {
        final String token;
        final long memberId;
        final String scope;
        final long expiration;
        final long created;
        final long goodForDays;
        final TokenState state;
        long totalUsed;
        long lastUsed;
        String lastUseIp;

        TokenRecord(String token, long memberId, String scope, long expiration, long created, long goodForDays,
                    TokenState state, long totalUsed, long lastUsed, String lastUseIp) {
            this.token = token;
            this.memberId = memberId;
            this.scope = scope;
            this.expiration = expiration;
            this.created = created;
            this.goodForDays = goodForDays;
            this.state = state;
            this.totalUsed = totalUsed;
            this.lastUsed = lastUsed;
            this.lastUseIp = lastUseIp;
        }
    }

    private final Map<Long, Member> membersById = new LinkedHashMap<>();
    private final Map<String, Member> membersByName = new HashMap<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<Long, Topic> topics = new LinkedHashMap<>();
    // Topics by node, so a node's page (and its topic count, in every topic's node object) does not
    // scan every topic of the world, however large it grows (see addNode).
    private final Map<String, List<Topic>> topicsByNode = new HashMap<>();
    private final Map<Long, List<Reply>> replies = new HashMap<>();
    private final Map<Long, List<Notification>> notifications = new HashMap<>(); // per member, newest first
    private final Map<String, TokenRecord> tokens = new LinkedHashMap<>();
    private final Map<Long, Long> stickyUntil = new HashMap<>();
    private final Map<Long, Long> boostedAt = new HashMap<>();

    private DemoData() {
    }

    /** The deterministic world (fixed seed). */
    public static DemoData generate() {
        DemoData d = new DemoData();
        new DemoGenerator(d, new Random(SEED)).run();
        return d;
    }

    // ---- filled by DemoGenerator, before anyone else sees the object ----

    void add(Member m) {
        membersById.put(m.id(), m);
        membersByName.put(m.username(), m);
    }

    void add(Node n) {
        nodes.put(n.name(), n);
    }

    void add(Topic t, List<Reply> rs) {
        topics.put(t.id(), t);
        topicsByNode.computeIfAbsent(t.nodeName(), n -> new ArrayList<>()).add(t);
        replies.put(t.id(), rs);
    }

    void setNotifications(long memberId, List<Notification> newestFirst) {
        notifications.put(memberId, newestFirst);
    }

    void add(TokenRecord r) {
        tokens.put(r.token, r);
    }

    // ======================================================================================
    // Three ways to grow the world. The demo uses none: they serve the benchmark and the tests,
    // which run the tests' fake (src/test) on this world, and they sit here because the content
    // records they make are this class's own.
    // ======================================================================================

    /**
     * Adds a node of {@code topicCount} topics without replies, with ids from {@code firstTopicId}
     * on, authored by members of the world; authors, titles and times are drawn from {@code random}
     * in a fixed order, so the same Random gives the same node. The benchmark's warm-up nodes: cold
     * node pages that no scenario reads.
     */
    public synchronized void addNode(long nodeId, String name, String title, long firstTopicId, int topicCount,
                                     Random random) {
        if (nodes.containsKey(name)) {
            throw new IllegalStateException("node " + name + " exists already");
        }
        for (long id = firstTopicId; id < firstTopicId + topicCount; id++) {
            if (topics.containsKey(id)) {
                throw new IllegalStateException("topic " + id + " exists already");
            }
        }
        List<Member> authors = List.copyOf(membersById.values());
        long created = WORLD_NOW - 1000 * DemoGenerator.DAY;
        nodes.put(name, new Node(nodeId, name, title, "", "", created, created));
        for (long id = firstTopicId; id < firstTopicId + topicCount; id++) {
            Member author = authors.get(random.nextInt(authors.size()));
            String topicTitle = DemoGenerator.TITLES[random.nextInt(DemoGenerator.TITLES.length)];
            String[] text = DemoGenerator.text("如题：" + topicTitle, author.username(), id, 0);
            long at = WORLD_NOW - random.nextInt(100_000);
            add(new Topic(id, topicTitle, text[0], text[1], 0, name, author.id(), at, at, List.of()), List.of());
        }
    }

    /**
     * Adds a notification, the newest, for the member that owns the token: another member favoured
     * one of their topics (no payload). Its id is one past every notification's so far. Tests that
     * delete a notification add their own first, so however many run, none runs out. Returns the id.
     */
    public synchronized long addNotification(String token) {
        TokenRecord owner = tokens.get(token);
        if (owner == null) {
            throw new IllegalArgumentException("no such token");
        }
        List<Notification> list = notifications.computeIfAbsent(owner.memberId, m -> new ArrayList<>());
        long id = 1 + notifications.values().stream().flatMap(List::stream).mapToLong(Notification::id).max().orElse(0);
        long created = Math.max(WORLD_NOW, list.isEmpty() ? 0 : list.get(0).created() + 1);
        Member actor = membersById.values().stream().filter(m -> m.id() != owner.memberId).findFirst().orElseThrow();
        Topic topic = topics.values().stream().filter(t -> t.memberId() == owner.memberId).findFirst()
                .orElse(topics.values().iterator().next());
        String text = "<a href=\"/member/" + actor.username() + "\"><strong>" + actor.username()
                + "</strong></a> 收藏了你发布的主题 › <a href=\"/t/" + topic.id() + "\" class=\"topic-link\">"
                + topic.title() + "</a>";
        list.add(0, new Notification(id, actor.id(), owner.memberId, text, null, "", created));
        return id;
    }

    /**
     * Makes an unknown, non-blank token a valid regular token of one of the world's members (chosen
     * by the token's hash), so a benchmark can play thousands of users, each with a token of its
     * own; a known token stays as it is.
     */
    public synchronized void adoptToken(String token) {
        if (token == null || token.isBlank() || tokens.containsKey(token)) {
            return;
        }
        List<Long> ids = List.copyOf(membersById.keySet());
        long memberId = ids.get(Math.floorMod(token.hashCode(), ids.size()));
        tokens.put(token, new TokenRecord(token, memberId, "regular", 2_592_000L, nowSeconds(), 30,
                TokenState.VALID, 0, 0, null));
    }

    // ======================================================================================
    // Reads, for the API and for tests (which compute their expectations from these)
    // ======================================================================================

    public List<DemoAccount> demoAccounts() {
        return DEMO_ACCOUNTS;
    }

    public synchronized List<String> usernames() {
        return membersById.values().stream().map(Member::username).toList();
    }

    public synchronized boolean isPro(String username) {
        Member m = membersByName.get(username);
        return m != null && m.pro();
    }

    /** The full member shape (as GET member sends it). */
    public synchronized Optional<JsonObject> member(String username) {
        return Optional.ofNullable(membersByName.get(username)).map(DemoData::memberFull);
    }

    public synchronized List<String> nodeNames() {
        return List.copyOf(nodes.keySet());
    }

    public synchronized Optional<JsonObject> node(String name) {
        return Optional.ofNullable(nodes.get(name)).map(this::nodeJson);
    }

    /** All topic ids, ascending. */
    public synchronized List<Long> topicIds() {
        return List.copyOf(topics.keySet());
    }

    /** Topic ids of a node in the order nodes/:name/topics lists them (last_touched desc, then id desc). */
    public synchronized List<Long> topicIdsOfNode(String name) {
        return topicsOfNode(name).stream().map(Topic::id).toList();
    }

    /** Topic ids authored by a member, ascending. */
    public synchronized List<Long> topicIdsByAuthor(String username) {
        Member m = membersByName.get(username);
        if (m == null) {
            return List.of();
        }
        return topics.values().stream().filter(t -> t.memberId() == m.id()).map(Topic::id).toList();
    }

    public synchronized Optional<String> authorOf(long topicId) {
        Topic t = topics.get(topicId);
        return t == null ? Optional.empty() : Optional.of(membersById.get(t.memberId()).username());
    }

    public synchronized Optional<JsonObject> topicDetail(long id) {
        Topic t = topics.get(id);
        return t == null ? Optional.empty() : Optional.of(topicDetail(t));
    }

    public synchronized Optional<JsonObject> topicListItem(long id) {
        Topic t = topics.get(id);
        return t == null ? Optional.empty() : Optional.of(topicListItem(t));
    }

    /** List-shape items of a node (empty if the node is unknown), in API order. */
    public synchronized List<JsonObject> topicListOfNode(String name) {
        return topicsOfNode(name).stream().map(this::topicListItem).toList();
    }

    public synchronized int replyCount(long topicId) {
        return replies.getOrDefault(topicId, List.of()).size();
    }

    /** Replies of a topic, oldest first (the API order). */
    public synchronized List<JsonObject> repliesOf(long topicId) {
        return replies.getOrDefault(topicId, List.of()).stream().map(this::replyJson).toList();
    }

    /** Notifications of the member that owns this token, newest first (empty for unknown tokens). */
    public synchronized List<JsonObject> notificationsOf(String token) {
        TokenRecord r = tokens.get(token);
        return r == null ? List.of() : notificationsOfMember(r.memberId);
    }

    public synchronized List<JsonObject> notificationsOfUser(String username) {
        Member m = membersByName.get(username);
        return m == null ? List.of() : notificationsOfMember(m.id());
    }

    /** The member a token belongs to (also for expired tokens), or null if unknown. */
    public synchronized String usernameOf(String token) {
        TokenRecord r = tokens.get(token);
        return r == null ? null : membersById.get(r.memberId).username();
    }

    /** Every token a member holds, expired ones included (they count towards the limit of 10). */
    public synchronized List<String> tokensOf(String username) {
        Member m = membersByName.get(username);
        if (m == null) {
            return List.of();
        }
        return tokens.values().stream().filter(r -> r.memberId == m.id()).map(r -> r.token).toList();
    }

    /** The token shape (as GET token sends it). */
    public synchronized Optional<JsonObject> tokenInfo(String token) {
        return Optional.ofNullable(tokens.get(token)).map(DemoData::tokenJson);
    }

    public synchronized OptionalLong stickyUntil(long topicId) {
        Long v = stickyUntil.get(topicId);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    public synchronized OptionalLong boostedAt(long topicId) {
        Long v = boostedAt.get(topicId);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    // ======================================================================================
    // The API's mutations
    // ======================================================================================

    /** Checks a bearer token; a VALID check also records the use (total_used, last_used, last_use_ip). */
    synchronized TokenCheck authenticate(String token, String ip) {
        TokenRecord r = token == null ? null : tokens.get(token);
        if (r == null) {
            return new TokenCheck(TokenState.UNKNOWN, token, null, null);
        }
        if (r.state != TokenState.VALID) {
            return new TokenCheck(r.state, token, null, null);
        }
        r.totalUsed++;
        r.lastUsed = nowSeconds();
        r.lastUseIp = ip;
        return new TokenCheck(TokenState.VALID, token, membersById.get(r.memberId).username(), r.scope);
    }

    /** Removes one of the member's notifications; false if unknown or someone else's. */
    synchronized boolean deleteNotification(String username, long notificationId) {
        Member m = membersByName.get(username);
        if (m == null) {
            return false;
        }
        return notifications.getOrDefault(m.id(), new ArrayList<>()).removeIf(n -> n.id() == notificationId);
    }

    /** Creates a token for the member; empty if the member already holds the maximum. */
    synchronized Optional<String> createToken(String username, String scope, long expiration) {
        Member m = membersByName.get(username);
        if (m == null || tokensOf(username).size() >= MAX_TOKENS_PER_MEMBER) {
            return Optional.empty();
        }
        String token = UUID.randomUUID().toString();
        tokens.put(token, new TokenRecord(token, m.id(), scope, expiration, nowSeconds(), expiration / 86_400,
                TokenState.VALID, 0, 0, ""));
        return Optional.of(token);
    }

    synchronized void setStickyUntil(long topicId, long until) {
        stickyUntil.put(topicId, until);
    }

    synchronized void markBoosted(long topicId, long at) {
        boostedAt.put(topicId, at);
    }

    static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    // ======================================================================================
    // JSON shapes (field names exactly as the upstream sends them)
    // ======================================================================================

    private static String avatar(long memberId, String size, long stamp) {
        return "https://cdn.v2ex.com/avatar/fake/" + memberId + "_" + size + ".png?m=" + stamp;
    }

    private static JsonObject memberFull(Member m) {
        JsonObject o = new JsonObject()
                .put("id", m.id())
                .put("username", m.username())
                .put("url", SITE + "/u/" + m.username())
                .put("website", m.website())
                .put("twitter", m.twitter())
                .put("psn", m.psn())
                .put("github", m.github())
                .put("btc", m.btc())
                .put("location", m.location())
                .put("tagline", m.tagline())
                .put("bio", m.bio())
                .put("avatar_mini", avatar(m.id(), "mini", m.lastModified()))
                .put("avatar_normal", avatar(m.id(), "normal", m.lastModified()))
                .put("avatar_large", avatar(m.id(), "large", m.lastModified()));
        if (m.pro()) {
            // Only PRO members have the extra-large avatar sizes.
            o.put("avatar_xlarge", avatar(m.id(), "xlarge", m.lastModified()))
                    .put("avatar_xxlarge", avatar(m.id(), "xxlarge", m.lastModified()))
                    .put("avatar_xxxlarge", avatar(m.id(), "xxxlarge", m.lastModified()));
        }
        return o.put("created", m.created()).put("last_modified", m.lastModified());
    }

    private static JsonObject memberSlim(Member m) {
        return new JsonObject()
                .put("id", m.id())
                .put("username", m.username())
                .put("url", SITE + "/member/" + m.username())
                .put("avatar", avatar(m.id(), "large", m.lastModified()))
                .put("bio", m.bio())
                .put("website", m.website())
                .put("github", m.github())
                .put("created", m.created())
                .put("pro", m.pro() ? 1 : 0);
    }

    private JsonObject nodeJson(Node n) {
        return new JsonObject()
                .put("id", n.id())
                .put("url", SITE + "/go/" + n.name())
                .put("name", n.name())
                .put("title", n.title())
                .put("header", n.header())
                .put("footer", n.footer())
                .put("avatar", "https://cdn.v2ex.com/navatar/fake/" + n.id() + "_large.png?m=" + n.lastModified())
                .put("topics", topicsByNode.getOrDefault(n.name(), List.of()).size())
                .put("created", n.created())
                .put("last_modified", n.lastModified());
    }

    private JsonObject topicListItem(Topic t) {
        List<Reply> rs = replies.getOrDefault(t.id(), List.of());
        Reply last = rs.isEmpty() ? null : rs.get(rs.size() - 1);
        return new JsonObject()
                .put("id", t.id())
                .put("title", t.title())
                .put("content", t.content())
                .put("content_rendered", t.contentRendered())
                .put("syntax", t.syntax())
                .put("url", SITE + "/t/" + t.id())
                .put("replies", rs.size())
                // No replies yet: the upstream sends an empty string, not null.
                .put("last_reply_by", last == null ? "" : membersById.get(last.memberId()).username())
                .put("created", t.created())
                .put("last_modified", t.lastModified())
                .put("last_touched", lastTouched(t));
    }

    private JsonObject topicDetail(Topic t) {
        JsonArray supplements = new JsonArray();
        for (Supplement s : t.supplements()) {
            supplements.add(new JsonObject()
                    .put("id", s.id())
                    .put("content", s.content())
                    .put("content_rendered", s.contentRendered())
                    .put("syntax", s.syntax())
                    .put("created", s.created()));
        }
        return topicListItem(t)
                .put("member", memberSlim(membersById.get(t.memberId())))
                .put("node", nodeJson(nodes.get(t.nodeName())))
                .put("supplements", supplements);
    }

    private JsonObject replyJson(Reply r) {
        return new JsonObject()
                .put("id", r.id())
                .put("content", r.content())
                .put("content_rendered", r.contentRendered())
                .put("created", r.created())
                .put("member", memberSlim(membersById.get(r.memberId())));
    }

    private JsonObject notificationJson(Notification n) {
        Object payload = n.payload() instanceof JsonObject o ? o.copy() : n.payload();
        return new JsonObject()
                .put("id", n.id())
                .put("member_id", n.actorId())
                .put("for_member_id", n.forMemberId())
                .put("text", n.text())
                .put("payload", payload)
                .put("payload_rendered", n.payloadRendered())
                .put("created", n.created())
                .put("member", new JsonObject().put("username", membersById.get(n.actorId()).username()));
    }

    private static JsonObject tokenJson(TokenRecord r) {
        return new JsonObject()
                .put("token", r.token)
                .put("scope", r.scope)
                .put("expiration", r.expiration)
                .put("good_for_days", r.goodForDays)
                .put("total_used", r.totalUsed)
                .put("last_used", r.lastUsed)
                .put("created", r.created)
                .put("last_use_ip", r.lastUseIp);
    }

    private List<JsonObject> notificationsOfMember(long memberId) {
        return notifications.getOrDefault(memberId, List.of()).stream().map(this::notificationJson).toList();
    }

    private long lastTouched(Topic t) {
        List<Reply> rs = replies.getOrDefault(t.id(), List.of());
        return rs.isEmpty() ? t.created() : rs.get(rs.size() - 1).created();
    }

    private List<Topic> topicsOfNode(String name) {
        return topicsByNode.getOrDefault(name, List.of()).stream()
                .sorted(Comparator.comparingLong(this::lastTouched).thenComparingLong(Topic::id).reversed())
                .toList();
    }
}
