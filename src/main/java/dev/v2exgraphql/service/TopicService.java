package dev.v2exgraphql.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.v2exgraphql.auth.Call;
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
import dev.v2exgraphql.upstream.V2exClient;
import io.smallrye.mutiny.Uni;

/** Topics, their details, replies and the author's actions on them. */
@ApplicationScoped
public class TopicService {

    static final int REPLIES_PER_PAGE = 20;

    private final V2exClient client;
    private final V2exMapper mapper;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public TopicService(V2exClient client, V2exMapper mapper) {
        this.client = client;
        this.mapper = mapper;
    }

    /** A topic, or null when it does not exist. */
    public Uni<Topic> topic(Call call, String id) {
        long topicId = Ids.numeric("topic", id);
        return Lookups.nullIfNotFound(detail(call, topicId)).map(d -> d == null ? null : d.topic());
    }

    /** Topics in the order asked, null where one does not exist; all fetched together. */
    public Uni<List<Topic>> topics(Call call, List<String> ids) {
        List<Long> topicIds = ids.stream().map(id -> Ids.numeric("topic", id)).toList();
        return Lookups.all(topicIds, id -> Lookups.nullIfNotFound(detail(call, id))
                .map(d -> d == null ? null : d.topic()));
    }

    public Uni<List<Member>> authors(Call call, List<Topic> topics) {
        return details(call, topics).map(details -> details.stream()
                .map(d -> d == null ? null : d.author()).toList());
    }

    public Uni<List<List<TopicSupplement>>> supplements(Call call, List<Topic> topics) {
        return details(call, topics).map(details -> details.stream()
                .map(d -> d == null ? List.<TopicSupplement>of() : d.supplements()).toList());
    }

    /** A topic's node; free for topics listed from a node page, else part of the detail wave. */
    public Uni<List<Node>> nodes(Call call, List<Topic> topics) {
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
        String path = "topics/" + topic.id() + "/replies";
        return call.once(path + "?p=" + p, () -> client.get(call.token(), path, Map.of("p", String.valueOf(p)))
                .map(envelope -> {
                    var slice = Paging.slice(p, REPLIES_PER_PAGE, envelope,
                            mapper.list(envelope.resultArray(), mapper::reply));
                    return new ReplyPage(slice.items(), slice.pageInfo());
                }));
    }

    public Uni<StickyTopicPayload> setSticky(Call call, String id, StickyDuration duration) {
        long topicId = Ids.numeric("topic", id);
        StickyDuration d = duration == null ? StickyDuration.MINUTES_15 : duration;
        return client.post(call.token(), "topics/" + topicId + "/set-sticky", Map.of("duration", d.upstreamValue()),
                null)
                .map(envelope -> new StickyTopicPayload(String.valueOf(topicId),
                        envelope.resultObject().getValue("sticky_until") instanceof Number until
                                ? Instant.ofEpochSecond(until.longValue())
                                : clock.instant().plus(d.duration())));
    }

    public Uni<BoostTopicPayload> boost(Call call, String id) {
        long topicId = Ids.numeric("topic", id);
        return client.post(call.token(), "topics/" + topicId + "/boost", Map.of(), null)
                .map(envelope -> new BoostTopicPayload(String.valueOf(topicId),
                        envelope.resultObject().getValue("boosted_until") instanceof Number until
                                ? Instant.ofEpochSecond(until.longValue())
                                : null));
    }

    private Uni<List<TopicDetail>> details(Call call, List<Topic> topics) {
        return Lookups.all(topics, topic -> Lookups.nullIfNotFound(detail(call, Long.parseLong(topic.id()))));
    }

    private Uni<TopicDetail> detail(Call call, long topicId) {
        String path = "topics/" + topicId;
        return call.once(path, () -> client.get(call.token(), path)
                .map(envelope -> mapper.topicDetail(envelope.resultObject())));
    }

    private static String nodeOfTopicKey(String topicId) {
        return "node-of-topic:" + topicId;
    }
}
