package dev.v2exgraphql.graphql;

import jakarta.inject.Inject;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import dev.v2exgraphql.model.Member;
import dev.v2exgraphql.model.NotificationPage;
import dev.v2exgraphql.model.Token;
import dev.v2exgraphql.model.Viewer;
import dev.v2exgraphql.service.ViewerService;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

// Native image: SmallRye GraphQL calls @Source methods reflectively, and the Quarkus extension
// registers only classes that declare a @Query or @Mutation (NativeRegistrationTest checks this).
@RegisterForReflection(fields = false)
@GraphQLApi
public class ViewerFields {

    @Inject
    CurrentRequest current;
    @Inject
    ViewerService viewerService;

    @NonNull
    @Description("The viewer's own profile.")
    public Uni<Member> member(@Source Viewer viewer) {
        return current.run(viewerService::member);
    }

    @NonNull
    @Description("The token this request was made with.")
    public Uni<Token> token(@Source Viewer viewer) {
        return current.run(viewerService::token);
    }

    @NonNull
    @Description("One page of the viewer's notifications, 10 per page, newest first.")
    public Uni<NotificationPage> notifications(@Source Viewer viewer, @DefaultValue("1") Integer page) {
        return current.run(request -> viewerService.notifications(request, page));
    }
}
