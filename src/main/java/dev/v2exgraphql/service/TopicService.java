package dev.v2exgraphql.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.v2exgraphql.cache.CacheKey;
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
import dev.v2exgraphql.request.ClientRequest;
import dev.v2exgraphql.upstream.V2exClient;
import dev.v2exgraphql.upstream.V2exMapper;
import dev.v2exgraphql.v2ex.CacheKind;
import dev.v2exgraphql.v2ex.Endpoint;
import dev.v2exgraphql.v2ex.Envelope;
import io.smallrye.mutiny.Uni;

/** Topics, their details, replies and the author's actions on them. */
@ApplicationScoped
public class TopicService {

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
    public Uni<Topic> topic(ClientRequest request, String id) {
        long topicId = Ids.numeric("topic", id);
        request.token(); // UNAUTHENTICATED without a token, before any lookup
        if (request.asked(detailMemo(topicId))) {
            return Unis.nullIfNotFound(detail(request, topicId)).map(d -> d == null ? null : d.topic());
        }
        // The detail first: when it is cached (the common case) that is one in-process lookup.
        return cache.fresh(request, detailKey(topicId)).flatMap(cached -> {
            if (cached != null) {
                TopicDetail detail = mapper.topicDetail(cached.resultObject());
                request.once(detailMemo(topicId), () -> Uni.createFrom().item(detail));
                return Uni.createFrom().item(detail.topic());
            }
            return cache.fresh(request, CacheKey.of(CacheKind.TOPIC_ITEM, String.valueOf(topicId))).flatMap(item -> item != null
                    ? Uni.createFrom().item(mapper.topic(item.resultObject()))
                    : Unis.nullIfNotFound(detail(request, topicId)).map(d -> d == null ? null : d.topic()));
        });
    }

    /** Topics in the order asked, null where one does not exist; all fetched together. */
    public Uni<List<Topic>> topics(ClientRequest request, List<String> ids) {
        List<Long> topicIds = Ids.atMost("ids", ids, maxListSize).stream().map(id -> Ids.numeric("topic", id)).toList();
        return details(request, topicIds).map(details -> details.stream().map(d -> d == null ? null : d.topic()).toList());
    }

    public Uni<List<Member>> authors(ClientRequest request, List<Topic> topics) {
        return details(request, idsOf(topics)).map(details -> details.stream()
                .map(d -> d == null ? null : d.author()).toList());
    }

    public Uni<List<List<TopicSupplement>>> supplements(ClientRequest request, List<Topic> topics) {
        return details(request, idsOf(topics)).map(details -> details.stream()
                .map(d -> d == null ? List.<TopicSupplement>of() : d.supplements()).toList());
    }

    /** A topic's node; free for topics listed from a node page, else part of the detail wave. */
    public Uni<List<Node>> nodes(ClientRequest request, List<Topic> topics) {
        prepareDetails(request, idsOf(topics.stream().filter(t -> !request.asked(nodeOfTopicKey(t.id()))).toList()));
        return Unis.all(topics, topic -> request.once(nodeOfTopicKey(topic.id()),
                () -> Unis.nullIfNotFound(detail(request, Long.parseLong(topic.id())))
                        .map(d -> d == null ? null : d.node())));
    }

    /** Lets a node page tell its items' node, so asking for it costs no upstream call. */
    static void rememberNode(ClientRequest request, Topic topic, Node node) {
        request.once(nodeOfTopicKey(topic.id()), () -> Uni.createFrom().item(node));
    }

    public Uni<ReplyPage> replies(ClientRequest request, Topic topic, Integer page) {
        int p = Paging.requirePage(page);
        return repliesOf(request, topic.id(), p).map(envelope -> {
            var slice = Paging.slice(p, Endpoint.TOPIC_REPLIES.perPage(), envelope, mapper.list(envelope.resultArray(), mapper::reply));
            return new ReplyPage(slice.items(), slice.pageInfo());
        });
    }

    /** Starts fetching the reply pages a query will ask for, together with the topic itself. */
    public void prefetchReplies(ClientRequest request, String id, List<Integer> pages) {
        Unis.prefetch(pages, page -> repliesOf(request, String.valueOf(Ids.numeric("topic", id)), page));
    }

