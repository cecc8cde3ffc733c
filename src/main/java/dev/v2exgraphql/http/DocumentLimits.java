package dev.v2exgraphql.http;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.v2exgraphql.config.V2exConfig;
import dev.v2exgraphql.error.ErrorCode;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.SourceLocation;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.parser.exceptions.ParseCancelledException;
import graphql.parser.exceptions.ParseCancelledTooDeepException;
import graphql.parser.exceptions.ParseCancelledTooManyCharsException;

/**
 * Parses a GraphQL document and checks it against the size limits before anything else sees it:
 * parser tokens, selection depth, field count and aliases. Runs in the HTTP front ({@link Documents}), before
 * SmallRye validates the document (validation of a huge document is itself the expensive part);
 * the front keeps what it needs of an accepted document with its text, so a repeated query costs
 * one cache lookup.
 *
 * <p>Depth and field count use SmallRye's own properties, so one number configures both this early
 * check and SmallRye's instrumentation behind it (which still guards any request that reaches
 * SmallRye another way). Both are counted over the whole document with fragments expanded where
 * they are spread, which is never less than what graphql-java counts for the one operation it runs.
 */
@ApplicationScoped
public class DocumentLimits {

    /** The parsed document when it is within every limit; otherwise why it is refused (and no document). */
    public record Checked(Document document, Rejection rejection) {
        boolean accepted() {
            return rejection == null;
        }
    }

    /** Why a document is refused; {@code location} may be null. */
    public record Rejection(ErrorCode code, String message, SourceLocation location) {
    }

    /**
     * Depth, fields and aliases of a selection set, fragments expanded, and the longest chain of
     * fragment spreads in it.
     */
    private record Size(long depth, long fields, long aliases, long spreads) {
        static final Size NONE = new Size(0, 0, 0, 0);

        /** Sums saturate: fragments spread inside fragments can multiply a count past any long. */
        Size beside(Size other) {
            return new Size(Math.max(depth, other.depth), add(fields, other.fields), add(aliases, other.aliases),
                    Math.max(spreads, other.spreads));
        }

        private static long add(long a, long b) {
            return Math.min(CAP, a + b);
        }
    }

    private static final Logger LOG = Logger.getLogger(DocumentLimits.class);
    private static final long CAP = 1L << 40;
    /**
     * Fragments spread inside fragments spread inside ...: graphql-java's validation recurses once
     * per level and overflows the stack after about a thousand (an HTTP 500 from a 40 KB request).
     * Real documents nest a few levels; nested fields are bounded by the parser and the depth limit.
     */
    static final int MAX_FRAGMENT_NESTING = 100;

    private final OptionalInt maxDepth;
    private final OptionalInt maxFields;
    private final int maxAliases;
    private final ParserOptions parserOptions;

    @Inject
    public DocumentLimits(
            @ConfigProperty(name = "quarkus.smallrye-graphql.instrumentation-query-depth") OptionalInt maxDepth,
            @ConfigProperty(name = "quarkus.smallrye-graphql.instrumentation-query-complexity") OptionalInt maxFields,
            @ConfigProperty(name = "quarkus.smallrye-graphql.parser-max-tokens",
                    defaultValue = "" + ParserOptions.MAX_QUERY_TOKENS) int maxTokens,
            @ConfigProperty(name = "quarkus.smallrye-graphql.parser-max-whitespace-tokens",
                    defaultValue = "" + ParserOptions.MAX_WHITESPACE_TOKENS) int maxWhitespaceTokens,
            V2exConfig config) {
        this(maxDepth, maxFields, config.limits().maxAliases(), maxTokens, maxWhitespaceTokens);
    }

    /** The limits themselves: SmallRye's depth and field count (empty: none), aliases, parser tokens. */
    DocumentLimits(OptionalInt maxDepth, OptionalInt maxFields, int maxAliases, int maxTokens, int maxWhitespaceTokens) {
        this.maxDepth = maxDepth;
        this.maxFields = maxFields;
        this.maxAliases = maxAliases;
        // The same token limits SmallRye applies; set here explicitly so this parse honours
        // them whether or not SmallRye has installed its JVM-wide parser options yet.
        this.parserOptions = ParserOptions.getDefaultOperationParserOptions().transform(options -> options
                .maxTokens(maxTokens).maxWhitespaceTokens(maxWhitespaceTokens).captureLineComments(false));
    }

