package dev.v2exgraphql.service;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.v2exgraphql.auth.Call;
import dev.v2exgraphql.model.Node;
import dev.v2exgraphql.model.Topic;
import dev.v2exgraphql.model.TopicPage;
import dev.v2exgraphql.model.V2exMapper;
import dev.v2exgraphql.upstream.V2exClient;
import io.smallrye.mutiny.Uni;

/** Nodes and their pages of topics. */
@ApplicationScoped
public class NodeService {

    static final int TOPICS_PER_PAGE = 20;

    private final V2exClient client;
    private final V2exMapper mapper;

    @Inject
    public NodeService(V2exClient client, V2exMapper mapper) {
        this.client = client;
        this.mapper = mapper;
    }

    /** A node, or null when it does not exist. */
    public Uni<Node> node(Call call, String name) {
        String path = "nodes/" + Ids.nodeName(name);
        return Lookups.nullIfNotFound(call.once(path, () -> client.get(call.token(), path)
                .map(envelope -> mapper.node(envelope.resultObject()))));
    }

    public Uni<List<Node>> nodes(Call call, List<String> names) {
        names.forEach(Ids::nodeName); // reject the whole request before any upstream call
        return Lookups.all(names, name -> node(call, name));
    }

    /** One page of a node's topics. List items lack author/node/supplements upstream. */
    public Uni<TopicPage> topics(Call call, Node node, Integer page) {
        int p = Paging.requirePage(page);
        String path = "nodes/" + Ids.nodeName(node.name()) + "/topics";
        return call.once(path + "?p=" + p, () -> client.get(call.token(), path, Map.of("p", String.valueOf(p)))
                .map(envelope -> {
                    var slice = Paging.slice(p, TOPICS_PER_PAGE, envelope,
                            mapper.list(envelope.resultArray(), mapper::topic));
                    for (Topic topic : slice.items()) {
                        TopicService.rememberNode(call, topic, node);
                    }
                    return new TopicPage(slice.items(), slice.pageInfo());
                }));
    }
}
