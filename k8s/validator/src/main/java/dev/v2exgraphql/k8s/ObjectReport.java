package dev.v2exgraphql.k8s;

import java.util.List;

/** The verdict on one object of a manifest file. */
public record ObjectReport(String source, String apiVersion, String kind, String name, List<Violation> violations) {

    public boolean valid() {
        return violations.isEmpty();
    }

    public String title() {
        return source + ": " + apiVersion + " " + kind + " " + name;
    }
}
