package dev.v2exgraphql.graphql;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import dev.v2exgraphql.model.Node;
import dev.v2exgraphql.model.TopicPage;
import dev.v2exgraphql.service.NodeService;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

// Native image: SmallRye GraphQL calls @Source methods reflectively, and the Quarkus extension
// registers only classes that declare a @Query or @Mutation (NativeRegistrationTest checks this).
@RegisterForReflection(fields = false)
@GraphQLApi
public class NodeFields {

    @Inject
    CurrentRequest current;
    @Inject
    NodeService nodeService;

    @NonNull
    @Description("One page of the node's topics, 20 per page, most recently active first.")
    public Uni<TopicPage> topics(@Source Node node, @DefaultValue("1") Integer page) {
        return current.run(request -> nodeService.topics(request, node, page));
    }
}
