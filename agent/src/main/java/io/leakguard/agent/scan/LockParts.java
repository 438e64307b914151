package io.leakguard.agent.scan;

import io.leakguard.agent.finding.Finding;
import io.leakguard.bootstrap.HeldLocks;
import io.leakguard.bootstrap.Locks;
import java.util.ArrayList;
import java.util.List;

/** The pieces every lock finding is written with: stacks, where a lock was taken, a deadlock's members. */
final class LockParts {
    private static final int STACK_LINES = 24;

    private LockParts() {
    }

    /** Where the hold was taken, or a sentence saying why that is not known. */
    static String acquiredAt(HeldLocks.Hold hold) {
        if (hold != null && hold.siteKnown()) {
            return hold.site.frame;
        }
        if (hold != null) {
            return "unknown (site not sampled: the thread was over its site.budget)";
        }
        return Locks.tracking() ? "unknown (taken before hold tracking started)"
                : "unknown (hold tracking was off; lock.track-holds=auto turns it on now, =always from the start)";
    }

    static List<String> lines(StackTraceElement[] stack) {
        List<String> out = new ArrayList<>(Math.min(stack.length, STACK_LINES));
        for (int i = 0; i < stack.length && i < STACK_LINES; i++) {
            out.add(LockWatch.frame(stack[i]));
        }
        return out;
    }

    /** A deadlock in one line: how many threads, and what each waits for and holds. */
    static String describe(List<Finding.ThreadPart> parts) {
        StringBuilder sb = new StringBuilder().append(parts.size()).append(" threads:");
        for (Finding.ThreadPart p : parts) {
            sb.append(" \"").append(p.name).append("\" ").append(p.lock).append(';');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }
}
