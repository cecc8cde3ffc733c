package dev.v2exgraphql.service;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

import dev.v2exgraphql.error.ErrorCode;
import dev.v2exgraphql.error.GatewayException;
import dev.v2exgraphql.error.GatewayFailures;
import io.smallrye.mutiny.Uni;

/** Uni helpers the services share: lookups in one wave, null for what does not exist, prefetches nobody waits for. */
final class Unis {

    private Unis() {
    }

    /** Queries answer null for things that do not exist; only mutations report NOT_FOUND. */
    static <T> Uni<T> nullIfNotFound(Uni<T> lookup) {
        return lookup.onFailure(failure -> GatewayFailures.is(failure, ErrorCode.NOT_FOUND)).recoverWithNull();
    }

    /** Starts every lookup at once (one wave) and keeps the order of the keys. */
    static <K, T> Uni<List<T>> all(List<K> keys, Function<K, Uni<T>> lookup) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<T>> lookups = new ArrayList<>(keys.size());
        for (K key : keys) {
            lookups.add(lookup.apply(key));
        }
        return Uni.join().all(lookups).andFailFast();
    }

    /**
     * Starts one fetch per page now, for a field the query will resolve later, and forgets the
     * outcome: the field's own resolver reads the memoized result, failures included. Invalid
     * input is left for that resolver to report.
     */
    static void prefetch(List<Integer> pages, IntFunction<Uni<?>> fetch) {
        try {
            for (Integer page : pages) {
                startAndForget(fetch.apply(Paging.requirePage(page)));
            }
        } catch (GatewayException invalid) {
            // reported by the field that has the bad argument
        }
    }

    /** Runs work nobody waits for; its outcome, failures included, is someone else's to read. */
    static void startAndForget(Uni<?> work) {
        work.subscribe().with(done -> {
        }, failure -> {
        });
    }
}
