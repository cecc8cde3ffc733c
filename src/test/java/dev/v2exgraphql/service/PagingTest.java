package dev.v2exgraphql.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.error.GatewayException;
import dev.v2exgraphql.model.PageInfo;
import dev.v2exgraphql.v2ex.Envelope;

/** Honest pages over the upstream's paging; plain JUnit, no Quarkus. */
class PagingTest {

    private static final List<String> FULL = List.of("a", "b", "c");

    @Test
    void readsTheUpstreamsPagination() {
        Envelope page2 = new Envelope("Topics 4-6/8", null, new Envelope.Pagination(8, 3, 3));
        PageInfo info = Paging.slice(2, 20, page2, FULL).pageInfo();
        assertEquals(new PageInfo(2, 3, 8, 3, true, true), info);
    }

    @Test
    void aPagePastTheEndIsEmptyAndSaysWhereTheEndIs() {
        // The upstream answers page 5 of 3 with page 3 again.
        Envelope pastEnd = new Envelope("Topics 7-8/8", null, new Envelope.Pagination(8, 3, 3));
        Paging.Slice<String> slice = Paging.slice(5, 20, pastEnd, List.of("g", "h"));
        assertTrue(slice.items().isEmpty());
        assertEquals(new PageInfo(5, 3, 8, 3, false, true), slice.pageInfo());
    }

    @Test
    void withoutPaginationTheTotalComesFromTheMessage() {
        Envelope notifications = new Envelope("Notifications 11-20/2916", null, null);
        assertEquals(new PageInfo(2, 10, 2916, 292, true, true),
                Paging.slice(2, 10, notifications, FULL).pageInfo());
    }

    @Test
    void withNothingToTellTheEndAFullPageSuggestsMore() {
        Envelope silent = new Envelope(null, null, null);
        assertEquals(new PageInfo(1, 3, null, 2, true, false), Paging.slice(1, 3, silent, FULL).pageInfo());
        assertEquals(new PageInfo(2, 3, null, 2, false, true), Paging.slice(2, 3, silent, List.of("x")).pageInfo());
        PageInfo empty = Paging.slice(3, 3, silent, List.<String> of()).pageInfo();
        assertFalse(empty.hasNextPage());
    }

    @Test
    void pagesStartAtOne() {
        assertEquals(1, Paging.requirePage(null));
        assertEquals(4, Paging.requirePage(4));
        GatewayException refused = assertThrows(GatewayException.class, () -> Paging.requirePage(0));
        assertEquals("page must be 1 or greater, got 0", refused.getMessage());
    }
}
