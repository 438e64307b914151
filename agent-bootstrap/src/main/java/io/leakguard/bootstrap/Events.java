package io.leakguard.bootstrap;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Things the hot path decides that the reports must show (a quota refusal), handed to the
 * scanner thread through a queue so the application's thread never formats or writes a report.
 */
public final class Events {
    /** One event: kind, family, resource type, site, thread, message. */
    public static final class Event {
        public final String kind;
        public final String family;
        public final String type;
        public final String site;
        public final String[] stack;
        public final String thread;
        public final String message;
        public final long timeMillis = System.currentTimeMillis();

        Event(String kind, String family, String type, Site site, String message) {
            this.kind = kind;
            this.family = family;
            this.type = type;
            this.site = site.frame;
            this.stack = site.stack;
            this.thread = ThreadNames.of(Thread.currentThread());
            this.message = message;
        }
    }

    private static final ConcurrentLinkedQueue<Event> QUEUE = new ConcurrentLinkedQueue<>();
    private static final int MAX_QUEUED = 10_000;

    private Events() {
    }

    static void quotaRefused(String message) {
        Counters.QUOTA_REFUSALS.increment();
        if (QUEUE.size() >= MAX_QUEUED) {
            return;
        }
        Site site = orUnsampled(SiteCapture.firstApplicationSite(true));
        QUEUE.add(new Event("quota-refused", "jdbc", "connection", site, message));
    }

    static void quota(String type, String message) {
        Counters.QUOTA_REFUSALS.increment();
        if (QUEUE.size() >= MAX_QUEUED) {
            return;
        }
        Site site = orUnsampled(SiteCapture.firstApplicationSite(false));
        QUEUE.add(new Event("quota-refused", "socket", type, site, message));
    }

    static void circuit(String kind, String endpoint, String message) {
        if (QUEUE.size() >= MAX_QUEUED) {
            return;
        }
        Site site = orUnsampled(SiteCapture.firstApplicationSite(false));
        QUEUE.add(new Event(kind, "socket", "endpoint " + endpoint, site, message));
    }

    static void lockTimeout(String type, String message) {
        Counters.LOCK_TIMEOUTS.increment();
        if (QUEUE.size() >= MAX_QUEUED) {
            return;
        }
        Site site = orUnsampled(SiteCapture.lockSite(0));
        QUEUE.add(new Event("lock-timeout", "lock", type, site, message));
    }

    private static Site orUnsampled(Site s) {
        return s != null && s != SiteCapture.JDK_LOCK ? s : SiteCapture.UNSAMPLED;
    }

    static void tableFull() {
        QUEUE.add(new Event("table-full", "tracker", "records", SiteCapture.UNSAMPLED,
                "leakguard: max-tracked records are open; further acquisitions are counted "
                        + "(leakguard_untracked_acquisitions_total) but not recorded until some close"));
    }

    /** Next event for the scanner, or null. */
    public static Event poll() {
        return QUEUE.poll();
    }
}
