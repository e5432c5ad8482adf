#!/bin/bash
# Diagnostic (BENCHMARKS.md, eighth session): one lent GPU, used at once for
#   - the CUDA checks (pytest -m gpu tests/engine/test_cuda.py),
#   - the part-slot generator's recipe with more training (G1: the shipped architecture,
#     batch 384 instead of 64) and a larger denoiser (G2: width 160, depth 8),
#   - the latent SDF model's 32^3 recipe (with --dilation) trained longer than the CPU allows (L1),
# all four side by side on the one GPU, each with a few CPU threads.
# Run from the repository root with the sentence encoder's package under .gpu/site and the
# shipped recipe's data cache as .gpu/data/examples.npz (the 32^3 voxels are made there):
#     OUT=DIR bash tests/bench/diagnostics/gpu_training.sh
# STEPS, READER_STEPS, AE_STEPS, LATENT_STEPS, SHAPES, LIMIT shrink it for a dry run on a CPU.
set -u
export PYTHONPATH=$PWD/.gpu/site:$PWD PYTHONUNBUFFERED=1 OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
export SHAPESMITH_THREADS=${THREADS:-4}
DATA=${DATA:-.gpu/data}; STEPS=${STEPS:-5000}; LATENT_STEPS=${LATENT_STEPS:-6000}; AE_STEPS=${AE_STEPS:-3000}; LIMIT=${LIMIT:-480}
SHAPES_ARG=${SHAPES:+--shapes $SHAPES}; READER_ARG=${READER_STEPS:+--reader-steps $READER_STEPS}
W=$OUT/work; mkdir -p $W/g1 $W/g2 $W/l1
(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv || true) > $W/gpu.txt 2>&1
python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())" >> $W/gpu.txt 2>&1
VAE=engine/models/part_vae.safetensors
timeout $LIMIT python3 -m engine train generator -o $W/g1/generator.safetensors --part-vae $VAE \
    --data-cache $DATA/examples.npz --steps $STEPS --batch 384 --lr 8e-4 $SHAPES_ARG $READER_ARG > $W/g1/train.log 2>&1 &
timeout $LIMIT python3 -m engine train generator -o $W/g2/generator.safetensors --part-vae $VAE \
    --data-cache $DATA/examples.npz --steps $STEPS --batch 384 --lr 6e-4 --width 160 --depth 8 \
    $SHAPES_ARG $READER_ARG > $W/g2/train.log 2>&1 &
timeout $LIMIT python3 -m engine train latent-sdf -o $W/l1/latent_sdf.safetensors --data-cache $DATA/voxels.npz \
    --ae-steps $AE_STEPS --steps $LATENT_STEPS --batch 64 $SHAPES_ARG > $W/l1/train.log 2>&1 &
timeout $LIMIT python3 -m pytest -q -m gpu -p no:cacheprovider tests/engine/test_cuda.py > $W/pytest.log 2>&1 &
wait
# A run cut by the limit leaves a checkpoint too large to come back: keep its model, half precision.
for d in g1 g2; do
  if [ ! -f $W/$d/generator.safetensors ] && [ -f $W/$d/generator.ckpt.pt ]; then
    python3 -c "import sys, torch; s = torch.load(sys.argv[1], weights_only=True); print('cut at step', s['step']); torch.save({k: v.half() for k, v in s['model'].items()}, sys.argv[2])" \
      $W/$d/generator.ckpt.pt $W/$d/model_half.pt >> $W/$d/train.log 2>&1
  fi
  rm -f $W/$d/generator.ckpt.pt
done
cp engine/models/part_vae.* $W/g1/ && cp engine/models/part_vae.* $W/g2/
tail -n 3 $W/*/train.log $W/pytest.log > $OUT/summary.txt
cat $W/gpu.txt >> $OUT/summary.txt
ls -la $W/* >> $OUT/summary.txt
# One archive per model folder (the files that come back are few and at most 16 MiB each).
for d in g1 g2 l1; do tar -C $W -cf $OUT/$d.tar $d; done
cp $W/pytest.log $OUT/ 2>/dev/null
rm -rf $W
