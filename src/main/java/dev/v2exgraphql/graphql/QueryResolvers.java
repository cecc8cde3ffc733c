package dev.v2exgraphql.graphql;

import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import dev.v2exgraphql.model.Node;
import dev.v2exgraphql.model.RateLimit;
import dev.v2exgraphql.model.Topic;
import dev.v2exgraphql.model.Viewer;
import dev.v2exgraphql.service.NodeService;
import dev.v2exgraphql.service.RateLimitService;
import dev.v2exgraphql.service.TopicService;
import dev.v2exgraphql.service.ViewerService;
import io.smallrye.graphql.api.Context;
import io.smallrye.mutiny.Uni;

/** The root queries. Resolvers only map arguments and delegate. */
@GraphQLApi
public class QueryResolvers {

    @Inject
    CurrentRequest current;
    @Inject
    Context context;
    @Inject
    TopicService topicService;
    @Inject
    NodeService nodeService;
    @Inject
    ViewerService viewerService;
    @Inject
    RateLimitService rateLimitService;

    @Query
    @Description("A topic by id; null when it does not exist.")
    public Uni<Topic> topic(@NonNull @Id String id) {
        List<Integer> replyPages = Selections.pagesOf(context, "replies");
        return current.run(request -> {
            topicService.prefetchReplies(request, id, replyPages);
            return topicService.topic(request, id);
        });
    }

    @Query
    @NonNull
    @Description("Topics by id, in the order asked; null where one does not exist.")
    public Uni<List<Topic>> topics(@NonNull @Id List<@NonNull String> ids) {
        return current.run(request -> topicService.topics(request, ids));
    }

    @Query
    @Description("A node by name (e.g. \"python\"); null when it does not exist.")
    public Uni<Node> node(@NonNull String name) {
        List<Integer> topicPages = Selections.pagesOf(context, "topics");
        return current.run(request -> {
            nodeService.prefetchTopics(request, name, topicPages);
            return nodeService.node(request, name);
        });
    }

    @Query
    @NonNull
    @Description("Nodes by name, in the order asked; null where one does not exist.")
    public Uni<List<Node>> nodes(@NonNull List<@NonNull String> names) {
        return current.run(request -> nodeService.nodes(request, names));
    }

    @Query
    @Description("The owner of the bearer token; an UNAUTHENTICATED error without one.")
    public Uni<Viewer> viewer() {
        return current.run(viewerService::viewer);
    }

    @Query
    @NonNull
    @Description("The shared upstream budget: this request's cost, what remains, and this client's share. No upstream call.")
    public Uni<RateLimit> rateLimit() {
        return current.run(rateLimitService::rateLimit);
    }
}
