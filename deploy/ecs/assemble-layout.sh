#!/usr/bin/env bash
# Assembles the runtime layout of the tickertape container image into OUT_DIR. The Dockerfile's runtime stage copies
# exactly this directory to /opt/tickertape, so the layout a test starts the app from is the layout the image ships:
#
#   OUT_DIR/bin/tickertape        the launcher (uses lib/ beside bin/, -Dtickertape.home=OUT_DIR)
#   OUT_DIR/bin/healthcheck       the container health check (deploy/ecs/healthcheck.sh)
#   OUT_DIR/lib/*.jar             tickertape-launcher-*.jar + every runtime dependency (launcher/target/lib)
#   OUT_DIR/finbert/model/        the sentiment model (default: the shipped finbert/model; --model DIR for another)
#   OUT_DIR/djl-cache/            native libtorch, the DJL JNI glue and the tokenizers library, unpacked from their
#                                 Maven jars at build time under the names DJL looks for (DJL_CACHE_DIR), so nothing
#                                 is extracted or downloaded at run time
#   OUT_DIR/layout.properties     what was assembled (versions, model, cache directories)
#
# usage: deploy/ecs/assemble-layout.sh [--build | --no-build] [--model DIR] [--verify] OUT_DIR
#   --build      always run ./mvnw package first (default: only when launcher/target has no runtime layout)
#   --no-build   never build; fail when launcher/target has no runtime layout
#   --model DIR  the model directory to bake in (TorchScript *.pt + tokenizer.json + model.json or config.json)
#   --verify     after assembling, score one text from OUT_DIR with DJL_OFFLINE=true, an empty HOME and the baked
#                cache, and fail unless a label comes out and the cache is left byte-for-byte unchanged
# Exit codes: 0 done, 1 failed, 2 usage.
set -euo pipefail

REPO="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
BUILD=auto
VERIFY=false
MODEL_DIR="$REPO/finbert/model"
OUT=""

usage() { echo "usage: deploy/ecs/assemble-layout.sh [--build | --no-build] [--model DIR] [--verify] OUT_DIR" >&2; exit 2; }
fail() { echo "assemble-layout: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --build) BUILD=always ;;
    --no-build) BUILD=never ;;
    --verify) VERIFY=true ;;
    --model) [ $# -ge 2 ] || usage; MODEL_DIR="$2"; shift ;;
    --model=*) MODEL_DIR="${1#--model=}" ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "assemble-layout: unknown option $1" >&2; usage ;;
    *) [ -z "$OUT" ] || usage; OUT="$1" ;;
  esac
  shift
done
[ -n "$OUT" ] || usage

pick_java() {
  local home
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /opt/java/openjdk; do
    if [ -n "$home" ] && [ -x "$home/bin/java" ]; then echo "$home"; return 0; fi
  done
  return 1
}
JAVA_HOME="$(pick_java)" || fail "no JDK found; set JAVA_HOME to a JDK 25"
export JAVA_HOME

launcher_jar() {
  local jar
  for jar in "$REPO"/launcher/target/tickertape-launcher-*.jar; do
    case "$jar" in *-tests.jar|*-sources.jar|*-javadoc.jar) continue ;; esac
    [ -f "$jar" ] && { echo "$jar"; return 0; }
  done
  return 1
}

# 1. The Maven runtime layout (launcher/target/tickertape-launcher-*.jar + launcher/target/lib/*.jar).
if [ "$BUILD" = always ] || { [ "$BUILD" = auto ] && { ! launcher_jar >/dev/null || [ ! -d "$REPO/launcher/target/lib" ]; }; }; then
  echo "assemble-layout: building with ./mvnw package (tests skipped)" >&2
  (cd "$REPO" && ./mvnw -B -q -ntp -DskipTests package -pl launcher -am >&2)
fi
JAR="$(launcher_jar)" || fail "no launcher/target/tickertape-launcher-*.jar; run ./mvnw -DskipTests package (or drop --no-build)"
[ -d "$REPO/launcher/target/lib" ] || fail "no launcher/target/lib; run ./mvnw -DskipTests package"

# 2. The model: a TorchScript file and its tokenizer, with labels from model.json or config.json.
[ -d "$MODEL_DIR" ] || fail "model directory $MODEL_DIR does not exist"
MODEL_DIR="$(cd "$MODEL_DIR" && pwd)"
[ -f "$MODEL_DIR/tokenizer.json" ] || fail "$MODEL_DIR has no tokenizer.json"
compgen -G "$MODEL_DIR/*.pt" >/dev/null || fail "$MODEL_DIR has no TorchScript *.pt file"
[ -f "$MODEL_DIR/model.json" ] || [ -f "$MODEL_DIR/config.json" ] || fail "$MODEL_DIR has neither model.json nor config.json"

