#!/bin/sh
# Training throughput of the shipped shape by sequence length and attention chunk: runs the trainer
# for 12 steps of 4,096 tokens per setting (steps 1-4 warm up) and prints the tokens/s of steps
# 5-12 and the seconds per step. Machines are noisy: compare figures from one invocation.
#   tools/trainer/benchmark-throughput.sh                         lengths 512 1024 2048, chunks 0 512
#   LENGTHS="2048" CHUNKS="0 256 512 1024" tools/trainer/benchmark-throughput.sh
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
LENGTHS=${LENGTHS:-512 1024 2048}
CHUNKS=${CHUNKS:-0 512}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export NICE=${NICE:-0}
printf '%-8s %-8s %10s %10s\n' length chunk 'tokens/s' 's/step'
for length in $LENGTHS; do
  for chunk in $CHUNKS; do
    rm -rf "$OUT/run"
    "$HERE/train.sh" --out "$OUT/run" --steps 1000 --stop-after 12 --lengths "$length" --log-every 4 \
      --eval-every 0 --checkpoint-every 0 --attention-chunk "$chunk" >"$OUT/log" 2>&1 \
      || { tail -20 "$OUT/log"; exit 1; }
    export SKIP_BUILD=1   # train.sh built the module on the first run
    # steps 5-12: the last two 4-step windows (harmonic mean: their times add up)
    grep '^step' "$OUT/log" | tail -2 | sed 's/.*tok\/s \([0-9]*\).*/\1/' \
      | awk -v l="$length" -v c="$chunk" '{ s += 1 / $1; n++ } END { t = n / s; printf "%-8s %-8s %10.0f %10.2f\n", l, c, t, 4096 / t }'
  done
done
