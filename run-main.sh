#!/usr/bin/env bash
# The main job: builds LongScope and evaluates the model it ships (models/longscope-byte-llama, a
# small byte-level Llama trained by tools/trainer) on the `short` suite (pass key and RULER single
# needles at 512-2048 tokens) with four KV-cache methods side by side. No download.
# Extra arguments are passed to `longscope run` (e.g. --model path/to/model.gguf --suite quick).
set -euo pipefail
cd "$(dirname "$0")"
source ./java25.sh

if [ ! -x dist/target/longscope/bin/longscope ] || [ -n "${LONGSCOPE_REBUILD:-}" ]; then
  echo "== building LongScope (first time: a few minutes, downloads from Maven Central)"
  mvn -B -q -DskipTests install
fi
longscope=dist/target/longscope/bin/longscope

# SnapKV's pooling kernel is 15 here, not the paper's 5: the shipped model's tokens are bytes, and a
# kernel is meant to span a few words (models/longscope-byte-llama/README.md, "KV methods").
echo "== the shipped model on the short suite: full cache vs StreamingLLM, SnapKV (budget 128) and KIVI 2-bit"
"$longscope" run --suite short --out work/runs \
  --kv full --kv streamingllm:budget=128 --kv snapkv:budget=128,kernel=15 --kv kivi:bits=2 "$@"
