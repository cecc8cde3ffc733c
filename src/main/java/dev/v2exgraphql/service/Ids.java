package dev.v2exgraphql.service;

import java.util.List;
import java.util.regex.Pattern;

import dev.v2exgraphql.error.GatewayException;

/** Validates identifiers before they become upstream paths. */
final class Ids {

    private static final Pattern NUMERIC_ID = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

    private Ids() {
    }

    /** Upstream ids are positive integers; GraphQL carries them as strings. */
    static long numeric(String kind, String id) {
        if (id == null || !NUMERIC_ID.matcher(id.strip()).matches()) {
            throw GatewayException.badInput("'" + shorten(id) + "' is not a valid " + kind + " id");
        }
        return Long.parseLong(id.strip());
    }

    static String nodeName(String name) {
        if (name == null || !NODE_NAME.matcher(name).matches()) {
            throw GatewayException.badInput("'" + shorten(name) + "' is not a valid node name");
        }
        return name;
    }

    /**
     * A list argument (one upstream call per item) within the configured size; checked before its
     * items, so an oversized list is refused with one clear message and no work.
     */
    static <T> List<T> atMost(String argument, List<T> values, int max) {
        if (values.size() > max) {
            throw GatewayException.badInput("'" + argument + "' has " + values.size() + " items; at most " + max
                    + " are allowed");
        }
        return values;
    }

    /** Echo bad input back, but never a whole oversized value. */
    private static String shorten(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
