"""Diagnostic (BENCHMARKS.md, eighth session): a generator's denoiser with another generator's
prompt reader put in its place, written as a models folder (with the first one's part
auto-encoder) for `eval prompts`: tells a reader's share of a fidelity change from the
denoiser's. The denoiser was trained with its own reader, so this is a measurement, not a model.
Run from the repository root:
    python tests/bench/diagnostics/swap_reader.py DENOISER_DIR READER_DIR OUT_DIR"""
import json
import os
import shutil
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import torch
from engine.generate.part_slot_net import NetConfig, PartSlotDenoiser
from engine.train.common import load_weights, save_model

denoiser_dir, reader_dir, out = sys.argv[1:4]
state, meta, card = load_weights(os.path.join(denoiser_dir, "generator.safetensors"))
reader_state, _, _ = load_weights(os.path.join(reader_dir, "generator.safetensors"))
mixed = {k: (reader_state[k] if k.startswith("reader.") else v) for k, v in state.items()}
net = PartSlotDenoiser(NetConfig(**json.loads(meta["net"])))
net.load_state_dict(mixed)
card = {k: v for k, v in card.items() if k not in ("sha256", "weights", "size_mb")}
card["note"] = f"diagnostic: the denoiser of {denoiser_dir} with the reader of {reader_dir}"
save_model(net, os.path.join(out, "generator.safetensors"), card, meta, dtype=torch.float16)
for name in ("part_vae.safetensors", "part_vae.json"):
    shutil.copy(os.path.join(denoiser_dir, name), out)
print(f"{sum(k.startswith('reader.') for k in state)} reader tensors taken from {reader_dir}")
