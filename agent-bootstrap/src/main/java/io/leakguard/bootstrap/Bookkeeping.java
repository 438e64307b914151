package io.leakguard.bootstrap;

/**
 * What the policies keep per record, given back when it leaves the table, however it leaves:
 * the JDBC quota slots, the socket quotas, the reclaimed registry, ci mode's collected records.
 * The one listener {@link OpenRecords} calls, so the table knows no policy.
 */
final class Bookkeeping implements OpenRecords.Listener {
    @Override
    public void left(Record r, OpenRecords.Cause cause) {
        if (r instanceof JdbcRecord) {
            JdbcPolicy.closed((JdbcRecord) r, cause == OpenRecords.Cause.CLOSED);
        } else if (r.description instanceof NetDescription) {
            SocketQuota.closed(((NetDescription) r.description).endpointKey);
        }
        if (cause == OpenRecords.Cause.RECLAIMED) {
            JdbcPolicy.markReclaimed(r);
        } else if (cause == OpenRecords.Cause.COLLECTED) {
            CiTests.noteCollected(r);
        }
    }
}
