#!/usr/bin/env bash
# What the agent costs a program that loads many classes after start (a Spring Boot service loads
# ~20,000): every class of a few large jars is loaded (not initialised) through a fresh class
# loader, in a fresh JVM, without the agent and with it in each mode. Prints a Markdown table:
# the loading loop's own time and its thread's CPU time (medians of RUNS), each as a ratio to no agent.
# Usage: jmh/classloading.sh [JAVA] [RUNS] [NAME=JAR ...]   (after mvn package; fetches the jars with Maven once)
#   NAME=JAR adds a row for another build of the agent (mode=monitor), e.g. before=/tmp/old.jar
set -euo pipefail
JAVA=${1:-java}
RUNS=${2:-5}
shift $(( $# < 2 ? $# : 2 ))
ROOT=$(cd "$(dirname "$0")/.." && pwd)
AGENT=$ROOT/agent/target/leakguard-agent.jar
[ -f "$AGENT" ] || { echo "build first: $AGENT is missing" >&2; exit 1; }
JARS=$ROOT/jmh/target/many-classes
mkdir -p "$JARS"
for a in org.scala-lang:scala-library:2.13.18 org.scala-lang:scala-reflect:2.13.18 \
         org.scala-lang:scala-compiler:2.13.18 com.google.guava:guava:33.7.2-jre \
         net.bytebuddy:byte-buddy:1.18.14 org.apache.commons:commons-math3:3.6.1 \
         org.eclipse.jgit:org.eclipse.jgit:7.4.0.202509020913-r com.h2database:h2:2.3.232 \
         org.postgresql:postgresql:42.7.13 org.mariadb.jdbc:mariadb-java-client:3.5.6 \
         org.jetbrains.kotlin:kotlin-stdlib:2.1.0 net.java.dev.jna:jna-platform:5.17.0 \
         org.apache.commons:commons-lang3:3.17.0; do
  name=$(echo "$a" | cut -d: -f2)-$(echo "$a" | cut -d: -f3).jar
  [ -f "$JARS/$name" ] || mvn -q -B -Dstyle.color=never dependency:copy -Dartifact="$a" -DoutputDirectory="$JARS" >/dev/null
done
JAVAC=$(dirname "$(readlink -f "$(command -v "$JAVA")")")/javac
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/LoadAll.java" <<'JAVA'
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

public class LoadAll {
    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (File f : new File(args[0]).listFiles((d, n) -> n.endsWith(".jar"))) {
            urls.add(f.toURI().toURL());
            try (JarFile jar = new JarFile(f)) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    String n = e.nextElement().getName();
                    if (n.endsWith(".class") && !n.contains("-") && !n.startsWith("META-INF")) {
                        names.add(n.substring(0, n.length() - 6).replace('/', '.'));
                    }
                }
            }
        }
        // The loading thread's own CPU time too: on two cores the JIT's and the agent's background
        // threads take turns with it, which moves the wall time but not this.
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        int loaded = 0;
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            for (String n : names) {
                try {
                    Class.forName(n, false, loader);
                    loaded++;
                } catch (Throwable missingDependency) {
                    // an optional dependency of the jar is not here: skipped alike in every run
                }
            }
        }
        long wall = (System.nanoTime() - t0) / 1_000_000;
        System.out.println(loaded + " " + wall + " " + (cpu.getCurrentThreadCpuTime() - c0) / 1_000_000);
    }
}
JAVA
# The floor of any Java agent that sees every class: a transformer that changes nothing. The JVM
# then copies each class file into a Java array and calls into Java for it (and, for the JDK's
# archived classes, reads the class file from the runtime image first).
cat > "$WORK/NoOpAgent.java" <<'JAVA'
public class NoOpAgent {
    public static void premain(String a, java.lang.instrument.Instrumentation inst) {
        inst.addTransformer(new java.lang.instrument.ClassFileTransformer() { }, true);
    }
}
JAVA
"$JAVAC" -d "$WORK" "$WORK/LoadAll.java" "$WORK/NoOpAgent.java"
printf 'Premain-Class: NoOpAgent\nCan-Retransform-Classes: true\n' > "$WORK/manifest"
(cd "$WORK" && { jar cfm noop-agent.jar manifest NoOpAgent*.class 2>/dev/null \
  || "$(dirname "$JAVAC")/jar" cfm noop-agent.jar manifest NoOpAgent*.class; })
"$JAVA" -version 2>&1 | head -1
# The configurations take turns, run by run (this machine drifts by 10 % over minutes: running
# one configuration's runs back to back made the ratios depend on when each ran); medians.
names=("no agent" "an agent whose transformer changes nothing")
opts=("" "-javaagent:$WORK/noop-agent.jar")
# The jars include three JDBC drivers, whose JDBC classes are woven; the jdbc=off row shows the
# rest alone.
for args in mode=monitor mode=ci mode=enforce mode=monitor,jdbc=off; do
  names+=("leakguard $args")
  opts+=("-javaagent:$AGENT=$args")
done
for extra in "$@"; do
  names+=("${extra%%=*} mode=monitor")
  opts+=("-javaagent:${extra#*=}=mode=monitor")
done
for i in "${!opts[@]}"; do : > "$WORK/t$i"; : > "$WORK/c$i"; done
COUNT=$("$JAVA" -cp "$WORK" LoadAll "$JARS" | cut -d' ' -f1)
for _ in $(seq "$RUNS"); do
  for i in "${!opts[@]}"; do
    # shellcheck disable=SC2086
    out=$("$JAVA" ${opts[$i]} -cp "$WORK" LoadAll "$JARS" 2>/dev/null | tail -1)
    echo "$out" | cut -d' ' -f2 >> "$WORK/t$i"
    echo "$out" | cut -d' ' -f3 >> "$WORK/c$i"
  done
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
base=$(median "$WORK/t0")
cbase=$(median "$WORK/c0")
echo
echo "$COUNT classes loaded through one fresh URLClassLoader"
echo
echo "| JVM | loading ms (median of $RUNS) | ratio | loading thread's CPU ms (median) | ratio |"
echo "|---|---|---|---|---|"
for i in "${!opts[@]}"; do
  t=$(median "$WORK/t$i")
  c=$(median "$WORK/c$i")
  echo "| ${names[$i]} | $t | $(awk -v a="$t" -v b="$base" 'BEGIN {printf "%.2f", a / b}') | $c | $(awk -v a="$c" -v b="$cbase" 'BEGIN {printf "%.2f", a / b}') |"
done
