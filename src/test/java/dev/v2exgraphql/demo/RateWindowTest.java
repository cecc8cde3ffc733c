package dev.v2exgraphql.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The rate window on a clock of the test's, so a window rolls over without waiting. */
class RateWindowTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final long START = 1_735_689_600_250L; // a quarter second past a full second

    private final AtomicLong now = new AtomicLong(START);
    private final RateWindow window = new RateWindow(now::get);

    @Test
    void countsEveryRequestAndRefusesPastTheLimit() {
        for (int i = 1; i <= 3; i++) {
            RateWindow.Quota q = window.consume(3, HOUR);
            assertTrue(q.allowed());
            assertEquals(3 - i, q.remaining());
            assertEquals(3, q.limit());
        }
        RateWindow.Quota refused = window.consume(3, HOUR);
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertFalse(window.consume(3, HOUR).allowed(), "refused requests count too");
    }

    @Test
    void resetIsTheWindowsEndRoundedUpToASecond() {
        RateWindow.Quota q = window.consume(600, HOUR);
        assertEquals((START + 3_600_000 + 999) / 1000, q.resetEpochSeconds());
        // Both ends rounded up: a fresh window never advertises more than its length.
        assertEquals(3600, q.retryAfterSeconds(START));
        assertEquals(1, q.retryAfterSeconds(START + 3_600_000), "at least a second");
    }

    @Test
    void theQuotaComesBackWhenTheWindowRunsOut() {
        window.consume(1, HOUR);
        now.set(START + 3_599_999);
        assertFalse(window.consume(1, HOUR).allowed());
        now.set(START + 3_600_000);
        RateWindow.Quota fresh = window.consume(1, HOUR);
        assertTrue(fresh.allowed());
        assertEquals((START + 7_200_000 + 999) / 1000, fresh.resetEpochSeconds());
    }

    @Test
    void peekConsumesNothingAndRestartGivesTheFullQuota() {
        window.consume(5, HOUR);
        window.consume(5, HOUR);
        assertEquals(3, window.peek(5, HOUR).remaining());
        assertEquals(3, window.peek(5, HOUR).remaining());
        now.addAndGet(60_000);
        window.restart();
        RateWindow.Quota q = window.peek(5, HOUR);
        assertEquals(5, q.remaining());
        assertEquals((START + 60_000 + 3_600_000 + 999) / 1000, q.resetEpochSeconds());
    }

    @Test
    void aChangedLimitOrLengthAppliesFromTheNextCallWithoutRestartingTheWindow() {
        window.consume(10, HOUR);
        window.consume(10, HOUR);
        assertFalse(window.consume(2, HOUR).allowed(), "third request over a limit of 2");
        assertTrue(window.consume(100, HOUR).allowed());
        now.set(START + 1000);
        RateWindow.Quota shorter = window.consume(100, Duration.ofMillis(800));
        assertEquals(99, shorter.remaining(), "the shorter window ran out: a new one started");
    }
}
