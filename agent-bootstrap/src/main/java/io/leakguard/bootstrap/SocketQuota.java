package io.leakguard.bootstrap;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Enforce mode's socket quotas: net.max-sockets (the open sockets {@link OpenRecords} counts)
 * and net.max-sockets-per-endpoint (counted here, per remote host:port, from the open and the
 * bookkeeping of every socket record that leaves).
 */
final class SocketQuota {
    private static volatile int maxSockets;
    private static volatile int maxSocketsPerEndpoint;
    /** Open sockets per remote host:port; an endpoint leaves the map when its count reaches 0. */
    static final ConcurrentHashMap<String, Integer> OPEN_PER_ENDPOINT = new ConcurrentHashMap<>();

    private SocketQuota() {
    }

    static void configure(int max, int maxPerEndpoint, long waitMillis) {
        maxSockets = max;
        maxSocketsPerEndpoint = maxPerEndpoint;
        QUEUE.waitMillis(waitMillis);
    }

    /** The socket line of quota.wait. */
    static final QuotaQueue QUEUE = new QuotaQueue("socket", new Quotas());

    /**
     * Before a connect: the refusal message when a quota is reached (after waiting in line up to
     * quota.wait, when on), else null. {@code self}: the channel being connected, counted already
     * since it was opened, never a slot its thread "holds" against itself.
     */
    static String admit(String key, Object self) {
        if (maxSockets <= 0 && maxSocketsPerEndpoint <= 0) {
            return null;
        }
        return QUEUE.admit(ThreadState.get(), key, self);
    }

    /** The connect that reserved a slot finished (tracked by now, or failed). One volatile read otherwise. */
    static void connectDone() {
        if (QUEUE.anyReserved()) {
            QUEUE.done(ThreadState.get());
        }
    }

    /** net.max-sockets and net.max-sockets-per-endpoint as the line asks them. No lambdas: see OpenRecords. */
    private static final class Quotas implements QuotaQueue.Quotas {
        @Override
        public boolean full(Object key, int reservedTotal, int reservedForKey) {
            int max = maxSockets;
            if (max > 0 && OpenRecords.open(Family.SOCKET) + reservedTotal >= max) {
                return true;
            }
            int per = maxSocketsPerEndpoint;
            if (per > 0 && key != null) {
                Integer n = OPEN_PER_ENDPOINT.get(key);
                return (n == null ? 0 : n) + reservedForKey >= per;
            }
            return false;
        }

        @Override
        public String refusal(Object k) {
            String key = (String) k;
            int max = maxSockets;
            long open = OpenRecords.open(Family.SOCKET);
            if (max > 0 && open >= max) {
                return "leakguard refused a socket: quota net.max-sockets=" + max + " reached (" + open
                        + " open). Top holders: " + OpenRecords.topSites(r -> r.family == Family.SOCKET);
            }
            int per = maxSocketsPerEndpoint;
            Integer n = key == null ? null : OPEN_PER_ENDPOINT.get(key);
            if (per > 0 && n != null && n >= per) {
                return "leakguard refused a socket: quota net.max-sockets-per-endpoint=" + per + " reached for " + key
                        + " (" + n + " open). Top holders: " + OpenRecords.topSites(r -> onEndpoint(r, key));
            }
            // Full only with the slots reserved for connects under way (quota.wait).
            return "leakguard refused a socket: quota " + (max > 0 ? "net.max-sockets=" + max
                    : "net.max-sockets-per-endpoint=" + per + " for " + key) + " reached with the sockets being connected ("
                    + open + " open). Top holders: " + OpenRecords.topSites(r -> max > 0 ? r.family == Family.SOCKET
                    : onEndpoint(r, key));
        }

        @Override
        public boolean holdsSlot(Object key, long threadId, int reservedTotal, Object except) {
            int max = maxSockets;
            boolean anyCounts = max > 0 && OpenRecords.open(Family.SOCKET) + reservedTotal >= max;
            for (Record r : OpenRecords.snapshot()) {
                if (r.family == Family.SOCKET && r.description instanceof NetDescription
                        && ((NetDescription) r.description).openerThreadId == threadId
                        && (anyCounts || onEndpoint(r, (String) key))) {
                    Object live = r.get();
                    if (live != null && live != except) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static boolean onEndpoint(Record r, String key) {
        return key != null && r.family == Family.SOCKET && r.description instanceof NetDescription
                && key.equals(((NetDescription) r.description).endpointKey);
    }

    /** Counts a tracked application socket against its endpoint; returns the endpoint's key (null if none). */
    static String opened(Object remote) {
        if (remote == null) {
            return null;
        }
        String key = NetDescription.keyOf(remote);
        OPEN_PER_ENDPOINT.merge(key, 1, Integer::sum);
        return key;
    }

    /** A socket record left the table (see {@link Bookkeeping}). */
    static void closed(String key) {
        if (key != null) {
            OPEN_PER_ENDPOINT.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
        }
        QUEUE.released();
    }
}
