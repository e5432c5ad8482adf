"""Diagnostic (BENCHMARKS.md, eleventh session): how often the sentence encoder alone, with no
trained reader, gives the value a fidelity prompt asks for, the attribute and category given:
the prompt's sentence embedding against every caption phrase of each value of the attribute,
put after the category's first name ("a chair without arms"), the value with the highest mean
(or max) cosine taken. Beside the prompt reader's count (reader_members.py), it tells whether
the encoder's sentence space separates "arms left off" from "with arms" better than the reader
trained on the caption vocabulary. Run from the repository root:
    python tests/bench/diagnostics/polarity_probe.py [mean|max]"""
import os
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import torch

from engine.data.shapes.captions import CATEGORY_NAMES, PHRASES
from engine.generate.fidelity import PHRASE_KEYS, PROMPT_SETS
from engine.generate.text import TextEncoder

torch.set_num_threads(2)
CATEGORY_OF = {"legs": "stool", "arms": "chair", "wheels": "office_chair", "headrest": "office_chair",
               "round": "table", "headboard": "bed", "footboard": "bed", "shelves": "bookshelf", "doors": "cabinet",
               "handles": "vase", "saucer": "mug"}
encoder = TextEncoder("cpu")
_cache = {}


def embed(texts):
    new = [t for t in dict.fromkeys(texts) if t not in _cache]
    for i in range(0, len(new), 256):
        for t, e in zip(new[i:i + 256], encoder.encode(new[i:i + 256])[2]):
            _cache[t] = e
    return torch.stack([_cache[t] for t in texts])


def probe_value(prompt: str, attribute: str, pool: str):
    key, name = PHRASE_KEYS[attribute], CATEGORY_NAMES[CATEGORY_OF[attribute]][0]
    e = embed([prompt])[0]
    scores = {}
    for value, phrases in PHRASES[key].items():
        cosines = embed([f"a {name} {p}" for p in phrases]) @ e
        scores[value] = float(cosines.mean() if pool == "mean" else cosines.max())
    return max(scores, key=scores.get)


pool = sys.argv[1] if len(sys.argv) > 1 else "mean"
right_all = total_all = 0
for set_name, prompts in PROMPT_SETS.items():
    right = total = 0
    for prompt, expected in prompts:
        for attribute, want in expected.items():
            got = probe_value(prompt, attribute, pool)
            ok = (got == "round") == want if attribute == "round" else got == want
            right, total = right + ok, total + 1
            if not ok:
                print(f"   {set_name} missed {prompt!r}: {attribute} {want!r}, probe says {got!r}")
    print(f"{set_name}: {right}/{total}")
    right_all, total_all = right_all + right, total_all + total
print(f"all: {right_all}/{total_all} ({pool})")
