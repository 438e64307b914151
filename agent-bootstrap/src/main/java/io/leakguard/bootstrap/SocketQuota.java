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

    static void configure(int max, int maxPerEndpoint) {
        maxSockets = max;
        maxSocketsPerEndpoint = maxPerEndpoint;
    }

    /** Before a connect: the refusal message when a quota is reached, else null. */
    static String check(String key) {
        int max = maxSockets;
        if (max > 0) {
            long open = OpenRecords.open(Family.SOCKET);
            if (open >= max) {
                return "leakguard refused a socket: quota net.max-sockets=" + max + " reached (" + open
                        + " open). Top holders: " + OpenRecords.topSites(r -> r.family == Family.SOCKET);
            }
        }
        int per = maxSocketsPerEndpoint;
        if (per > 0 && key != null) {
            Integer n = OPEN_PER_ENDPOINT.get(key);
            if (n != null && n >= per) {
                return "leakguard refused a socket: quota net.max-sockets-per-endpoint=" + per + " reached for " + key
                        + " (" + n + " open). Top holders: " + OpenRecords.topSites(r -> r.family == Family.SOCKET
                        && r.description instanceof NetDescription && key.equals(((NetDescription) r.description).endpointKey));
            }
        }
        return null;
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
    }
}
