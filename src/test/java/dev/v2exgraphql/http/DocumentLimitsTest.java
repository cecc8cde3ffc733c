package dev.v2exgraphql.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.error.ErrorCode;

/** What the front refuses before SmallRye sees a document; plain JUnit, no Quarkus. */
class DocumentLimitsTest {

    private final DocumentLimits limits = new DocumentLimits(OptionalInt.of(3), OptionalInt.of(6), 2, 200, 2000);

    @Test
    void acceptsADocumentWithinEveryLimit() {
        DocumentLimits.Checked checked = limits.check("{ a: topic(id: 1) { title author { username } } }");
        assertTrue(checked.accepted());
        assertNotNull(checked.document());
        assertNull(checked.rejection());
    }

    @Test
    void countsDepthAndFieldsWithFragmentsExpandedWhereTheyAreSpread() {
        assertRefused(ErrorCode.QUERY_TOO_COMPLEX, "4 fields deep; the maximum depth is 3",
                limits.check("{ topic(id: 1) { author { node { name } } } }"));
        // Two spreads of a three-field fragment, plus the two fields that spread it: 8 > 6.
        assertRefused(ErrorCode.QUERY_TOO_COMPLEX, "selects 8 fields",
                limits.check("{ a: topic(id: 1) { ...f } b: topic(id: 2) { ...f } } fragment f on Topic { id title url }"));
        assertTrue(limits.check("{ topic(id: 1) { ...f } } fragment f on Topic { id title url }").accepted());
    }

    @Test
    void countsAliases() {
        assertRefused(ErrorCode.QUERY_TOO_COMPLEX, "uses 3 aliases",
                limits.check("{ a: topic(id: 1) { id } b: topic(id: 2) { id } c: topic(id: 3) { id } }"));
    }

    @Test
    void boundsFragmentsSpreadInsideFragments() {
        StringBuilder chain = new StringBuilder("{ topic(id: 1) { ...f0 } }");
        for (int i = 0; i < DocumentLimits.MAX_FRAGMENT_NESTING + 1; i++) {
            chain.append(" fragment f").append(i).append(" on Topic { ...f").append(i + 1).append(" }");
        }
        chain.append(" fragment f").append(DocumentLimits.MAX_FRAGMENT_NESTING + 1).append(" on Topic { id }");
        DocumentLimits wide = new DocumentLimits(OptionalInt.empty(), OptionalInt.empty(), 100, 100_000, 100_000);
        assertRefused(ErrorCode.QUERY_TOO_COMPLEX, "more than " + DocumentLimits.MAX_FRAGMENT_NESTING + " levels deep",
                wide.check(chain.toString()));
    }

    @Test
    void refusesTooManyTokensAndSaysWhereASyntaxErrorIs() {
        assertRefused(ErrorCode.QUERY_TOO_COMPLEX, "more than 200 tokens",
                limits.check("{ " + "topic(id: 1) { id } ".repeat(60) + "}"));
        DocumentLimits.Checked broken = limits.check("{\n  topic(id: 1) {\n    title\n }");
        assertEquals(ErrorCode.BAD_USER_INPUT, broken.rejection().code());
        assertTrue(broken.rejection().message().startsWith("Syntax error"), broken.rejection().message());
        assertNotNull(broken.rejection().location());
        assertEquals(4, broken.rejection().location().getLine());
    }

    private static void assertRefused(ErrorCode code, String part, DocumentLimits.Checked checked) {
        assertNull(checked.document());
        assertEquals(code, checked.rejection().code());
        assertTrue(checked.rejection().message().contains(part), checked.rejection().message());
    }
}
