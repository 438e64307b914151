package io.leakguard.bootstrap;

/**
 * ci mode: the number of the test running now, 0 between tests (and in the other modes). Tests
 * run one at a time (JUnit's default), so it is process-wide: threads a test starts count for it.
 * Kept apart from {@link CiTests}, which writes it, so that a record (which reads it when it is
 * created) depends on no policy.
 */
final class CurrentTest {
    static volatile int id;

    private CurrentTest() {
    }
}
