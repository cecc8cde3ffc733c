package dev.v2exgraphql.service;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.v2exgraphql.error.GatewayException;
import dev.v2exgraphql.model.PageInfo;
import dev.v2exgraphql.v2ex.Envelope;

/**
 * Honest pages over the upstream's {@code p} parameter. The upstream answers a page past the end
 * with the last page again; here such a page is empty and says where the end is.
 */
final class Paging {

    /** Lists without pagination (notifications) say "Notifications 1-10/2916" in their message. */
    private static final Pattern RANGE_OF_TOTAL = Pattern.compile("(\\d+)\\s*-\\s*(\\d+)\\s*/\\s*(\\d+)");

    record Slice<T>(List<T> items, PageInfo pageInfo) {
    }

    private Paging() {
    }

    static int requirePage(Integer page) {
        int p = page == null ? 1 : page;
        if (p < 1) {
            throw GatewayException.badInput("page must be 1 or greater, got " + p);
        }
        return p;
    }

    static <T> Slice<T> slice(int page, int defaultPerPage, Envelope envelope, List<T> items) {
        Envelope.Pagination pagination = envelope.pagination();
        Integer total = pagination == null ? null : pagination.total();
        Integer pages = pagination == null ? null : pagination.pages();
        int perPage = pagination != null && pagination.perPage() != null && pagination.perPage() > 0
                ? pagination.perPage()
                : defaultPerPage;
        if (total == null) {
            total = totalFromMessage(envelope.message());
        }
        if (pages == null && total != null) {
            pages = (total + perPage - 1) / perPage;
        }
        if (pages == null) {
            // Nothing tells where the end is: a full page suggests more, a short one is the last.
            pages = items.isEmpty() ? page - 1 : items.size() >= perPage ? page + 1 : page;
        }
        boolean pastEnd = page > pages;
        return new Slice<>(pastEnd ? List.of() : items,
                new PageInfo(page, perPage, total, pages, page < pages, page > 1));
    }

    private static Integer totalFromMessage(String message) {
        if (message == null) {
            return null;
        }
        Matcher matcher = RANGE_OF_TOTAL.matcher(message);
        return matcher.find() ? Integer.valueOf(matcher.group(3)) : null;
    }
}
