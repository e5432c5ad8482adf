"""Diagnostic (BENCHMARKS.md, twentieth session): how each fidelity prompt that tests a table top's
shape is read. Per prompt: whether the mention reader and the phrase similarity (spoken_of) hear
the shape, the thing the top is likened to and its roundness (phrase_mentions.likened_thing,
likeness_roundness), and the whole prompt's value odds (round, square, rectangular; value_odds),
each on the prompt as the generator resolves it; then how many prompts' value odds lean round.
Run from the repository root:
    python tests/bench/diagnostics/top_shape_reads.py [SET,SET,...]"""
import os
import sys; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import torch
torch.set_num_threads(1)
from engine.generate.fidelity import PROMPT_SETS
from engine.generate.mention_reader import mentioned_attributes
from engine.generate.part_slots import MODELS_DIR, Config, PartSlotGenerator, full_prompt
from engine.generate.phrase_mentions import likened_thing, likeness_roundness, spoken_of, value_odds
from engine.generate.prompt_check import CATEGORY_CHECKS
from engine.generate.text import TextEncoder

sets = sys.argv[1].split(",") if len(sys.argv) > 1 else list(PROMPT_SETS)
generator = PartSlotGenerator.load(MODELS_DIR)
rows = []
for set_name in sets:
    for prompt, expected in PROMPT_SETS[set_name]:
        if "round" not in expected:
            continue
        full = full_prompt(generator.resolve_category(Config(prompt=prompt)))
        tokens, mask, _ = TextEncoder("cpu").encode([full])
        mentioned = "shape" in mentioned_attributes(generator.mentions, tokens, mask)[0]
        heard = "shape" in spoken_of(full, "table", CATEGORY_CHECKS["table"])
        thing = likened_thing(full)
        odds = value_odds(full, "table", "shape")
        rows.append((expected["round"], odds[0] > max(odds[1:])))
        roundness = f"{likeness_roundness(thing):+.3f}" if thing else ""
        print(f"{set_name:9s} {'round' if expected['round'] else 'cornered':8s} {prompt[:60]:60s} mention "
              f"{mentioned!s:5s} phrases {heard!s:5s} likened to {thing or '-'} {roundness} value odds "
              f"{' '.join(f'{v:.2f}' for v in odds)}")
cornered = [lean for want, lean in rows if not want]
print(f"{sum(lean for _, lean in rows)} of {len(rows)} prompts' value odds lean round; "
      f"{sum(cornered)} of the {len(cornered)} that ask a cornered top")
