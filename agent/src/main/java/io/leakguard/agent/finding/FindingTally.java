package io.leakguard.agent.finding;

/**
 * A running total of one kind of finding at one site (definite leaks, reclaims), as the live
 * report and the MBean list them: what, where and how many so far.
 */
public final class FindingTally {
    /** The kind's id (definite, reclaimed). */
    public final String kind;
    public final String type;
    public final String site;
    public final int count;

    public FindingTally(String kind, String type, String site, int count) {
        this.kind = kind;
        this.type = type;
        this.site = site;
        this.count = count;
    }
}
