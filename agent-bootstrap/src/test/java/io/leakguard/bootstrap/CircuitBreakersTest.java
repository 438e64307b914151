package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A breaker per endpoint: closed, open after enough failures in the window, half-open after the cool-down. */
class CircuitBreakersTest {
    private static final String DB = "db.example:5432";

    @BeforeEach
    void configure() {
        CircuitBreakers.reset();
        CircuitBreakers.configure(3, 10_000, 30_000);
    }

    @AfterEach
    void reset() {
        CircuitBreakers.reset();
        CircuitBreakers.configure(5, 10_000, 30_000);
    }

    @Test
    void opensAfterTheFailuresWithinTheWindowAndOnlyForThatEndpoint() {
        long t = 1_000_000;
        CircuitBreakers.outcome(DB, false, t);
        CircuitBreakers.outcome(DB, false, t + 1);
        assertNull(CircuitBreakers.check(DB, t + 2), "two failures of three: still closed");
        CircuitBreakers.outcome(DB, false, t + 3);
        String refusal = CircuitBreakers.check(DB, t + 4);
        assertNotNull(refusal);
        assertTrue(refusal.startsWith("circuit open for " + DB + ": 3 consecutive connect failures"), refusal);
        assertTrue(CircuitBreakers.refusedByBreaker(new ConnectException(refusal)));
        assertNull(CircuitBreakers.check("other:80", t + 4));
    }

    @Test
    void failuresFurtherApartThanTheWindowDoNotAddUp() {
        long t = 1_000_000;
        CircuitBreakers.outcome(DB, false, t);
        CircuitBreakers.outcome(DB, false, t + 1);
        CircuitBreakers.outcome(DB, false, t + 10_002); // the window began again
        assertNull(CircuitBreakers.check(DB, t + 10_003));
        CircuitBreakers.outcome(DB, false, t + 10_004);
        CircuitBreakers.outcome(DB, false, t + 10_005);
        assertNotNull(CircuitBreakers.check(DB, t + 10_006));
    }

    @Test
    void aSuccessResetsTheCount() {
        long t = 1_000_000;
        CircuitBreakers.outcome(DB, false, t);
        CircuitBreakers.outcome(DB, false, t + 1);
        CircuitBreakers.outcome(DB, true, t + 2);
        CircuitBreakers.outcome(DB, false, t + 3);
        assertNull(CircuitBreakers.check(DB, t + 4));
    }

    @Test
    void afterTheCoolDownOneTrialGoesAndItsOutcomeDecides() {
        long t = 1_000_000;
        for (int i = 0; i < 3; i++) {
            CircuitBreakers.outcome(DB, false, t + i);
        }
        long coolDownEnds = t + 2 + 30_000;
        assertNotNull(CircuitBreakers.check(DB, coolDownEnds - 1));
        assertNull(CircuitBreakers.check(DB, coolDownEnds), "half-open: this connect is the trial");
        String during = CircuitBreakers.check(DB, coolDownEnds + 1);
        assertTrue(during != null && during.contains("is trying it again now"), during);

        CircuitBreakers.outcome(DB, false, coolDownEnds + 2); // the trial failed: open again
        assertNotNull(CircuitBreakers.check(DB, coolDownEnds + 3));
        long again = coolDownEnds + 2 + 30_000;
        assertNull(CircuitBreakers.check(DB, again));
        CircuitBreakers.outcome(DB, true, again + 1); // the trial succeeded: closed
        assertNull(CircuitBreakers.check(DB, again + 2));
        assertNull(CircuitBreakers.check(DB, again + 3));
    }

    @Test
    void anOrdinaryConnectFailureIsNoRefusalOfTheBreakers() {
        assertFalse(CircuitBreakers.refusedByBreaker(new ConnectException("Connection refused")));
        assertFalse(CircuitBreakers.refusedByBreaker(null));
    }
}
