#!/usr/bin/env bash
# Start-up cost of the agent: wall time of a hello-world JVM without an agent, with an empty
# agent (the JVM's own cost of any -javaagent), and with leakguard in each install mode, plus
# the CPU a background install spends in a program that runs long enough for it to finish.
# Usage: jmh/startup.sh [JAVA] [RUNS]   (after mvn package; prints a Markdown table)
set -euo pipefail
JAVA=${1:-java}
RUNS=${2:-20}
AGENT=$(cd "$(dirname "$0")/.." && pwd)/agent/target/leakguard-agent.jar
[ -f "$AGENT" ] || { echo "build first: $AGENT is missing" >&2; exit 1; }
JAVAC=$(dirname "$(readlink -f "$(command -v "$JAVA")")")/javac
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/Hello.java" <<'JAVA'
public class Hello {
    public static void main(String[] a) throws Exception {
        System.out.println("hello");
        if (a.length > 0) Thread.sleep(Long.parseLong(a[0]));
    }
}
JAVA
cat > "$WORK/EmptyAgent.java" <<'JAVA'
public class EmptyAgent { public static void premain(String a, java.lang.instrument.Instrumentation i) { } }
JAVA
"$JAVAC" -d "$WORK" "$WORK/Hello.java" "$WORK/EmptyAgent.java"
printf 'Premain-Class: EmptyAgent\n' > "$WORK/manifest"
(cd "$WORK" && jar cfm empty-agent.jar manifest EmptyAgent.class 2>/dev/null || "$(dirname "$JAVAC")/jar" cfm empty-agent.jar manifest EmptyAgent.class)

# mean and median wall milliseconds of RUNS runs
measure() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local s=$(date +%s%N)
    "$JAVA" "$@" -cp "$WORK" Hello >/dev/null 2>&1
    times+=($(( ($(date +%s%N) - s) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1; s+=$1} END {printf "%d|%d", s/NR, a[int((NR+1)/2)]}'
}
# user+sys CPU seconds of one run that sleeps 3 s (the background install has finished by then)
cpu() {
  /usr/bin/time -f '%U %S' "$JAVA" "$@" -cp "$WORK" Hello 3000 2>&1 >/dev/null | tail -1 | awk '{printf "%.2f", $1 + $2}'
}

"$JAVA" -version 2>&1 | head -1
base=$(measure)
base_mean=${base%|*}
echo
echo "| JVM | mean ms | median ms | added (mean) | CPU s (3 s program) |"
echo "|---|---|---|---|---|"
row() {
  local name=$1; shift
  local r=$(measure "$@")
  local mean=${r%|*} median=${r#*|}
  echo "| $name | $mean | $median | +$((mean - base_mean)) | $(cpu "$@") |"
}
echo "| no agent | ${base_mean} | ${base#*|} | | $(cpu) |"
row "empty agent (premain does nothing)" -javaagent:"$WORK/empty-agent.jar"
row "leakguard monitor (install in the background)" -javaagent:"$AGENT"
row "leakguard monitor, install=sync" -javaagent:"$AGENT"=install=sync
row "leakguard ci (sync)" -javaagent:"$AGENT"=mode=ci
