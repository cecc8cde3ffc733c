package dev.v2exgraphql.model;

import org.eclipse.microprofile.graphql.Description;

@Description("How the author wrote the content: V2EX's default syntax or Markdown.")
public enum ContentSyntax {
    DEFAULT,
    MARKDOWN;

    /** The upstream sends 0 for default and 1 for Markdown. */
    public static ContentSyntax fromUpstream(int syntax) {
        return syntax == 1 ? MARKDOWN : DEFAULT;
    }
}
