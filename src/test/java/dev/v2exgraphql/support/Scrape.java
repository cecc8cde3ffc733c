package dev.v2exgraphql.support;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One scrape of {@code /q/metrics} (Prometheus text format), parsed into series. */
public final class Scrape {

    /** One sample line: metric name, its labels in order, and the value. */
    public record Series(String name, Map<String, String> labels, double value) {
    }

    private final List<Series> series;

    private Scrape(List<Series> series) {
        this.series = series;
    }

    /** Answers served whole from the response cache since the service started. */
    public static double responseCacheHits() {
        return now().sum("v2ex_cache_requests_total", "tier", "response", "result", "hit");
    }

    public static Scrape now() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        List<Series> parsed = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                parsed.add(parse(line));
            }
        }
        return new Scrape(parsed);
    }

    public List<Series> series() {
        return series;
    }

    /** The sum of every series of this name whose labels include all the given ones (0 when none). */
    public double sum(String name, String... labelPairs) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            wanted.put(labelPairs[i], labelPairs[i + 1]);
        }
        return series.stream()
                .filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(wanted.entrySet()))
                .mapToDouble(Series::value).sum();
    }

    /** The one series of this name with exactly these labels' values (NaN when there is none). */
    public double value(String name, String... labelPairs) {
        return series.stream().filter(s -> s.name().equals(name))
                .filter(s -> {
                    for (int i = 0; i < labelPairs.length; i += 2) {
                        if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
                            return false;
                        }
                    }
                    return true;
                })
                .mapToDouble(Series::value).findFirst().orElse(Double.NaN);
    }

    private static Series parse(String sample) {
        // OpenMetrics (what Quarkus serves by default) may follow a value with an exemplar: " # {...} ...".
        int exemplar = sample.indexOf(" # ");
        String line = exemplar < 0 ? sample : sample.substring(0, exemplar);
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq).strip();
                StringBuilder value = new StringBuilder();
                int j = eq + 2; // after ="
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        j++;
                        c = line.charAt(j) == 'n' ? '\n' : line.charAt(j);
                    }
                    value.append(c);
                    j++;
                }
                labels.put(key, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
        } else {
            name = line.substring(0, line.indexOf(' '));
        }
        return new Series(name, labels, number(line.substring(space + 1).strip()));
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
