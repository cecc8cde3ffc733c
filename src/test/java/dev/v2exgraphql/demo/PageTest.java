package dev.v2exgraphql.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The upstream's paging, quirk included, without a server. */
class PageTest {

    private static final List<Integer> FORTY_FIVE = IntStream.rangeClosed(1, 45).boxed().toList();

    @Test
    void pagesCutTheListWithAShortLastPage() {
        Page<Integer> first = Page.of(FORTY_FIVE, 20, "1");
        assertEquals(FORTY_FIVE.subList(0, 20), first.items());
        assertEquals(List.of(45, 3, 20, 1, 20), List.of(first.total(), first.pages(), first.perPage(), first.from(),
                first.to()));
        Page<Integer> last = Page.of(FORTY_FIVE, 20, "3");
        assertEquals(FORTY_FIVE.subList(40, 45), last.items());
        assertEquals(List.of(41, 45), List.of(last.from(), last.to()));
    }

    @Test
    void aPagePastTheLastIsTheLastPageAgain() {
        Page<Integer> last = Page.of(FORTY_FIVE, 20, "3");
        assertEquals(last, Page.of(FORTY_FIVE, 20, "4"));
        assertEquals(last, Page.of(FORTY_FIVE, 20, "99"));
        assertEquals(last, Page.of(FORTY_FIVE, 20, String.valueOf(Integer.MAX_VALUE)));
    }

    @Test
    void belowOneMissingOrNotANumberIsPageOne() {
        Page<Integer> first = Page.of(FORTY_FIVE, 20, "1");
        for (String p : new String[]{null, "", "0", "-3", "abc", "1.5", "99999999999"}) {
            assertEquals(first, Page.of(FORTY_FIVE, 20, p), String.valueOf(p));
        }
        assertEquals(Page.of(FORTY_FIVE, 20, "2"), Page.of(FORTY_FIVE, 20, " 2 "));
    }

    @Test
    void anEmptyListHasZeroPagesWhateverIsAsked() {
        Page<Integer> none = Page.of(List.of(), 10, "2");
        assertEquals(List.of(), none.items());
        assertEquals(List.of(0, 0, 10, 0, 0), List.of(none.total(), none.pages(), none.perPage(), none.from(),
                none.to()));
    }

    @Test
    void anExactMultipleHasNoEmptyLastPage() {
        Page<Integer> last = Page.of(FORTY_FIVE.subList(0, 40), 20, "3");
        assertEquals(2, last.pages());
        assertEquals(FORTY_FIVE.subList(20, 40), last.items());
    }

    @Test
    void anEndpointWithoutPagesCannotBePaged() {
        assertThrows(IllegalArgumentException.class, () -> Page.of(FORTY_FIVE, 0, "1"));
    }
}
