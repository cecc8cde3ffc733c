package dev.v2exgraphql.demo;

import java.util.Random;

import dev.v2exgraphql.v2ex.Endpoint;

/**
 * The facts of the generated demo world that tests name: the lists at the edges of paging, the
 * demo tokens (also the expired ones), and the benchmark's warm-up nodes. The generator does not
 * read these names; {@code FixturesTest} proves the world really has each property claimed here.
 */
public final class Fixtures {

    /** Three pages of topics, the last one short. */
    public static final String NODE_WITH_45_TOPICS = "python";
    /** A node with no topics: zero pages. */
    public static final String NODE_WITHOUT_TOPICS = "jobs";
    /** Three pages of replies, the last one short; authored by alice. */
    public static final long TOPIC_WITH_45_REPLIES = 1000;
    /** No replies at all; authored by bob. */
    public static final long TOPIC_WITHOUT_REPLIES = 1001;

    public static final String TOKEN_ALICE = "demo-token-alice";
    public static final String TOKEN_BOB = "demo-token-bob";
    public static final String TOKEN_CAROL = "demo-token-carol";
    /** alice's, answered with 401 "Token expired". */
    public static final String TOKEN_EXPIRED = "demo-token-expired";
    /** alice's, answered with the upstream's quirk: HTTP 200 and a "Token expired" failure envelope. */
    public static final String TOKEN_EXPIRED_QUIRK = "demo-token-expired-quirk";

    /** The benchmark's warm-up nodes ({@link #addWarmUpNodes}): topic ids far above the seeded 1000–1165. */
    public static final long FIRST_WARM_UP_TOPIC = 50_000;
    /** One page of a node's topics each. */
    public static final int TOPICS_PER_WARM_UP_NODE = Endpoint.NODE_TOPICS.perPage();

    private Fixtures() {
    }

    /**
     * Adds nodes {@code warmup1} … {@code warmup<count>}, each with one page of topics (no replies)
     * by members of the world, for the benchmark's JIT warm-up: cold node pages that no scenario and
     * no test reads. Drawn from their own seeded Random after the world is built, so the seeded
     * world stays exactly as {@link DemoData#generate()} makes it.
     */
    public static DemoData addWarmUpNodes(DemoData data, int count) {
        if (count < 0 || count > 1000) {
            throw new IllegalArgumentException("warm-up nodes: 0 to 1000, got " + count);
        }
        if (data.topicDetail(FIRST_WARM_UP_TOPIC).isPresent()) {
            throw new IllegalStateException("the warm-up nodes were added already");
        }
        Random random = new Random(DemoData.SEED + 1);
        for (int k = 1; k <= count; k++) {
            data.addNode(10_000 + k, "warmup" + k, "Warm-up " + k,
                    FIRST_WARM_UP_TOPIC + (long) (k - 1) * TOPICS_PER_WARM_UP_NODE, TOPICS_PER_WARM_UP_NODE, random);
        }
        return data;
    }
}