    public Checked check(String query) {
        Document document;
        try {
            document = new Parser().parseDocument(ParserEnvironment.newParserEnvironment()
                    .document(query).parserOptions(parserOptions).build());
        } catch (ParseCancelledException tooManyTokens) {
            // Our own words: graphql-java's messages follow the server's locale.
            return refuse(ErrorCode.QUERY_TOO_COMPLEX, "The document has more than " + parserOptions.getMaxTokens()
                    + " tokens (or " + parserOptions.getMaxWhitespaceTokens() + " whitespace tokens)", null);
        } catch (ParseCancelledTooDeepException tooDeep) {
            return refuse(ErrorCode.QUERY_TOO_COMPLEX, "The document nests deeper than the parser's limit of "
                    + parserOptions.getMaxRuleDepth() + " grammar levels", null);
        } catch (ParseCancelledTooManyCharsException tooLong) {
            return refuse(ErrorCode.QUERY_TOO_COMPLEX, "The document is longer than "
                    + parserOptions.getMaxCharacters() + " characters", null);
        } catch (InvalidSyntaxException e) {
            return refuse(ErrorCode.BAD_USER_INPUT, "Syntax error: " + e.getMessage(), e.getLocation());
        } catch (RuntimeException unexpected) {
            // Whatever else the parser trips over is still the document's fault, not a server error.
            LOG.debugf("Parser failure on a document: %s", unexpected.toString());
            return refuse(ErrorCode.BAD_USER_INPUT, "Syntax error: the document cannot be parsed", null);
        }
        Measure measure = new Measure(document);
        Size size = measure.document();
        if (measure.tooNested || size.spreads() > MAX_FRAGMENT_NESTING) {
            return refuse(ErrorCode.QUERY_TOO_COMPLEX, "The document spreads fragments inside fragments more than "
                    + MAX_FRAGMENT_NESTING + " levels deep", null);
        }
        if (maxDepth.isPresent() && size.depth() > maxDepth.getAsInt()) {
            return refuse(ErrorCode.QUERY_TOO_COMPLEX, "The query is " + size.depth()
                    + " fields deep; the maximum depth is " + maxDepth.getAsInt(), null);
        }
        if (maxFields.isPresent() && size.fields() > maxFields.getAsInt()) {
            return refuse(ErrorCode.QUERY_TOO_COMPLEX, "The document selects " + count(size.fields())
                    + " fields (fragments counted where they are spread); the maximum is " + maxFields.getAsInt(), null);
        }
        if (size.aliases() > maxAliases) {
            return refuse(ErrorCode.QUERY_TOO_COMPLEX, "The document uses " + count(size.aliases())
                    + " aliases (fragments counted where they are spread); the maximum is " + maxAliases, null);
        }
        return new Checked(document, null);
    }

    private static String count(long n) {
        return n >= CAP ? "more than " + CAP : String.valueOf(n);
    }

    private static Checked refuse(ErrorCode code, String message, SourceLocation location) {
        return new Checked(null, new Rejection(code, message, location));
    }

    /** One walk over one document; each fragment is measured once however often it is spread. */
    private static final class Measure {
        private final Map<String, FragmentDefinition> fragments = new HashMap<>();
        private final Map<String, Size> measured = new HashMap<>();
        private final Set<String> inProgress = new HashSet<>();
        private final Document document;
        /** Set when the walk itself nests beyond the bound (and so stops going deeper). */
        boolean tooNested;

        Measure(Document document) {
            this.document = document;
            document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.putIfAbsent(f.getName(), f));
        }

        Size document() {
            Size total = Size.NONE;
            for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
                total = total.beside(selections(operation.getSelectionSet()));
            }
            return total;
        }

        private Size selections(SelectionSet set) {
            if (set == null) {
                return Size.NONE;
            }
            Size size = Size.NONE;
            for (Selection<?> selection : set.getSelections()) {
                size = size.beside(selection(selection));
            }
            return size;
        }

        private Size selection(Selection<?> selection) {
            if (selection instanceof Field field) {
                Size below = selections(field.getSelectionSet());
                return new Size(below.depth() + 1, Size.add(below.fields(), 1),
                        Size.add(below.aliases(), field.getAlias() == null ? 0 : 1), below.spreads());
            }
            if (selection instanceof InlineFragment inline) {
                return selections(inline.getSelectionSet());
            }
            if (selection instanceof FragmentSpread spread) {
                Size inside = fragment(spread.getName());
                return new Size(inside.depth(), inside.fields(), inside.aliases(), inside.spreads() + 1);
            }
            return Size.NONE;
        }

        /** Unknown fragments and cycles count as nothing here: validation rejects them next. */
        private Size fragment(String name) {
            Size known = measured.get(name);
            if (known != null) {
                return known;
            }
            FragmentDefinition definition = fragments.get(name);
            if (inProgress.size() >= MAX_FRAGMENT_NESTING) {
                tooNested = true;
                return Size.NONE;
            }
            if (definition == null || !inProgress.add(name)) {
                return Size.NONE;
            }
            Size size = selections(definition.getSelectionSet());
            inProgress.remove(name);
            measured.put(name, size);
            return size;
        }
    }
}
