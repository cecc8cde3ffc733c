package dev.v2exgraphql.graphql;

import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import dev.v2exgraphql.model.Member;
import dev.v2exgraphql.model.Node;
import dev.v2exgraphql.model.ReplyPage;
import dev.v2exgraphql.model.Topic;
import dev.v2exgraphql.model.TopicSupplement;
import dev.v2exgraphql.service.TopicService;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Topic fields that topic list items lack upstream. They are batched per request: all topics of a
 * page that need their detail are fetched together, in one wave, and each detail only once.
 */
// Native image: SmallRye GraphQL calls @Source methods reflectively, and the Quarkus extension
// registers only classes that declare a @Query or @Mutation (NativeRegistrationTest checks this).
@RegisterForReflection(fields = false)
@GraphQLApi
public class TopicFields {

    @Inject
    CurrentRequest current;
    @Inject
    TopicService topicService;

    @Description("Who posted the topic.")
    public Uni<List<Member>> author(@Source List<Topic> topics) {
        return current.run(request -> topicService.authors(request, topics));
    }

    @Description("The node the topic is in.")
    public Uni<List<Node>> node(@Source List<Topic> topics) {
        return current.run(request -> topicService.nodes(request, topics));
    }

    @NonNull
    @Description("Text the author appended after posting, oldest first.")
    public Uni<List<@NonNull List<@NonNull TopicSupplement>>> supplements(@Source List<Topic> topics) {
        return current.run(request -> topicService.supplements(request, topics));
    }

    @NonNull
    @Description("One page of replies, 20 per page, oldest first.")
    public Uni<ReplyPage> replies(@Source Topic topic, @DefaultValue("1") Integer page) {
        return current.run(request -> topicService.replies(request, topic, page));
    }
}
