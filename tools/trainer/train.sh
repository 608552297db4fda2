#!/bin/sh
# Trains LongScope's shipped model (see docs/model.md). Run from anywhere:
#   tools/trainer/train.sh                 train with the defaults into models/longscope-byte-llama
#   tools/trainer/train.sh --resume        continue from models/<name>/checkpoint after an interruption
#   tools/trainer/train.sh --steps 50 --out /tmp/smoke ...   any option of TrainerOptions
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME
cd "$ROOT"
if [ -z "$SKIP_BUILD" ]; then
  mvn -q -o -pl tools/trainer -am install -DskipTests
fi
mvn -q -o -pl tools/trainer dependency:copy-dependencies -DincludeScope=runtime \
  -DoutputDirectory="$ROOT/tools/trainer/target/lib" >/dev/null
# a private copy of the code for this run (hard links for the jars), so that rebuilding the modules
# during a long training run cannot pull classes from under it
RUN="$ROOT/tools/trainer/target/run-$$"
rm -rf "$RUN" && mkdir -p "$RUN"
cp -rl "$ROOT/tools/trainer/target/lib" "$RUN/lib" 2>/dev/null || cp -r "$ROOT/tools/trainer/target/lib" "$RUN/lib"
cp -r "$ROOT/tools/trainer/target/classes" "$RUN/classes"
# keep PyTorch's large activations in the heap instead of fresh mmap()s: without it every
# attention-sized tensor is page-faulted in again on each step (about 1.5x slower on our machines)
export GLIBC_TUNABLES=${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=68719476736}
exec nice -n "${NICE:-19}" "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -Doffline=true -Dai.djl.offline=true -Xmx${TRAINER_HEAP:-4g} \
  -cp "$RUN/classes:$RUN/lib/*" \
  org.longscope.trainer.Trainer --repo "$ROOT" "$@"
