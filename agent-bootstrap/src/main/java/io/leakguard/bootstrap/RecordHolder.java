package io.leakguard.bootstrap;

/**
 * A JDBC handle class that carries its own record: the agent adds this interface, one field and
 * its two accessors to a connection, statement or result set class it weaves when the class is
 * first loaded (never on a retransform, which cannot add fields; never to a Serializable class,
 * whose default serialVersionUID would change).
 *
 * <p>Why: finding a handle's record in the shared table needs the handle's identity hash, and for
 * a fresh object (a pool's proxy per borrow, a statement and a result set per query) the JVM
 * computes and installs one on first use, one of the largest single costs of tracking JDBC.
 * Through the field, a close, an execute or a use mark finds the record at once, and a handle
 * never tracked (the driver's statement behind a pool's proxy) is known by a null field. The
 * record still lives in the one table ({@link OpenRecords}), which stays the only owner of what is
 * open: the field is a way to it, written after the record entered and cleared when it leaves.
 */
public interface RecordHolder {
    /** The record of this handle while it is tracked (possibly one that has left since), or null. */
    Record leakguard$record();

    void leakguard$record(Record r);
}
