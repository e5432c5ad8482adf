#!/bin/bash
# Diagnostic (BENCHMARKS.md, eighth session): on a lent GPU, the shipped generator recipe with slot
# roles and the p2 part auto-encoder, its denoiser trained against the shipped prompt reader
# (--reader-from), so that fidelity changes are the denoiser's. Run from the repository root with
# the sentence encoder's package under .gpu/site and p2's weights and data cache under .gpu/p2:
#     OUT=DIR bash tests/bench/diagnostics/gpu_fixed_reader.sh
# A run cut by LIMIT leaves its checkpoint in 15 MB pieces (cat them together and run the same
# command on any machine to finish it).
set -u
export PYTHONPATH=$PWD/.gpu/site:$PWD PYTHONUNBUFFERED=1 OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
export SHAPESMITH_THREADS=${THREADS:-8}
W=$OUT/rolesp2; mkdir -p $W
cp .gpu/p2/part_vae.safetensors .gpu/p2/part_vae.json $W/
timeout ${LIMIT:-215} python3 -m engine train generator -o $W/generator.safetensors --part-vae $W/part_vae.safetensors \
    --data-cache .gpu/p2/examples.npz --slot-roles --reader-from engine/models/generator.safetensors ${STEPS:+--steps $STEPS} \
    > $W/train.log 2>&1
if [ -f $W/generator.ckpt.pt ]; then split -b 15M $W/generator.ckpt.pt $W/ckpt.part. && rm $W/generator.ckpt.pt; fi
tail -n 3 $W/train.log
ls -la $W
