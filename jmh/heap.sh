#!/usr/bin/env bash
# Heap per open resource: a program opens N FileInputStreams of one file and keeps them open; a
# class histogram of the live heap (jcmd GC.class_histogram, which collects first) is taken
# after the first third and after the rest, and the difference is divided by the files opened
# between the two. Without the agent that is the JDK's own
# cost of an open file; with it, the agent's record is added. Prints the total per open file and
# the classes that grew, for no agent and each mode.
# Usage: jmh/heap.sh [JAVA] [N]   (after mvn package; N below the descriptor limit, default 10000; at 70 % of the limit the pressure monitor reports, which the window would include)
set -euo pipefail
JAVA=${1:-java}
N=${2:-10000}
AGENT=$(cd "$(dirname "$0")/.." && pwd)/agent/target/leakguard-agent.jar
[ -f "$AGENT" ] || { echo "build first: $AGENT is missing" >&2; exit 1; }
BIN=$(dirname "$(readlink -f "$(command -v "$JAVA")")")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/OpenFiles.java" <<'JAVA'
import java.io.Closeable;
import java.io.File;
import java.io.FileInputStream;
import java.util.ArrayList;
import java.util.List;

public class OpenFiles {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        File f = File.createTempFile("heap-per-open", ".txt");
        f.deleteOnExit();
        List<Closeable> keep = new ArrayList<>(n);
        for (int i = 0; i < 1000; i++) {
            new FileInputStream(f).close(); // one-off structures (sites, classes) before the first histogram
        }
        // A third of them first, and a pause: whatever the agent does once (its work a second
        // after start, the first record table growth) happens before the first histogram, and
        // only the per-file cost is in the difference.
        for (int i = 0; i < n / 3; i++) {
            keep.add(new FileInputStream(f));
        }
        Thread.sleep(3000);
        System.out.println("@@BEFORE");
        Thread.sleep(1000);
        for (int i = n / 3; i < n; i++) {
            keep.add(new FileInputStream(f));
        }
        System.out.println("@@AFTER");
        Thread.sleep(3000);
        for (Closeable c : keep) {
            c.close();
        }
    }
}
JAVA
"$BIN/javac" -d "$WORK" "$WORK/OpenFiles.java"

histo() { "$BIN/jcmd" "$1" GC.class_histogram | awk '/^ *[0-9]+:/ {print $4, $2, $3}' | LC_ALL=C sort -k1,1; }

# waits for a marker line; fails (with the program's output) if the program ended first
await() {
  until grep -q "$2" "$WORK/out"; do
    kill -0 "$1" 2>/dev/null || { echo "the program ended before $2:" >&2; cat "$WORK/out" >&2; exit 1; }
    sleep 0.1
  done
}

measure() {
  local name=$1; shift
  "$JAVA" -Xmx1g "$@" -cp "$WORK" OpenFiles "$N" > "$WORK/out" 2>&1 &
  local pid=$!
  await "$pid" @@BEFORE
  histo "$pid" > "$WORK/h1"
  await "$pid" @@AFTER
  histo "$pid" > "$WORK/h2"
  wait "$pid"
  LC_ALL=C join -a1 -a2 -e 0 -o 0,1.2,1.3,2.2,2.3 "$WORK/h1" "$WORK/h2" | awk -v n="$((N - N / 3))" -v name="$name" '
    { d = $5 - $3; if (d != 0) { total += d; if (d / n >= 1) grew = grew sprintf("%s %.0f B, ", $1, d / n) } }
    END { printf "| %s | %.0f | %s |\n", name, total / n, grew }'
}

"$JAVA" -version 2>&1 | head -1
echo
echo "| JVM | bytes of heap per open FileInputStream ($N open) | classes that grew by 1 B or more per open file |"
echo "|---|---|---|"
measure "no agent"
measure "leakguard default (monitor)" -javaagent:"$AGENT"
measure "leakguard mode=enforce" -javaagent:"$AGENT"=mode=enforce
measure "leakguard mode=ci" -javaagent:"$AGENT"=mode=ci
