package dev.v2exgraphql.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The generated world behind the fake V2EX API: members, nodes, topics, replies, notifications
 * and tokens. Generation uses a fixed seed and a fixed "world now" ({@link #WORLD_NOW}), so two
 * calls to {@link #generate()} give identical data; only mutations (deleted notifications, new
 * tokens, sticky/boost, token usage) bring in the real clock.
 *
 * <p>All state sits behind this object's monitor: the server calls it from event-loop threads
 * and tests read it from their own thread. JSON is built by hand on every read, so callers get
 * fresh copies they may modify freely.
 */
public final class FakeData {

    /** The generated world's "now" (2025-01-01T00:00:00Z); content timestamps lie before it. */
    public static final long WORLD_NOW = 1_735_689_600L;
    public static final long SEED = 20_250_101L;
    public static final String SITE = "https://www.v2ex.com";

    public static final String NODE_WITH_45_TOPICS = "python";
    public static final String NODE_WITHOUT_TOPICS = "jobs";
    public static final long TOPIC_WITH_45_REPLIES = 1000;
    public static final long TOPIC_WITHOUT_REPLIES = 1001;

    /** The benchmark's warm-up nodes ({@link #addWarmUpNodes}): topic ids far above the seeded 1000–1165. */
    public static final long FIRST_WARM_UP_TOPIC = 50_000;
    public static final int TOPICS_PER_WARM_UP_NODE = 20;

    public static final String TOKEN_ALICE = "demo-token-alice";
    public static final String TOKEN_BOB = "demo-token-bob";
    public static final String TOKEN_CAROL = "demo-token-carol";
    public static final String TOKEN_EXPIRED = "demo-token-expired";
    public static final String TOKEN_EXPIRED_QUIRK = "demo-token-expired-quirk";

    public static final int MAX_TOKENS_PER_MEMBER = 10;
    public static final Set<Long> VALID_EXPIRATIONS = Set.of(2_592_000L, 5_184_000L, 7_776_000L, 15_552_000L);
    public static final Set<String> VALID_SCOPES = Set.of("everything", "regular");

    public record DemoAccount(String username, String token, String scope, boolean pro) {
    }

    /** How a bearer token fares: valid, expired (401), expired with the HTTP 200 quirk, or unknown. */
    public enum TokenState { VALID, EXPIRED, EXPIRED_QUIRK_200, UNKNOWN }

    /** The result of checking a bearer token; username/scope are null unless the state is VALID. */
    public record TokenCheck(TokenState state, String token, String username, String scope) {
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
    private static final class TokenRecord {
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
    // scan every topic of the world: the benchmark's warm-up nodes make that world large.
    private final Map<String, List<Topic>> topicsByNode = new HashMap<>();
    private final Map<Long, List<Reply>> replies = new HashMap<>();
    private final Map<Long, List<Notification>> notifications = new HashMap<>(); // per member, newest first
    private final Map<String, TokenRecord> tokens = new LinkedHashMap<>();
    private final Map<Long, Long> stickyUntil = new HashMap<>();
    private final Map<Long, Long> boostedAt = new HashMap<>();
    private final List<DemoAccount> demoAccounts = List.of(
            new DemoAccount("alice", TOKEN_ALICE, "everything", true),
            new DemoAccount("bob", TOKEN_BOB, "everything", false),
            new DemoAccount("carol", TOKEN_CAROL, "regular", false));

    private FakeData() {
    }

    /** The deterministic world (fixed seed). */
    private boolean acceptAnyToken;

    public static FakeData generate() {
        FakeData d = new FakeData();
        new Generator(d, new Random(SEED)).run();
        return d;
    }

    /**
     * Adds nodes {@code warmup1} … {@code warmup<count>}, each with 20 topics (no replies) by
     * members of the world, for the benchmark's JIT warm-up: cold node pages that no scenario and no
     * test reads. Drawn from their own seeded Random after the world is built, so the seeded world
     * stays exactly as {@link #generate()} makes it.
     */
    public synchronized FakeData addWarmUpNodes(int count) {
        if (count < 0 || count > 1000) {
            throw new IllegalArgumentException("warm-up nodes: 0 to 1000, got " + count);
        }
        if (topics.containsKey(FIRST_WARM_UP_TOPIC)) {
            throw new IllegalStateException("the warm-up nodes were added already");
        }
        Random r = new Random(SEED + 1);
        List<Member> authors = List.copyOf(membersById.values());
        long id = FIRST_WARM_UP_TOPIC;
        for (int k = 1; k <= count; k++) {
            String name = "warmup" + k;
            long created = WORLD_NOW - 1000 * Generator.DAY;
            nodes.put(name, new Node(10_000 + k, name, "Warm-up " + k, "", "", created, created));
            for (int i = 0; i < TOPICS_PER_WARM_UP_NODE; i++, id++) {
                Member author = authors.get(r.nextInt(authors.size()));
                String title = Generator.TITLES[r.nextInt(Generator.TITLES.length)];
                String[] text = Generator.text("如题：" + title, author.username(), id, 0);
                long at = WORLD_NOW - r.nextInt(100_000);
                addTopic(new Topic(id, title, text[0], text[1], 0, name, author.id(), at, at, List.of()));
                replies.put(id, List.of());
            }
        }
        return this;
    }

    // ======================================================================================
    // Accessors for the server and for tests (compute expectations from these, not constants)
    // ======================================================================================

    public List<DemoAccount> demoAccounts() {
        return demoAccounts;
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
        return Optional.ofNullable(membersByName.get(username)).map(FakeData::memberFull);
    }

    /** The slim member shape (as embedded in topics and replies). */
    public synchronized Optional<JsonObject> memberSlim(String username) {
        return Optional.ofNullable(membersByName.get(username)).map(FakeData::memberSlim);
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
        return Optional.ofNullable(tokens.get(token)).map(FakeData::tokenJson);
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
    // Operations used by the server (mutations)
    // ======================================================================================

    /** Checks a bearer token; a VALID check also records the use (total_used, last_used, last_use_ip). */
    synchronized TokenCheck authenticate(String token, String ip) {
        TokenRecord r = token == null ? null : tokens.get(token);
        if (r == null && acceptAnyToken && token != null && !token.isBlank()) {
            r = adopt(token);
        }
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

    /**
     * Benchmarks simulate many users: with this on, an unknown token becomes a valid regular token
     * of one of the generated members (chosen by the token's hash), instead of a 401.
     */
    public synchronized FakeData acceptAnyToken(boolean accept) {
        this.acceptAnyToken = accept;
        return this;
    }

    private TokenRecord adopt(String token) {
        List<Long> ids = List.copyOf(membersById.keySet());
        long memberId = ids.get(Math.floorMod(token.hashCode(), ids.size()));
        TokenRecord r = new TokenRecord(token, memberId, "regular", 2_592_000L, nowSeconds(), 30, TokenState.VALID,
                0, 0, null);
        tokens.put(token, r);
        return r;
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

    private void addTopic(Topic t) {
        topics.put(t.id(), t);
        topicsByNode.computeIfAbsent(t.nodeName(), n -> new ArrayList<>()).add(t);
    }

    private List<Topic> topicsOfNode(String name) {
        return topicsByNode.getOrDefault(name, List.of()).stream()
                .sorted(Comparator.comparingLong(this::lastTouched).thenComparingLong(Topic::id).reversed())
                .toList();
    }

    // ======================================================================================
    // Generation
    // ======================================================================================

    /** Builds the world into a FakeData; every random choice comes from one seeded Random. */
    private static final class Generator {
        private static final long DAY = 86_400;
        private static final String[] FIXED_NAMES = {"alice", "bob", "carol", "dave", "erin", "frank", "grace",
                "heidi", "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent",
                "victor", "walter", "yolanda"};
        private static final String[] SYLLABLES = {"ka", "ri", "to", "mi", "na", "lu", "zen", "bo", "shi", "ya",
                "ko", "ne"};
        private static final String[] TITLES = {"Python 3.13 的 free-threading 实际体验如何？", "有没有好用的 API 网关推荐",
                "M4 Mac mini 值得入手吗", "How do you structure a monorepo?", "求推荐适合新手的开源项目",
                "GraphQL 和 REST 到底怎么选", "远程工作两年的一些感想", "iPhone 电池健康度掉得太快了",
                "Is asyncio worth it for small scripts?", "分享一个自己写的小工具", "面试被问到分布式锁，怎么答比较好",
                "周末折腾 NAS 的记录"};
        private static final String[] LEADS = {"我也遇到过同样的问题", "Thanks for sharing", "可以参考一下之前的讨论",
                "+1，同求", "Have you tried profiling it first", "楼主说得对"};
        private static final String[] LOCATIONS = {"Shanghai", "Beijing", "Hangzhou", "Shenzhen", "Tokyo", ""};

        private final FakeData d;
        private final Random r;
        private final List<Member> members = new ArrayList<>();
        private long nextReplyId = 100_000;
        private long nextSupplementId = 5_000;
        private long nextNotificationId = 300_000;

        Generator(FakeData d, Random r) {
            this.d = d;
            this.r = r;
        }

        void run() {
            members();
            nodes();
            topicsAndReplies();
            notifications();
            tokens();
        }

        private void members() {
            Set<String> names = new LinkedHashSet<>(List.of(FIXED_NAMES));
            while (names.size() < 40) {
                names.add(SYLLABLES[r.nextInt(SYLLABLES.length)] + SYLLABLES[r.nextInt(SYLLABLES.length)]
                        + SYLLABLES[r.nextInt(SYLLABLES.length)]);
            }
            long id = 1;
            for (String name : names) {
                boolean pro = switch (name) {
                    case "alice" -> true;
                    case "bob", "carol" -> false;
                    default -> r.nextInt(4) == 0;
                };
                long created = WORLD_NOW - (300 + r.nextInt(2700)) * DAY;
                boolean hasSite = r.nextBoolean();
                Member m = new Member(id++, name, pro,
                        hasSite ? "https://" + name + ".example.com" : "",
                        r.nextInt(3) == 0 ? name + "_tw" : "",
                        "",
                        hasSite ? name : "",
                        r.nextInt(5) == 0 ? "bc1q" + name + "fakeaddress" : null,
                        LOCATIONS[r.nextInt(LOCATIONS.length)],
                        "Hi, I am " + name,
                        r.nextBoolean() ? "Writes code, mostly Python." : "",
                        created, created + r.nextInt(200) * DAY);
                members.add(m);
                d.membersById.put(m.id(), m);
                d.membersByName.put(m.username(), m);
            }
        }

        private void nodes() {
            node(90, "python", "Python", "这里讨论 Python 编程语言及其生态。");
            node(300, "programmer", "程序员", "While code.alive? 程序员的日常。");
            node(184, "apple", "Apple", "Think different.");
            node(12, "qna", "问与答", "一个更好的世界需要你持续地提出好问题。");
            node(43, "jobs", "酷工作", "发布招聘信息请遵守节点规则。");
            node(2, "v2ex", "V2EX", "关于 V2EX 本身的讨论。");
        }

        private void node(long id, String name, String title, String blurb) {
            long created = WORLD_NOW - (2000 + r.nextInt(1000)) * DAY;
            // Root-relative links on purpose: the facade must absolutize them.
            String header = blurb + " 相关节点：<a href=\"/go/" + name + "\">" + title + "</a>";
            String footer = "请先阅读 <a href=\"/go/v2ex\">V2EX</a> 的社区规则。";
            d.nodes.put(name, new Node(id, name, title, header, footer, created, created + r.nextInt(500) * DAY));
        }

        private void topicsAndReplies() {
            // Slots say which node each topic goes to. The first two are pinned to python so the
            // special topics (45 replies, 0 replies) have fixed ids 1000 and 1001.
            List<String> slots = new ArrayList<>();
            for (String name : d.nodes.keySet()) {
                int count = switch (name) {
                    case NODE_WITH_45_TOPICS -> 45;
                    case NODE_WITHOUT_TOPICS -> 0;
                    default -> 20 + r.nextInt(41);
                };
                for (int i = 0; i < count; i++) {
                    slots.add(name);
                }
            }
            slots.remove(NODE_WITH_45_TOPICS);
            slots.remove(NODE_WITH_45_TOPICS);
            java.util.Collections.shuffle(slots, r);
            slots.add(0, NODE_WITH_45_TOPICS);
            slots.add(0, NODE_WITH_45_TOPICS);

            Member alice = d.membersByName.get("alice");
            Member bob = d.membersByName.get("bob");
            long start = WORLD_NOW - 200 * DAY;
            long spacing = 200 * DAY / slots.size() / 2; // topics occupy the first half of the span
            for (int i = 0; i < slots.size(); i++) {
                long id = 1000 + i;
                Member author;
                if (id == TOPIC_WITH_45_REPLIES || i % 8 == 3) {
                    author = alice;
                } else if (id == TOPIC_WITHOUT_REPLIES) {
                    author = bob;
                } else {
                    author = members.get(r.nextInt(members.size()));
                }
                long created = start + i * spacing + r.nextInt((int) (spacing / 2));
                int syntax = r.nextInt(3) == 0 ? 1 : 0;
                long ref = i == 0 ? id : 1000 + r.nextInt(i);
                String mention = members.get(r.nextInt(members.size())).username();
                String title = TITLES[r.nextInt(TITLES.length)];
                String[] text = text("如题：" + title, mention, ref, syntax);

                List<Supplement> supplements = new ArrayList<>();
                int supplementCount = i % 6 == 2 ? 1 : i % 15 == 4 ? 2 : 0;
                for (int s = 0; s < supplementCount; s++) {
                    String[] st = text("补充说明 " + (s + 1), author.username(), id, syntax);
                    supplements.add(new Supplement(nextSupplementId++, st[0], st[1], syntax,
                            created + (s + 1) * 3600L));
                }
                long lastModified = supplements.isEmpty() ? created : supplements.get(supplements.size() - 1).created();
                d.addTopic(new Topic(id, title, text[0], text[1], syntax,
                        slots.get(i), author.id(), created, lastModified, List.copyOf(supplements)));

                int replyCount;
                if (id == TOPIC_WITH_45_REPLIES) {
                    replyCount = 45;
                } else if (id == TOPIC_WITHOUT_REPLIES) {
                    replyCount = 0;
                } else {
                    replyCount = 1 + r.nextInt(60);
                    if (replyCount == 45) {
                        replyCount = 44; // keep 45 and 0 unique to the two special topics
                    }
                }
                d.replies.put(id, replies(id, created, replyCount));
            }
        }

        private List<Reply> replies(long topicId, long topicCreated, int count) {
            List<Reply> list = new ArrayList<>();
            long gap = Math.max(60, (WORLD_NOW - topicCreated) / (count + 1) / 2);
            long t = topicCreated;
            for (int j = 0; j < count; j++) {
                t += 30 + r.nextInt((int) gap);
                Member who = members.get(r.nextInt(members.size()));
                String mention = members.get(r.nextInt(members.size())).username();
                String[] text = text(LEADS[r.nextInt(LEADS.length)], mention, 1000 + r.nextInt(40), 0);
                list.add(new Reply(nextReplyId++, topicId, who.id(), text[0], text[1], t));
            }
            return List.copyOf(list);
        }

        /** {content, content_rendered}; the HTML carries root-relative /t/ and /member/ links. */
        private static String[] text(String lead, String mention, long topicRef, int syntax) {
            String html = escape(lead) + " @<a href=\"/member/" + mention + "\">" + mention + "</a> ";
            if (syntax == 1) {
                return new String[]{lead + " @" + mention + " 参见 [这个主题](/t/" + topicRef + ")",
                        "<p>" + html + "参见 <a href=\"/t/" + topicRef + "\">这个主题</a></p>"};
            }
            return new String[]{lead + " @" + mention + " 参见 /t/" + topicRef,
                    html + "参见 <a href=\"/t/" + topicRef + "\">/t/" + topicRef + "</a>"};
        }

        private void notifications() {
            notificationsFor("alice", 25);
            notificationsFor("bob", 3);
            notificationsFor("carol", 0);
        }

        private void notificationsFor(String username, int count) {
            Member owner = d.membersByName.get(username);
            List<Notification> list = new ArrayList<>();
            // Generated oldest first so ids grow with time; stored newest first.
            for (int i = count - 1; i >= 0; i--) {
                Member actor;
                do {
                    actor = members.get(r.nextInt(members.size()));
                } while (actor.id() == owner.id());
                long topicId = 1000 + r.nextInt(d.topics.size());
                String title = escape(d.topics.get(topicId).title());
                String who = "<a href=\"/member/" + actor.username() + "\"><strong>" + actor.username() + "</strong></a>";
                long created = WORLD_NOW - (i + 1) * 5400L - r.nextInt(1800);
                String text;
                Object payload;
                String rendered;
                switch (i % 3) {
                    case 0 -> { // a mention: payload is the reply text (a string)
                        text = who + " 在回复 <a href=\"/t/" + topicId + "#reply" + (1 + r.nextInt(30))
                                + "\" class=\"topic-link\">" + title + "</a> 时提到了你";
                        payload = "@" + username + " 你看一下 /t/" + topicId;
                        rendered = "@<a href=\"/member/" + username + "\">" + username + "</a> 你看一下 <a href=\"/t/"
                                + topicId + "\">/t/" + topicId + "</a>";
                    }
                    case 1 -> { // a favourite: no payload at all
                        text = who + " 收藏了你发布的主题 › <a href=\"/t/" + topicId + "\" class=\"topic-link\">" + title + "</a>";
                        payload = null;
                        rendered = "";
                    }
                    default -> { // a thank-you: the payload is an object (the documented quirk)
                        text = who + " 感谢了你发布的主题 › <a href=\"/t/" + topicId + "\" class=\"topic-link\">" + title + "</a>";
                        payload = new JsonObject().put("type", "thanks").put("topic_id", topicId).put("amount", 10);
                        rendered = "感谢 10 铜币";
                    }
                }
                list.add(0, new Notification(nextNotificationId++, actor.id(), owner.id(), text, payload, rendered, created));
            }
            d.notifications.put(owner.id(), list);
        }

        private void tokens() {
            long alice = d.membersByName.get("alice").id();
            long bob = d.membersByName.get("bob").id();
            long carol = d.membersByName.get("carol").id();
            token(TOKEN_ALICE, alice, "everything", 15_552_000L, TokenState.VALID, 42);
            token(TOKEN_BOB, bob, "everything", 7_776_000L, TokenState.VALID, 7);
            token(TOKEN_CAROL, carol, "regular", 2_592_000L, TokenState.VALID, 3);
            // Old tokens of alice's; they count towards her limit of 10.
            token(TOKEN_EXPIRED, alice, "everything", 2_592_000L, TokenState.EXPIRED, 120);
            token(TOKEN_EXPIRED_QUIRK, alice, "everything", 2_592_000L, TokenState.EXPIRED_QUIRK_200, 80);
        }

        private void token(String token, long memberId, String scope, long expiration, TokenState state, int used) {
            boolean expired = state != TokenState.VALID;
            long created = expired ? WORLD_NOW - 100 * DAY : WORLD_NOW - 10 * DAY;
            long goodForDays = Math.max(0, (created + expiration - WORLD_NOW) / DAY);
            d.tokens.put(token, new TokenRecord(token, memberId, scope, expiration, created, goodForDays, state,
                    used, WORLD_NOW - 3600L * (1 + r.nextInt(48)), "127.0.0.1"));
        }

        private static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }
}
