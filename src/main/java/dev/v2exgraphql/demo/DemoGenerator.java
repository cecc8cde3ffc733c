package dev.v2exgraphql.demo;

import static dev.v2exgraphql.demo.DemoData.WORLD_NOW;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import dev.v2exgraphql.demo.DemoData.Member;
import dev.v2exgraphql.demo.DemoData.Node;
import dev.v2exgraphql.demo.DemoData.Notification;
import dev.v2exgraphql.demo.DemoData.Reply;
import dev.v2exgraphql.demo.DemoData.Supplement;
import dev.v2exgraphql.demo.DemoData.TokenRecord;
import dev.v2exgraphql.demo.DemoData.TokenState;
import dev.v2exgraphql.demo.DemoData.Topic;
import io.vertx.core.json.JsonObject;

/**
 * Builds the demo world into a {@link DemoData}. Every random choice comes from the one seeded
 * Random, in a fixed order: reordering a draw changes the whole world (and what the tests and the
 * e2e run expect of it).
 */
final class DemoGenerator {

    static final long DAY = 86_400;
    static final String[] TITLES = {"Python 3.13 的 free-threading 实际体验如何？", "有没有好用的 API 网关推荐",
            "M4 Mac mini 值得入手吗", "How do you structure a monorepo?", "求推荐适合新手的开源项目",
            "GraphQL 和 REST 到底怎么选", "远程工作两年的一些感想", "iPhone 电池健康度掉得太快了",
            "Is asyncio worth it for small scripts?", "分享一个自己写的小工具", "面试被问到分布式锁，怎么答比较好",
            "周末折腾 NAS 的记录"};
    private static final String[] FIXED_NAMES = {"alice", "bob", "carol", "dave", "erin", "frank", "grace",
            "heidi", "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent",
            "victor", "walter", "yolanda"};
    private static final String[] SYLLABLES = {"ka", "ri", "to", "mi", "na", "lu", "zen", "bo", "shi", "ya",
            "ko", "ne"};
    private static final String[] LEADS = {"我也遇到过同样的问题", "Thanks for sharing", "可以参考一下之前的讨论",
            "+1，同求", "Have you tried profiling it first", "楼主说得对"};
    private static final String[] LOCATIONS = {"Shanghai", "Beijing", "Hangzhou", "Shenzhen", "Tokyo", ""};

    // The lists that show paging at its edges: a node of three pages with a short last one, an empty
    // node, and the first two topics (both in the big node) with three pages of replies and none.
    private static final String BIG_NODE = "python";
    private static final String EMPTY_NODE = "jobs";
    private static final long TOPIC_WITH_THREE_PAGES_OF_REPLIES = 1000;
    private static final long TOPIC_WITHOUT_REPLIES = 1001;

    private final DemoData d;
    private final Random r;
    private final List<Member> members = new ArrayList<>();
    private final Map<String, Member> byName = new HashMap<>();
    private final List<String> nodeNames = new ArrayList<>();
    private final List<String> topicTitles = new ArrayList<>(); // index = topic id - 1000
    private long nextReplyId = 100_000;
    private long nextSupplementId = 5_000;
    private long nextNotificationId = 300_000;

    DemoGenerator(DemoData d, Random r) {
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
            byName.put(name, m);
            d.add(m);
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
        nodeNames.add(name);
        d.add(new Node(id, name, title, header, footer, created, created + r.nextInt(500) * DAY));
    }

    private void topicsAndReplies() {
        // Slots say which node each topic goes to. The first two are pinned to the big node so
        // the topics with three pages of replies and with none have the fixed ids 1000 and 1001.
        List<String> slots = new ArrayList<>();
        for (String name : nodeNames) {
            int count = switch (name) {
                case BIG_NODE -> 45;
                case EMPTY_NODE -> 0;
                default -> 20 + r.nextInt(41);
            };
            for (int i = 0; i < count; i++) {
                slots.add(name);
            }
        }
        slots.remove(BIG_NODE);
        slots.remove(BIG_NODE);
        Collections.shuffle(slots, r);
        slots.add(0, BIG_NODE);
        slots.add(0, BIG_NODE);

        Member alice = byName.get("alice");
        Member bob = byName.get("bob");
        long start = WORLD_NOW - 200 * DAY;
        long spacing = 200 * DAY / slots.size() / 2; // topics occupy the first half of the span
        for (int i = 0; i < slots.size(); i++) {
            long id = 1000 + i;
            Member author;
            if (id == TOPIC_WITH_THREE_PAGES_OF_REPLIES || i % 8 == 3) {
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
            Topic topic = new Topic(id, title, text[0], text[1], syntax,
                    slots.get(i), author.id(), created, lastModified, List.copyOf(supplements));
            topicTitles.add(title);

            int replyCount;
            if (id == TOPIC_WITH_THREE_PAGES_OF_REPLIES) {
                replyCount = 45;
            } else if (id == TOPIC_WITHOUT_REPLIES) {
                replyCount = 0;
            } else {
                replyCount = 1 + r.nextInt(60);
                if (replyCount == 45) {
                    replyCount = 44; // keep 45 and 0 unique to the two special topics
                }
            }
            d.add(topic, replies(id, created, replyCount));
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
    static String[] text(String lead, String mention, long topicRef, int syntax) {
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
        Member owner = byName.get(username);
        List<Notification> list = new ArrayList<>();
        // Generated oldest first so ids grow with time; stored newest first.
        for (int i = count - 1; i >= 0; i--) {
            Member actor;
            do {
                actor = members.get(r.nextInt(members.size()));
            } while (actor.id() == owner.id());
            long topicId = 1000 + r.nextInt(topicTitles.size());
            String title = escape(topicTitles.get((int) (topicId - 1000)));
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
        d.setNotifications(owner.id(), list);
    }

    private void tokens() {
        for (DemoData.DemoAccount account : DemoData.DEMO_ACCOUNTS) {
            Member m = byName.get(account.username());
            int used = switch (account.username()) {
                case "alice" -> 42;
                case "bob" -> 7;
                default -> 3;
            };
            long expiration = switch (account.username()) {
                case "alice" -> 15_552_000L;
                case "bob" -> 7_776_000L;
                default -> 2_592_000L;
            };
            token(account.token(), m.id(), account.scope(), expiration, TokenState.VALID, used);
        }
        // Old tokens of alice's, one for each way the upstream says "expired"; they count towards
        // her limit of 10.
        long alice = byName.get("alice").id();
        token("demo-token-expired", alice, "everything", 2_592_000L, TokenState.EXPIRED, 120);
        token("demo-token-expired-quirk", alice, "everything", 2_592_000L, TokenState.EXPIRED_QUIRK_200, 80);
    }

    private void token(String token, long memberId, String scope, long expiration, TokenState state, int used) {
        boolean expired = state != TokenState.VALID;
        long created = expired ? WORLD_NOW - 100 * DAY : WORLD_NOW - 10 * DAY;
        long goodForDays = Math.max(0, (created + expiration - WORLD_NOW) / DAY);
        d.add(new TokenRecord(token, memberId, scope, expiration, created, goodForDays, state,
                used, WORLD_NOW - 3600L * (1 + r.nextInt(48)), "127.0.0.1"));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
