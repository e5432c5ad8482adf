#!/bin/bash
# Diagnostic (BENCHMARKS.md, eighth session): part auto-encoder variants trained side by side on
# one lent GPU (each recipe is one a 2-core CPU can also run), then their validation IoU per part
# label beside the shipped weights (part_vae_labels.py). Run from the repository root:
#     OUT=DIR bash tests/bench/diagnostics/gpu_part_vae.sh
# SCALE=0.01 SHAPES=20 shrink it for a dry run on a CPU.
set -u
export PYTHONPATH=$PWD PYTHONUNBUFFERED=1 OMP_WAIT_POLICY=PASSIVE SHAPESMITH_THREADS=${THREADS:-2}
SCALE=${SCALE:-1}; SHAPES_ARG=${SHAPES:+--shapes $SHAPES}
W=$OUT/pv; mkdir -p $W
steps() { python3 -c "print(max(2, int($1 * $SCALE)))"; }
run() {   # name steps args...
  local name=$1 n=$(steps $2); shift 2
  mkdir -p $W/$name
  timeout ${LIMIT:-300} python3 -m engine train part-vae -o $W/$name/part_vae.safetensors --steps $n $SHAPES_ARG "$@" \
      > $W/$name/train.log 2>&1
}
run p0 6000 &
run p1 4000 --code-every-layer --frequencies 6 &
run p2 8000 --code-every-layer --frequencies 6 &
run p3 4000 --code-every-layer --frequencies 6 --width 192 &
run p4 4000 --code-every-layer &
run p5 4000 --frequencies 6 &
wait
python3 tests/bench/diagnostics/part_vae_labels.py engine/models/part_vae.safetensors $W/p*/part_vae.safetensors \
    > $W/labels.txt 2>&1
for d in $W/p*; do echo "$(basename $d): $(tail -n 2 $d/train.log | head -n 1) $(tail -n 1 $d/train.log | cut -c1-160)"; done \
    > $W/summary.txt
cat $W/labels.txt >> $W/summary.txt
tar -C $OUT -cf $OUT/pv.tar pv
cp $W/summary.txt $OUT/summary.txt
rm -rf $W