    private Uni<Envelope> repliesOf(ClientRequest request, String topicId, int p) {
        String path = Endpoint.TOPIC_REPLIES.path(topicId);
        CacheKey key = CacheKey.page(Endpoint.TOPIC_REPLIES.cacheKind(), topicId, p);
        return request.once(path + "?p=" + p, () -> cache.get(request, key,
                k -> client.get(Endpoint.TOPIC_REPLIES, request, topicId, Map.of("p", String.valueOf(p)))));
    }

    public Uni<StickyTopicPayload> setSticky(ClientRequest request, String id, StickyDuration duration) {
        long topicId = Ids.numeric("topic", id);
        StickyDuration d = duration == null ? StickyDuration.MINUTES_15 : duration;
        return client.post(Endpoint.SET_STICKY, request, String.valueOf(topicId), Map.of("duration", d.upstreamValue()), null)
                .call(() -> forgetTopic(request, topicId))
                .map(envelope -> new StickyTopicPayload(String.valueOf(topicId),
                        envelope.resultObject().getValue("sticky_until") instanceof Number until
                                ? Instant.ofEpochSecond(until.longValue())
                                : clock.instant().plus(d.duration())));
    }

    public Uni<BoostTopicPayload> boost(ClientRequest request, String id) {
        long topicId = Ids.numeric("topic", id);
        return client.post(Endpoint.BOOST, request, String.valueOf(topicId), Map.of(), null)
                .call(() -> forgetTopic(request, topicId))
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
    private Uni<Void> forgetTopic(ClientRequest request, long topicId) {
        CacheKey detailKey = CacheKey.of(Endpoint.TOPIC.cacheKind(), String.valueOf(topicId));
        CacheKey itemKey = CacheKey.of(CacheKind.TOPIC_ITEM, String.valueOf(topicId));
        return cache.peek(List.of(detailKey))
                .flatMap(found -> found.containsKey(detailKey)
                        ? Uni.createFrom().item(found.get(detailKey).envelope())
                        // The mutation already happened: failing to learn the node must not fail it.
                        : client.get(Endpoint.TOPIC, request, String.valueOf(topicId)).onFailure().recoverWithNull())
                .map(envelope -> envelope == null ? null : mapper.topicDetail(envelope.resultObject()).node())
                .flatMap(node -> cache.invalidate(List.of(detailKey, itemKey), node == null ? List.of()
                        : List.of(CacheKey.page(Endpoint.NODE_TOPICS.cacheKind(), node.name(), 1))));
    }

    /** Details in the order asked (null where missing): one cache wave, then one upstream wave. */
    private Uni<List<TopicDetail>> details(ClientRequest request, List<Long> topicIds) {
        prepareDetails(request, topicIds);
        return Unis.all(topicIds, id -> Unis.nullIfNotFound(detail(request, id)));
    }

    /**
     * Registers the details this request has not asked for yet as one wave: a single cache lookup
     * (one Redis MGET) for all of them, then a fetch for each miss. Nothing runs until subscribed.
     */
    private void prepareDetails(ClientRequest request, List<Long> topicIds) {
        List<Long> unasked = topicIds.stream().distinct().filter(id -> !request.asked(detailMemo(id))).toList();
        if (unasked.isEmpty()) {
            return;
        }
        Uni<Map<CacheKey, Uni<Envelope>>> wave = cache.getAll(request,
                unasked.stream().map(TopicService::detailKey).toList(),
                key -> client.get(Endpoint.TOPIC, request, key.id())).memoize().indefinitely();
        for (long id : unasked) {
            request.once(detailMemo(id), () -> wave.flatMap(answers -> answers.get(detailKey(id)))
                    .map(envelope -> mapper.topicDetail(envelope.resultObject())));
        }
    }

    private Uni<TopicDetail> detail(ClientRequest request, long topicId) {
        return request.once(detailMemo(topicId), () -> cache.get(request, detailKey(topicId),
                key -> client.get(Endpoint.TOPIC, request, String.valueOf(topicId)))
                .map(envelope -> mapper.topicDetail(envelope.resultObject())));
    }

    private static CacheKey detailKey(long topicId) {
        return CacheKey.of(Endpoint.TOPIC.cacheKind(), String.valueOf(topicId));
    }

    private static String detailMemo(long topicId) {
        return Endpoint.TOPIC.path(String.valueOf(topicId));
    }

    private static List<Long> idsOf(List<Topic> topics) {
        return topics.stream().map(t -> Long.parseLong(t.id())).toList();
    }

    private static String nodeOfTopicKey(String topicId) {
        return "node-of-topic:" + topicId;
    }
}
