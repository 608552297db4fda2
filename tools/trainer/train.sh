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
mvn -q -o -pl tools/trainer dependency:build-classpath -Dmdep.outputFile="$ROOT/tools/trainer/target/trainer.classpath" -Dmdep.includeScope=runtime >/dev/null
exec nice -n "${NICE:-19}" "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -Doffline=true -Dai.djl.offline=true -Xmx${TRAINER_HEAP:-4g} \
  -cp "tools/trainer/target/classes:$(cat tools/trainer/target/trainer.classpath)" \
  org.longscope.trainer.Trainer --repo "$ROOT" "$@"
