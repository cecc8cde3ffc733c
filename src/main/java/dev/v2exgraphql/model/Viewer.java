package dev.v2exgraphql.model;

import org.eclipse.microprofile.graphql.Description;

/** A marker: the viewer's fields are all resolved from the caller's token (see ViewerFields). */
@Description("The owner of the bearer token the request was made with.")
public record Viewer() {
}
