package dev.v2exgraphql.service;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.v2exgraphql.cache.CacheKey;
import dev.v2exgraphql.cache.TwoTierCache;
import dev.v2exgraphql.config.V2exConfig;
import dev.v2exgraphql.model.Node;
import dev.v2exgraphql.model.Topic;
import dev.v2exgraphql.model.TopicPage;
import dev.v2exgraphql.request.ClientRequest;
import dev.v2exgraphql.upstream.V2exClient;
import dev.v2exgraphql.upstream.V2exMapper;
import dev.v2exgraphql.v2ex.CacheKind;
import dev.v2exgraphql.v2ex.Endpoint;
import dev.v2exgraphql.v2ex.Envelope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/** Nodes and their pages of topics. */
@ApplicationScoped
public class NodeService {

    private final V2exClient client;
    private final V2exMapper mapper;
    private final TwoTierCache cache;
    private final int maxListSize;

    @Inject
    public NodeService(V2exClient client, V2exMapper mapper, TwoTierCache cache, V2exConfig config) {
        this.client = client;
        this.mapper = mapper;
        this.cache = cache;
        this.maxListSize = config.limits().maxListSize();
    }

    /** A node, or null when it does not exist. */
    public Uni<Node> node(ClientRequest request, String name) {
        String path = Endpoint.NODE.path(Ids.nodeName(name));
        return Unis.nullIfNotFound(request.once(path, () -> cache.get(request, CacheKey.of(Endpoint.NODE.cacheKind(), name),
                key -> client.get(Endpoint.NODE, request, name))
                .map(envelope -> mapper.node(envelope.resultObject()))));
    }

    public Uni<List<Node>> nodes(ClientRequest request, List<String> names) {
        Ids.atMost("names", names, maxListSize).forEach(Ids::nodeName); // reject the whole request before any upstream call
        return Unis.all(names, name -> node(request, name));
    }

    /**
     * One page of a node's topics. List items lack author/node/supplements upstream; a fetched page
     * also caches each item on its own, so {@code topic(id)} for a listed topic costs nothing.
     */
    public Uni<TopicPage> topics(ClientRequest request, Node node, Integer page) {
        int p = Paging.requirePage(page);
        return pageOf(request, Ids.nodeName(node.name()), p).map(envelope -> {
            var slice = Paging.slice(p, Endpoint.NODE_TOPICS.perPage(), envelope, mapper.list(envelope.resultArray(), mapper::topic));
            for (Topic topic : slice.items()) {
                TopicService.rememberNode(request, topic, node);
            }
            return new TopicPage(slice.items(), slice.pageInfo());
        });
    }

    /**
     * Starts fetching the topic pages a query will ask for, together with the node itself: one
     * round trip less on a cold cache. Invalid input is left for the resolvers to report.
     */
    public void prefetchTopics(ClientRequest request, String name, List<Integer> pages) {
        Unis.prefetch(pages, page -> pageOf(request, Ids.nodeName(name), page));
    }

    private Uni<Envelope> pageOf(ClientRequest request, String name, int p) {
        String path = Endpoint.NODE_TOPICS.path(name);
        CacheKey key = CacheKey.page(Endpoint.NODE_TOPICS.cacheKind(), name, p);
        return request.once(path + "?p=" + p, () -> cache.get(request, key,
                k -> client.get(Endpoint.NODE_TOPICS, request, name, Map.of("p", String.valueOf(p)))
                        // Not waited for: the page's own answer need not pay for its items' write.
                        .invoke(page -> Unis.startAndForget(cacheItems(page)))));
    }

    private Uni<Void> cacheItems(Envelope page) {
        Map<CacheKey, Envelope> items = new java.util.LinkedHashMap<>();
        for (Object item : page.resultArray()) {
            if (item instanceof JsonObject topic && topic.getValue("id") != null) {
                items.put(CacheKey.of(CacheKind.TOPIC_ITEM, String.valueOf(topic.getValue("id"))),
                        new Envelope(null, topic, null));
            }
        }
        return cache.putAll(items);
    }
}
