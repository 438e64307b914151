package io.leakguard.bootstrap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rule's decision alone; the real path (Mockito in a real build) is commons-dbutils' suite, docs/ci-precision.md. */
class MockAnswersTest {
    private static Record record(Object handle, String frame) {
        return new Record(handle, System.identityHashCode(handle), Family.JDBC, "desc", new Site(frame, new String[] {frame}),
                null, 0, null);
    }

    @Test
    void aMocksAnswerToTheTestsOwnLineIsNoAcquisitionButToTheCodeUnderTestItIs() {
        Object mockConnection = new Connection$MockitoMock$x1();
        String test = "org.example.QueryRunnerTest";
        assertTrue(MockAnswers.toTheTestsOwnCall(record(mockConnection, test + ".lambda$testNull$3(QueryRunnerTest.java:897)"), test));
        assertTrue(MockAnswers.toTheTestsOwnCall(record(mockConnection, test + "$Nested.test(QueryRunnerTest.java:12)"), test));
        assertFalse(MockAnswers.toTheTestsOwnCall(record(mockConnection, "org.example.QueryRunner.prepare(QueryRunner.java:551)"), test));
        assertFalse(MockAnswers.toTheTestsOwnCall(record(new Object(), test + ".test(QueryRunnerTest.java:5)"), test));
        assertFalse(MockAnswers.toTheTestsOwnCall(record(mockConnection, test + "Helper.open(QueryRunnerTestHelper.java:5)"), test));
    }

    /** Named as Mockito names the class it generates for a mocked interface. */
    private static final class Connection$MockitoMock$x1 {
    }
}
