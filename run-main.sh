#!/usr/bin/env bash
# The main job: builds LongScope, writes a small synthetic model and evaluates it with the quick
# suite (passkey, NIAH, RULER at 1K-4K) under three KV-cache methods side by side.
# Extra arguments are passed to `longscope run` (e.g. --model path/to/model.gguf).
set -euo pipefail
cd "$(dirname "$0")"
source ./java25.sh

if [ ! -x dist/target/longscope/bin/longscope ] || [ -n "${LONGSCOPE_REBUILD:-}" ]; then
  echo "== building LongScope (first time: a few minutes, downloads from Maven Central)"
  mvn -B -q -DskipTests install
fi
longscope=dist/target/longscope/bin/longscope

model=work/tiny-qwen2-q8_0.gguf
if [ ! -f "$model" ]; then
  echo "== writing a random-weight Qwen2-shaped model: $model"
  mkdir -p work
  "$longscope" model synth --shape tiny-qwen2 --dtype q8_0 --format gguf --out "$model"
fi

echo "== quick suite, full cache vs SnapKV vs KIVI 2-bit"
"$longscope" run --suite quick --model "$model" --out work/runs \
  --kv full --kv snapkv:budget=256 --kv kivi:bits=2 "$@"
