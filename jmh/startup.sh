#!/usr/bin/env bash
# Start-up cost of the agent on a hello-world JVM: wall time, CPU (user + sys) and peak RSS,
# without an agent, with an empty agent (what the JVM charges for any -javaagent), and with
# leakguard in each mode, default options otherwise (every mode installs before main()).
# The configurations take turns, run by run, so a machine that slows down during the run slows
# every column alike; medians and minimums of RUNS runs each.
# Usage: jmh/startup.sh [JAVA] [RUNS] [NAME=JAR ...]   (after mvn package; prints a Markdown table)
#   NAME=JAR adds a column set for another build of the agent (default options), e.g. before=/tmp/old.jar
set -euo pipefail
JAVA=${1:-java}
RUNS=${2:-11}
shift $(( $# < 2 ? $# : 2 ))
AGENT=$(cd "$(dirname "$0")/.." && pwd)/agent/target/leakguard-agent.jar
[ -f "$AGENT" ] || { echo "build first: $AGENT is missing" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (GNU time) for CPU and peak RSS" >&2; exit 1; }
JAVAC=$(dirname "$(readlink -f "$(command -v "$JAVA")")")/javac
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/Hello.java" <<'JAVA'
public class Hello {
    public static void main(String[] a) {
        System.out.println("hello");
    }
}
JAVA
cat > "$WORK/EmptyAgent.java" <<'JAVA'
public class EmptyAgent { public static void premain(String a, java.lang.instrument.Instrumentation i) { } }
JAVA
"$JAVAC" -d "$WORK" "$WORK/Hello.java" "$WORK/EmptyAgent.java"
printf 'Premain-Class: EmptyAgent\n' > "$WORK/manifest"
(cd "$WORK" && { jar cfm empty-agent.jar manifest EmptyAgent.class 2>/dev/null \
  || "$(dirname "$JAVAC")/jar" cfm empty-agent.jar manifest EmptyAgent.class; })

names=("no agent" "empty agent" "leakguard default (monitor)" "leakguard mode=ci" "leakguard mode=enforce")
opts=("" "-javaagent:$WORK/empty-agent.jar" "-javaagent:$AGENT" "-javaagent:$AGENT=mode=ci" "-javaagent:$AGENT=mode=enforce")
for extra in "$@"; do
  names+=("${extra%%=*} (default options)")
  opts+=("-javaagent:${extra#*=}")
done

# one run: wall ms, CPU s, peak RSS KiB
one() {
  local s e
  s=$(date +%s%N)
  # shellcheck disable=SC2086
  /usr/bin/time -o "$WORK/time" -f '%U %S %M' "$JAVA" $1 -cp "$WORK" Hello >/dev/null 2>&1
  e=$(date +%s%N)
  awk -v w=$(( (e - s) / 1000000 )) '{printf "%d %.2f %d\n", w, $1 + $2, $3}' "$WORK/time"
}

for i in "${!opts[@]}"; do : > "$WORK/r$i"; done
for _ in $(seq "$RUNS"); do
  for i in "${!opts[@]}"; do one "${opts[$i]}" >> "$WORK/r$i"; done
done

# column k of file f: "min median"
stat() { sort -n -k"$2" "$1" | awk -v k="$2" '{v[NR]=$k} END {print v[1], v[int((NR+1)/2)]}'; }

"$JAVA" -version 2>&1 | head -1
echo
echo "| JVM (hello world, $RUNS runs each) | wall min ms | wall median ms | added (median) | CPU median s | added CPU | peak RSS median MiB | added RSS |"
echo "|---|---|---|---|---|---|---|---|"
read -r _ base_wall < <(stat "$WORK/r0" 1)
read -r _ base_cpu < <(stat "$WORK/r0" 2)
read -r _ base_rss < <(stat "$WORK/r0" 3)
for i in "${!opts[@]}"; do
  read -r wmin wmed < <(stat "$WORK/r$i" 1)
  read -r _ cmed < <(stat "$WORK/r$i" 2)
  read -r _ rmed < <(stat "$WORK/r$i" 3)
  if [ "$i" = 0 ]; then
    printf '| %s | %d | %d | | %.2f | | %d | |\n' "${names[$i]}" "$wmin" "$wmed" "$cmed" $((rmed / 1024))
  else
    printf '| %s | %d | %d | +%d | %.2f | +%.2f | %d | +%d |\n' "${names[$i]}" "$wmin" "$wmed" $((wmed - base_wall)) \
      "$cmed" "$(awk -v a="$cmed" -v b="$base_cpu" 'BEGIN {print a - b}')" $((rmed / 1024)) $(((rmed - base_rss) / 1024))
  fi
done
