package precision;

/**
 * A test double as pools' own suites use them (HikariCP's StubConnection): close() does nothing
 * and isClosed() stays false; it is always valid. A pool over it still calls close() on a physical
 * connection it evicts: that call is all there is to see. A class, not a JDK proxy, as in those
 * suites.
 */
public class StubConnection extends StubConnectionMethods {
    @Override
    public void close() {
        // A stub closes nothing, as in a pool's own test suite.
    }
}
