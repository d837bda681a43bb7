#!/usr/bin/env bash
# Speed numbers for docs/BENCHMARKS.md ("## finbert"): JMH (batch 1/8/32 x threads 1/2), the same TorchScript
# file in Debian's python3-torch, load + warm-up time and peak RSS. Run from anywhere; output files go to the git-ignored train work dir.
#   finbert/train/run-benchmarks.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="${WORK_DIR:-$HERE/work}"
PY="${PYTHON:-/usr/bin/python3}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mkdir -p "$WORK"
cd "$REPO"
timeout 900 ./mvnw -B -q -ntp -pl finbert -am install -DskipTests
timeout 600 ./mvnw -B -q -ntp -pl finbert -Pbenchmarks test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp-bench.txt"
CP="finbert/target/test-classes:finbert/target/classes:$(cat "$WORK/cp-bench.txt")"
JAVA=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true -Dtickertape.home="$REPO")

echo "== load + warm-up, sustained throughput, peak RSS (fresh JVM each)"
for t in 1 2; do timeout 600 "${JAVA[@]}" -cp "$CP" io.tickertape.finbert.bench.LoadAndRss "$t" "$WORK/bench_ids.jsonl" 2>/dev/null; done

echo "== JMH"
timeout 1800 "${JAVA[@]}" -cp "$CP" org.openjdk.jmh.Main ScoringBenchmark -rf json -rff "$WORK/jmh.json" 2>/dev/null \
    | sed -n '/^Benchmark/,$p'

echo "== same model.pt in python3-torch"
OMP_WAIT_POLICY=PASSIVE timeout 600 "$PY" "$HERE/bench_python.py" "$REPO/finbert/model" "$WORK/bench_ids.jsonl" 2>/dev/null

echo "== CLI end to end (bin/tickertape score, 2,000 headlines, /usr/bin/time)"
head -n 2001 "$WORK/eval/twitter_valid.tsv" 2>/dev/null | tail -n +2 | cut -f1 > "$WORK/cli_input.txt" || true
if [ -s "$WORK/cli_input.txt" ] && [ -x /usr/bin/time ]; then
  /usr/bin/time -f "wall %e s, peak RSS %M kB" bin/tickertape score --input "$WORK/cli_input.txt" 2>&1 >/dev/null | tail -n 1
fi