# 3. OUT_DIR: new or empty, never a directory with someone else's files in it.
if [ -e "$OUT" ]; then
  [ -d "$OUT" ] || fail "$OUT exists and is not a directory"
  [ -z "$(ls -A "$OUT")" ] || fail "$OUT is not empty"
fi
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
mkdir -p "$OUT/bin" "$OUT/lib" "$OUT/finbert/model" "$OUT/djl-cache"

install -m 0755 "$REPO/bin/tickertape" "$OUT/bin/tickertape"
install -m 0755 "$REPO/deploy/ecs/healthcheck.sh" "$OUT/bin/healthcheck"
install -m 0644 "$JAR" "$OUT/lib/"
install -m 0644 "$REPO"/launcher/target/lib/*.jar "$OUT/lib/"
cp -R "$MODEL_DIR"/. "$OUT/finbert/model/"

# 4. The DJL cache. DJL 0.35's PyTorch engine (ai.djl.pytorch.jni.LibUtils) reads native/lib/pytorch.properties from
#    the pytorch-native jar (version, flavor, classifier, libraries) and uses
#      $DJL_CACHE_DIR/pytorch/<version>-<flavor>-<classifier>/libtorch.so            when it exists, else extracts
#      pytorch/<flavor>/<classifier>/<lib> from the jar there; the JNI glue is
#      $DJL_CACHE_DIR/pytorch/<version>-<flavor>-<classifier>/<djl version>-libdjl_torch.so, else extracted from
#      jnilib/<classifier>/<flavor>/libdjl_torch.so of pytorch-jni (jni_version = <libtorch>-<djl version>).
#    The HuggingFace tokenizers library likewise uses $DJL_CACHE_DIR/tokenizers/<version>-<flavor>-<classifier>/.
#    --verify (and the RuntimeLayoutIT test) prove that DJL finds everything here and writes nothing.
only_one() { # the single file matching a glob
  local matches=("$@")
  [ ${#matches[@]} -eq 1 ] && [ -f "${matches[0]}" ] || fail "expected exactly one of $*"
  echo "${matches[0]}"
}
NATIVE_JAR="$(only_one "$OUT"/lib/pytorch-native-cpu-*.jar)"
JNI_JAR="$(only_one "$OUT"/lib/pytorch-jni-*.jar)"
TOKENIZERS_JAR="$(only_one "$OUT"/lib/tokenizers-*.jar)"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
unpack() { # jar entry -> stdout
  local jar="$1" entry="$2"
  if command -v unzip >/dev/null 2>&1; then
    unzip -p "$jar" "$entry"
  else
    local dir="$WORK/jar.$RANDOM"
    mkdir -p "$dir" && (cd "$dir" && "$JAVA_HOME/bin/jar" xf "$jar" "$entry") && cat "$dir/$entry" && rm -rf "$dir"
  fi
}
prop() { # properties text, key -> value
  printf '%s\n' "$1" | tr -d '\r' | awk -F= -v k="$2" '$1 == k { sub(/^[^=]*=/, ""); print; exit }'
}
extract() { # jar entry destination
  unpack "$1" "$2" > "$3.part" || fail "cannot read $2 from $(basename "$1")"
  [ -s "$3.part" ] || fail "$2 is missing or empty in $(basename "$1")"
  mv "$3.part" "$3"
  chmod 0644 "$3"
}

PT_PROPS="$(unpack "$NATIVE_JAR" native/lib/pytorch.properties)" || fail "no native/lib/pytorch.properties in $(basename "$NATIVE_JAR")"
PT_VERSION="$(prop "$PT_PROPS" version)"
PT_FLAVOR="$(prop "$PT_PROPS" flavor)"
PT_CLASSIFIER="$(prop "$PT_PROPS" classifier)"
PT_LIBRARIES="$(prop "$PT_PROPS" libraries)"
[ -n "$PT_VERSION" ] && [ -n "$PT_FLAVOR" ] && [ -n "$PT_CLASSIFIER" ] && [ -n "$PT_LIBRARIES" ] \
  || fail "incomplete native/lib/pytorch.properties: $PT_PROPS"
JNI_VERSION="$(prop "$(unpack "$JNI_JAR" jnilib/pytorch.properties)" jni_version)"
PT_BASE="${PT_VERSION%%-*}"                 # 2.7.1-20250812 -> 2.7.1
DJL_VERSION="${JNI_VERSION#"$PT_BASE"-}"    # 2.7.1-0.35.1 -> 0.35.1
[ -n "$JNI_VERSION" ] && [ "$DJL_VERSION" != "$JNI_VERSION" ] \
  || fail "pytorch-jni ($JNI_VERSION) is not built for libtorch $PT_BASE"
compgen -G "$OUT/lib/api-$DJL_VERSION.jar" >/dev/null || fail "pytorch-jni is for DJL $DJL_VERSION but lib/ has no api-$DJL_VERSION.jar"

PT_DIR="$OUT/djl-cache/pytorch/$PT_VERSION-$PT_FLAVOR-$PT_CLASSIFIER"
mkdir -p "$PT_DIR"
IFS=',' read -r -a LIBS <<< "$PT_LIBRARIES"
for lib in "${LIBS[@]}"; do
  extract "$NATIVE_JAR" "pytorch/$PT_FLAVOR/$PT_CLASSIFIER/$lib" "$PT_DIR/$lib"
done
[ -f "$PT_DIR/libtorch.so" ] || fail "libtorch.so is not among the libraries of $(basename "$NATIVE_JAR")"
extract "$JNI_JAR" "jnilib/$PT_CLASSIFIER/$PT_FLAVOR/libdjl_torch.so" "$PT_DIR/$DJL_VERSION-libdjl_torch.so"

TK_VERSION="$(prop "$(unpack "$TOKENIZERS_JAR" native/lib/tokenizers.properties)" version)"
[ -n "$TK_VERSION" ] || fail "no version in native/lib/tokenizers.properties of $(basename "$TOKENIZERS_JAR")"
TK_DIR="$OUT/djl-cache/tokenizers/$TK_VERSION-cpu-$PT_CLASSIFIER"
mkdir -p "$TK_DIR"
extract "$TOKENIZERS_JAR" "native/lib/$PT_CLASSIFIER/cpu/libtokenizers.so" "$TK_DIR/libtokenizers.so"

MODEL_VERSION="$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$OUT/finbert/model/model.json" 2>/dev/null | head -n 1 || true)"
cat > "$OUT/layout.properties" <<EOF
launcher=$(basename "$JAR")
model.source=$(basename "$MODEL_DIR")
model.version=${MODEL_VERSION:-see finbert/model/config.json}
djl.version=$DJL_VERSION
pytorch.version=$PT_VERSION
pytorch.cache=djl-cache/pytorch/$PT_VERSION-$PT_FLAVOR-$PT_CLASSIFIER
tokenizers.version=$TK_VERSION
tokenizers.cache=djl-cache/tokenizers/$TK_VERSION-cpu-$PT_CLASSIFIER
EOF
find "$OUT" -type d -exec chmod 0755 {} +
echo "assemble-layout: $OUT ($(du -sh "$OUT" | cut -f1); libtorch $PT_VERSION, DJL $DJL_VERSION, tokenizers $TK_VERSION)" >&2

# 5. --verify: the layout scores offline from the baked cache and DJL leaves the cache as it is.
if [ "$VERIFY" = true ]; then
  snapshot() { (cd "$OUT/djl-cache" && find . -printf '%p %s %T@\n' | LC_ALL=C sort); }
  before="$(snapshot)"
  mkdir -p "$WORK/home"
  line="$(env -i PATH="/usr/bin:/bin" JAVA_HOME="$JAVA_HOME" HOME="$WORK/home" LANG=C.UTF-8 \
            DJL_OFFLINE=true DJL_CACHE_DIR="$OUT/djl-cache" ENGINE_CACHE_DIR="$OUT/djl-cache" \
            TICKERTAPE_LOG_FORMAT=text TICKERTAPE_JAVA_OPTS="-XX:+UseSerialGC -Xmx512m" \
            timeout 300 "$OUT/bin/tickertape" score "Quarterly profit rose sharply and the company raised its guidance")" \
    || fail "the assembled layout could not score a text"
  case "$line" in *'"label":"'*) ;; *) fail "unexpected score output: $line" ;; esac
  [ "$before" = "$(snapshot)" ] || fail "DJL changed $OUT/djl-cache at run time: the baked cache does not match what DJL $DJL_VERSION looks for"
  [ -z "$(ls -A "$WORK/home")" ] || fail "the app wrote to HOME: $(ls -A "$WORK/home")"
  echo "assemble-layout: verified: $line" >&2
fi
