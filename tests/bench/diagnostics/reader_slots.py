"""Reader-only experiment: does weighting the slot loss make the slot odds informative?"""
import os, sys, time, json, numpy as np, torch
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
torch.set_num_threads(2)
from engine.generate.part_vae import PartVAE, PartVAEConfig
from engine.generate.generator_data import generator_examples
from engine.generate.prompt_reader import PromptReader, ReaderConfig
from engine.generate.text import TextEncoder
from engine.generate.fidelity import FIDELITY_PROMPTS, reader_agrees
from engine.generate.prompt_reader import read_prompt
from engine.train.common import load_weights
from engine.train.generator import GeneratorTrainConfig, reader_targets_for, train_reader
t0 = time.time()
state, meta, _ = load_weights("engine/models/part_vae.safetensors")
vae = PartVAE(PartVAEConfig(**json.loads(meta["config"]))); vae.load_state_dict(state); vae.eval()
x, captions, cats, stats, attrs = generator_examples(vae, "train", 2000, 6, 0)
flat = sorted({c for cs in captions for c in cs}); index = {c: i for i, c in enumerate(flat)}
cid = torch.tensor([[index[c] for c in cs] for cs in captions])
enc = TextEncoder()
tok, msk = [], []
for j in range(0, len(flat), 512):
    a, b, _ = enc.encode(flat[j:j + 512]); tok.append(a.half()); msk.append(b)
tok, msk = torch.cat(tok), torch.cat(msk)
targets = reader_targets_for(torch.from_numpy(x), cats, attrs)
print("data", time.time() - t0, flush=True)
probes = [("a dining chair with armrests", [21, 22]), ("a dining chair without armrests", [21, 22]),
          ("a cabinet with two doors", [10, 11]), ("a cabinet with one door", [10, 11]),
          ("a bed with a headboard", [4]), ("a bed without a headboard", [4])]
for weight, steps in ((24.0, int(sys.argv[1]) if len(sys.argv) > 1 else 1500),):
    torch.manual_seed(0)
    reader = PromptReader(ReaderConfig(width=128, slots=24))
    cfg = GeneratorTrainConfig(reader_steps=steps, reader_slot_weight=weight)
    train_reader(reader, tok, msk, cid, targets, cfg, torch.Generator().manual_seed(0), torch.device("cpu"), 1, 0,
                 lambda s: None, t0)
    reader.eval()
    t, m, _ = enc.encode([p for p, _ in probes])
    with torch.no_grad():
        odds = reader.features(t, m)[:, -24:]
    for (p, idx), o in zip(probes, odds):
        print(weight, steps, p, [round(float(o[i]), 2) for i in idx])
    t, m, _ = enc.encode([p for p, _ in FIDELITY_PROMPTS])
    reading = read_prompt(reader, t, m)
    print(weight, steps, "fidelity prompts read right:", sum(reader_agrees(r, e) for r, (_, e) in zip(reading, FIDELITY_PROMPTS)), "/24",
          round(time.time() - t0), "s", flush=True)
