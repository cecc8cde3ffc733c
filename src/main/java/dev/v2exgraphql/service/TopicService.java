package dev.v2exgraphql.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.v2exgraphql.auth.Call;
import dev.v2exgraphql.cache.CacheKey;
import dev.v2exgraphql.v2ex.CacheKind;
import dev.v2exgraphql.cache.TwoTierCache;
import dev.v2exgraphql.config.V2exConfig;
import dev.v2exgraphql.model.BoostTopicPayload;
import dev.v2exgraphql.model.Member;
import dev.v2exgraphql.model.Node;
import dev.v2exgraphql.model.ReplyPage;
import dev.v2exgraphql.model.StickyDuration;
import dev.v2exgraphql.model.StickyTopicPayload;
import dev.v2exgraphql.model.Topic;
import dev.v2exgraphql.model.TopicDetail;
import dev.v2exgraphql.model.TopicSupplement;
import dev.v2exgraphql.model.V2exMapper;
import dev.v2exgraphql.v2ex.Endpoint;
import dev.v2exgraphql.v2ex.Envelope;
import dev.v2exgraphql.upstream.V2exClient;
import io.smallrye.mutiny.Uni;

/** Topics, their details, replies and the author's actions on them. */
@ApplicationScoped
public class TopicService {

    static final int REPLIES_PER_PAGE = 20;

    private final V2exClient client;
    private final V2exMapper mapper;
    private final TwoTierCache cache;
    private final int maxListSize;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public TopicService(V2exClient client, V2exMapper mapper, TwoTierCache cache, V2exConfig config) {
        this.client = client;
        this.mapper = mapper;
        this.cache = cache;
        this.maxListSize = config.limits().maxListSize();
    }

    /**
     * A topic, or null when it does not exist. A topic seen on a node page recently is answered
     * from that list item; author, node and supplements then come from its detail, when asked.
     */
    public Uni<Topic> topic(Call call, String id) {
        long topicId = Ids.numeric("topic", id);
        call.token();
        if (call.asked(detailMemo(topicId))) {
            return Lookups.nullIfNotFound(detail(call, topicId)).map(d -> d == null ? null : d.topic());
        }
        // The detail first: when it is cached (the common case) that is one in-process lookup.
        return cache.fresh(call, detailKey(topicId)).flatMap(cached -> {
            if (cached != null) {
                TopicDetail detail = mapper.topicDetail(cached.resultObject());
                call.once(detailMemo(topicId), () -> Uni.createFrom().item(detail));
                return Uni.createFrom().item(detail.topic());
            }
            return cache.fresh(call, CacheKey.of(CacheKind.TOPIC_ITEM, String.valueOf(topicId))).flatMap(item -> item != null
                    ? Uni.createFrom().item(mapper.topic(item.resultObject()))
                    : Lookups.nullIfNotFound(detail(call, topicId)).map(d -> d == null ? null : d.topic()));
        });
    }

    /** Topics in the order asked, null where one does not exist; all fetched together. */
    public Uni<List<Topic>> topics(Call call, List<String> ids) {
        List<Long> topicIds = Ids.atMost("ids", ids, maxListSize).stream().map(id -> Ids.numeric("topic", id)).toList();
        return details(call, topicIds).map(details -> details.stream().map(d -> d == null ? null : d.topic()).toList());
    }

    public Uni<List<Member>> authors(Call call, List<Topic> topics) {
        return details(call, idsOf(topics)).map(details -> details.stream()
                .map(d -> d == null ? null : d.author()).toList());
    }

    public Uni<List<List<TopicSupplement>>> supplements(Call call, List<Topic> topics) {
        return details(call, idsOf(topics)).map(details -> details.stream()
                .map(d -> d == null ? List.<TopicSupplement>of() : d.supplements()).toList());
    }

    /** A topic's node; free for topics listed from a node page, else part of the detail wave. */
    public Uni<List<Node>> nodes(Call call, List<Topic> topics) {
        prepareDetails(call, idsOf(topics.stream().filter(t -> !call.asked(nodeOfTopicKey(t.id()))).toList()));
        return Lookups.all(topics, topic -> call.once(nodeOfTopicKey(topic.id()),
                () -> Lookups.nullIfNotFound(detail(call, Long.parseLong(topic.id())))
                        .map(d -> d == null ? null : d.node())));
    }

    /** Lets a node page tell its items' node, so asking for it costs no upstream call. */
    static void rememberNode(Call call, Topic topic, Node node) {
        call.once(nodeOfTopicKey(topic.id()), () -> Uni.createFrom().item(node));
    }

    public Uni<ReplyPage> replies(Call call, Topic topic, Integer page) {
        int p = Paging.requirePage(page);
        return repliesOf(call, topic.id(), p).map(envelope -> {
            var slice = Paging.slice(p, REPLIES_PER_PAGE, envelope, mapper.list(envelope.resultArray(), mapper::reply));
            return new ReplyPage(slice.items(), slice.pageInfo());
        });
    }

