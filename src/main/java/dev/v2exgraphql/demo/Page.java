package dev.v2exgraphql.demo;

import java.util.List;

/**
 * One page of a list as the upstream cuts it. Its quirk, which the service's paging must cope
 * with: a page past the last one returns the last page again (same items, same pagination). A
 * page below 1 or one that is not a number is page 1. from and to are 1-based, for the message.
 */
record Page<T>(List<T> items, int total, int pages, int perPage, int from, int to) {

    static <T> Page<T> of(List<T> all, int perPage, String rawP) {
        if (perPage < 1) {
            throw new IllegalArgumentException("not a paged list: " + perPage + " per page");
        }
        int total = all.size();
        int pages = (total + perPage - 1) / perPage;
        if (pages == 0) {
            return new Page<>(List.of(), 0, 0, perPage, 0, 0);
        }
        int p = Math.min(requested(rawP), pages);
        int fromIndex = (p - 1) * perPage;
        int toIndex = Math.min(total, fromIndex + perPage);
        return new Page<>(all.subList(fromIndex, toIndex), total, pages, perPage, fromIndex + 1, toIndex);
    }

    private static int requested(String rawP) {
        if (rawP == null) {
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(rawP.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
