package io.leakguard.agent.report.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The fields every leakguard JFR event carries; each finding kind is its own event type (a
 * subclass with its own name), so a recording can enable or filter them one by one.
 */
@Category({"leakguard"})
@StackTrace(false)
abstract class FindingEvent extends Event {
    @Label("Family")
    @Description("file, jdbc, a socket kind, lock, or pressure")
    String family;

    @Label("Resource")
    @Description("What it is: the resource type and a description (path, URL without credentials, lock)")
    String resource;

    @Label("Site")
    @Description("Where it was acquired: the first application frame")
    String site;

    @Label("Acquiring Thread")
    String thread;

    @Label("Age")
    @Timespan(Timespan.MILLISECONDS)
    long age;

    @Label("Count")
    @Description("How many at this site (for a leak scan's group), 1 otherwise")
    int count;

    @Label("Action")
    @Description("What leakguard did: reported, reclaimed, refused, thrown, holder dump")
    String action;
}