    /** Starts fetching the reply pages a query will ask for, together with the topic itself. */
    public void prefetchReplies(Call call, String id, List<Integer> pages) {
        Lookups.prefetch(pages, page -> repliesOf(call, String.valueOf(Ids.numeric("topic", id)), page));
    }

    private Uni<Envelope> repliesOf(Call call, String topicId, int p) {
        String path = "topics/" + topicId + "/replies";
        CacheKey key = CacheKey.page(CacheKind.REPLIES, topicId, p);
        return call.once(path + "?p=" + p, () -> cache.get(call, key,
                k -> client.get(Endpoint.TOPIC_REPLIES, call.token(), topicId, Map.of("p", String.valueOf(p)))));
    }

    public Uni<StickyTopicPayload> setSticky(Call call, String id, StickyDuration duration) {
        long topicId = Ids.numeric("topic", id);
        StickyDuration d = duration == null ? StickyDuration.MINUTES_15 : duration;
        return client.post(Endpoint.SET_STICKY, call.token(), String.valueOf(topicId), Map.of("duration", d.upstreamValue()), null)
                .call(() -> forgetTopic(call, topicId))
                .map(envelope -> new StickyTopicPayload(String.valueOf(topicId),
                        envelope.resultObject().getValue("sticky_until") instanceof Number until
                                ? Instant.ofEpochSecond(until.longValue())
                                : clock.instant().plus(d.duration())));
    }

    public Uni<BoostTopicPayload> boost(Call call, String id) {
        long topicId = Ids.numeric("topic", id);
        return client.post(Endpoint.BOOST, call.token(), String.valueOf(topicId), Map.of(), null)
                .call(() -> forgetTopic(call, topicId))
                .map(envelope -> new BoostTopicPayload(String.valueOf(topicId),
                        envelope.resultObject().getValue("boosted_until") instanceof Number until
                                ? Instant.ofEpochSecond(until.longValue())
                                : null));
    }

    /**
     * After pinning or boosting: the topic and its node's pages are outdated. The node is read from
     * the cached detail; without one, the detail is fetched (a mutation is rare, a stale page is not);
     * if even that fails, only the topic itself is dropped.
     */
    private Uni<Void> forgetTopic(Call call, long topicId) {
        CacheKey detailKey = CacheKey.of(CacheKind.TOPIC, String.valueOf(topicId));
        CacheKey itemKey = CacheKey.of(CacheKind.TOPIC_ITEM, String.valueOf(topicId));
        return cache.peek(List.of(detailKey))
                .flatMap(found -> found.containsKey(detailKey)
                        ? Uni.createFrom().item(found.get(detailKey).envelope())
                        // The mutation already happened: failing to learn the node must not fail it.
                        : client.get(Endpoint.TOPIC, call.token(), String.valueOf(topicId)).onFailure().recoverWithNull())
                .map(envelope -> envelope == null ? null : mapper.topicDetail(envelope.resultObject()).node())
                .flatMap(node -> cache.invalidate(List.of(detailKey, itemKey), node == null ? List.of()
                        : List.of(CacheKey.page(CacheKind.NODE_TOPICS, node.name(), 1))));
    }

    /** Details in the order asked (null where missing): one cache wave, then one upstream wave. */
    private Uni<List<TopicDetail>> details(Call call, List<Long> topicIds) {
        prepareDetails(call, topicIds);
        return Lookups.all(topicIds, id -> Lookups.nullIfNotFound(detail(call, id)));
    }

    /**
     * Registers the details this request has not asked for yet as one wave: a single cache lookup
     * (one Redis MGET) for all of them, then a fetch for each miss. Nothing runs until subscribed.
     */
    private void prepareDetails(Call call, List<Long> topicIds) {
        List<Long> unasked = topicIds.stream().distinct().filter(id -> !call.asked(detailMemo(id))).toList();
        if (unasked.isEmpty()) {
            return;
        }
        Uni<Map<CacheKey, Uni<Envelope>>> wave = cache.getAll(call,
                unasked.stream().map(TopicService::detailKey).toList(),
                key -> client.get(Endpoint.TOPIC, call.token(), key.id())).memoize().indefinitely();
        for (long id : unasked) {
            call.once(detailMemo(id), () -> wave.flatMap(answers -> answers.get(detailKey(id)))
                    .map(envelope -> mapper.topicDetail(envelope.resultObject())));
        }
    }

    private Uni<TopicDetail> detail(Call call, long topicId) {
        return call.once(detailMemo(topicId), () -> cache.get(call, detailKey(topicId),
                key -> client.get(Endpoint.TOPIC, call.token(), String.valueOf(topicId)))
                .map(envelope -> mapper.topicDetail(envelope.resultObject())));
    }

    private static CacheKey detailKey(long topicId) {
        return CacheKey.of(CacheKind.TOPIC, String.valueOf(topicId));
    }

    private static String detailMemo(long topicId) {
        return "topics/" + topicId;
    }

    private static List<Long> idsOf(List<Topic> topics) {
        return topics.stream().map(t -> Long.parseLong(t.id())).toList();
    }

    private static String nodeOfTopicKey(String topicId) {
        return "node-of-topic:" + topicId;
    }
}
