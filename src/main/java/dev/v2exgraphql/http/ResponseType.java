package dev.v2exgraphql.http;

/**
 * The two media types a GraphQL answer can be sent as (GraphQL over HTTP), and the choice between
 * them from a request's {@code Accept} header. They differ in status codes only: with
 * {@code application/json} every well-formed request answers 200; with
 * {@code application/graphql-response+json} a request that fails before execution (no {@code data})
 * answers 400.
 */
public enum ResponseType {

    JSON("application/json"),
    GRAPHQL_RESPONSE("application/graphql-response+json");

    private final String mediaType;
    private final String contentType;

    ResponseType(String mediaType) {
        this.mediaType = mediaType;
        this.contentType = mediaType + "; charset=utf-8";
    }

    /** The {@code Content-Type} of an answer: always UTF-8, whatever the client asked. */
    public String contentType() {
        return contentType;
    }

    /**
     * The type to answer in, or null when the client accepts neither (406). No header means
     * {@code application/json}. Each type takes the quality of the most specific range that matches
     * it (any type < {@code application/}any < the exact type); the higher quality wins, then the
     * more specific range, then the one listed first; a wildcard alone picks {@code application/json},
     * which every client understands. A range asking for a charset other than UTF-8 matches nothing.
     */
    public static ResponseType negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        Match json = Match.NONE;
        Match graphql = Match.NONE;
        String[] ranges = accept.split(",");
        for (int position = 0; position < ranges.length; position++) {
            Match range = Match.parse(ranges[position], position);
            if (range != null) {
                json = json.moreSpecific(range.against(JSON));
                graphql = graphql.moreSpecific(range.against(GRAPHQL_RESPONSE));
            }
        }
        if (json.quality <= 0 && graphql.quality <= 0) {
            return null;
        }
        return graphql.beats(json) ? GRAPHQL_RESPONSE : JSON;
    }

    /** One media range of an Accept header, and how well it matches a type. */
    private record Match(String type, String subtype, double quality, int specificity, int position) {

        static final Match NONE = new Match("", "", 0, -1, Integer.MAX_VALUE);

        /** null for a range that is malformed or asks for a charset we do not send. */
        static Match parse(String range, int position) {
            MediaType media = MediaType.parse(range);
            if (media == null || !media.utf8()) {
                return null;
            }
            double quality = 1;
            String q = media.parameters().get("q");
            if (q != null) {
                try {
                    quality = Double.parseDouble(q);
                } catch (NumberFormatException malformed) {
                    return null;
                }
            }
            int specificity = media.type().equals("*") ? 0 : media.subtype().equals("*") ? 1 : 2;
            return new Match(media.type(), media.subtype(), quality, specificity, position);
        }

        /** This range as it applies to the given type (NONE when it does not cover it). */
        Match against(ResponseType candidate) {
            String[] wanted = candidate.mediaType.split("/");
            boolean covers = specificity == 0
                    || specificity == 1 && type.equals(wanted[0])
                    || type.equals(wanted[0]) && subtype.equals(wanted[1]);
            return covers ? this : NONE;
        }

        /** The range that decides a type's quality: the most specific one that covers it. */
        Match moreSpecific(Match other) {
            return other.specificity > specificity ? other : this;
        }

        boolean beats(Match other) {
            if (quality != other.quality) {
                return quality > other.quality;
            }
            if (specificity != other.specificity) {
                return specificity > other.specificity;
            }
            return position < other.position; // the same wildcard range: not this one
        }
    }
}
