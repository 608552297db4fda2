#!/bin/sh
# Trains the shipped model, models/longscope-byte-llama, from scratch: the four stages of its
# curriculum (docs/model.md, "The shipped run"), each resuming the previous one's checkpoint.
# About 90 minutes on a 2-core machine. Run from anywhere:
#   tools/trainer/train-shipped.sh                      into models/longscope-byte-llama
#   OUT=/tmp/model tools/trainer/train-shipped.sh       elsewhere
# A stage that was interrupted continues with `--resume` when the script is run again with
# RESUME=1 (the data of every step depends only on the seed and the step, so the result is the same).
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-models/longscope-byte-llama}
# --attention-chunk 0: the shipped model was trained with attention over all queries at once (the
# default, 512 query rows at a time, differs in float rounding only, and is several times faster)
SHAPE="--out $OUT --layers 4 --hidden 128 --heads 4 --kv-heads 2 --ffn 384 --tokens-per-step 4096 --lr 3e-3 --warmup 100 --answer-weight 8 --attention-chunk 0"
RETRIEVAL_MIX="--lengths 512,1024,2048 --length-weights 3,2,1 --retrieval-share 0.5 --repeat-share 0.2 --recalls 4 --task-weights 0.35,0.45,0.1,0.1"
FIRST=${RESUME:+--resume}

# 1. copying: repeated random strings (80%) and language modelling at 128-256 tokens, until the
#    induction circuit forms (the repeat loss falls from 2.8 to about 1.1 nats/byte near step 2,000)
"$HERE/train.sh" $SHAPE $FIRST --steps 6000 --stop-after 2500 --lengths 128,256 --length-weights 1,1 \
  --retrieval-share 0 --repeat-share 0.8 --checkpoint-every 100 --eval-every 0
export SKIP_BUILD=1
# 2. retrieval at 512-2048 tokens: pass keys and needles (half the sequences), repeated strings, text
"$HERE/train.sh" $SHAPE --resume --steps 6000 --stop-after 3350 $RETRIEVAL_MIX
# 3. the same data on a shorter schedule (the learning rate decays to fit the 90 minutes)
"$HERE/train.sh" $SHAPE --resume --steps 4500 --stop-after 3550 $RETRIEVAL_MIX
# 4. more single needles; the schedule shortened twice more, then the export
FINAL_MIX="--lengths 512,1024,2048 --length-weights 3,2,1 --retrieval-share 0.6 --repeat-share 0.15 --recalls 4 --task-weights 0.3,0.6,0.05,0.05"
"$HERE/train.sh" $SHAPE --resume --steps 4300 --stop-after 3600 $FINAL_MIX
"$HERE/train.sh" $SHAPE --resume --steps 4200 $FINAL_MIX
