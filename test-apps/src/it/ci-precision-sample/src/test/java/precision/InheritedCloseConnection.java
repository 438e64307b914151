package precision;

/** A stub connection whose close() is {@link ConnectionDefaults}' default method. */
public final class InheritedCloseConnection extends StubConnectionMethods implements ConnectionDefaults {
}
