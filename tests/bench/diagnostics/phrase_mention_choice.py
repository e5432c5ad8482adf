"""Diagnostic (BENCHMARKS.md, sixteenth session): how phrase_mentions.MARGIN and the value blend
(part_slots.Config.phrase_weight, phrase_mentions.TEMPERATURE) were chosen. Per fidelity set: in
how many prompts the tested attribute is taken as spoken of (the mention reader alone, and with
the phrase similarity at each margin), how many other checked attributes are, and how many plain
prompts (category names with and without an adjective, the style prompts) are taken to
speak of anything; then how often the asked value is right on the tested attribute, by the prompt
reader alone and blended, after the negation words (negation_scope.py), for a few temperatures and
weights. The first six sets chose; the seventh (written before) measures. Run from the repository
root:
    python tests/bench/diagnostics/phrase_mention_choice.py [MODELS_DIR]"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
import torch

torch.set_num_threads(int(os.environ.get("SHAPESMITH_THREADS", "1")))
from engine.data.shapes.captions import CATEGORY_NAMES
from engine.generate import phrase_mentions
from engine.generate.fidelity import PHRASE_KEYS, PROMPT_SETS
from engine.generate.mention_reader import mentioned_attributes
from engine.generate.negation_scope import negated_attributes
from engine.generate.part_slots import MODELS_DIR, PartSlotGenerator
from engine.generate.prompt_check import CATEGORY_CHECKS, attribute_odds
from engine.generate.prompt_reader import ATTRIBUTE_VALUES, CATEGORIES
from engine.generate.style_adherence import STYLE_PROMPTS
from engine.generate.text import TextEncoder

ADJECTIVES = ("a modern {}", "a simple wooden {}", "a big {}", "a small {}", "an elegant {}")
generator = PartSlotGenerator.load(sys.argv[1] if len(sys.argv) > 1 else MODELS_DIR)
encoder = TextEncoder("cpu")
plain = [prompt for prompt, *_ in STYLE_PROMPTS]
for names in CATEGORY_NAMES.values():
    plain += [f"a {name}" for name in names] + [form.format(name) for form, name in zip(ADJECTIVES, names)]
items = [(set_name, prompt, expected) for set_name, prompts in PROMPT_SETS.items() for prompt, expected in prompts]
items += [("plain", prompt, {}) for prompt in plain]

rows = []
for set_name, prompt, expected in items:
    tokens, mask, _ = encoder.encode([prompt])
    with torch.no_grad():
        reading = generator.net.read(tokens, mask)[0].numpy()
    category = CATEGORIES[int(reading[:len(CATEGORIES)].argmax())]
    checked = CATEGORY_CHECKS.get(category, ())
    if not checked:
        continue
    mentioned = set(mentioned_attributes(generator.mentions, tokens, mask)[0]) & set(checked)
    moves = {a: m for a, m in phrase_mentions.attribute_moves(prompt, category).items() if a in checked}
    rows.append((set_name, prompt, expected, category, reading, mentioned, moves))


def group(name):
    return [r for r in rows if (r[0] == name if name in ("seventh", "plain") else r[0] not in ("seventh", "plain"))]


print(f"margin: tested attribute spoken of / others spoken of  (first six sets | seventh | "
      f"{len(group('plain'))} plain prompts of categories with checked attributes)")
for margin in (None, 0.02, 0.03, 0.04, 0.05, 0.06):
    cells = []
    for name in ("dev", "seventh", "plain"):
        wanted = others = total = 0
        for _, prompt, expected, category, reading, mentioned, moves in group(name):
            said = set(mentioned)
            if margin is not None:
                best = max(moves, key=moves.get)
                said |= {best} if moves[best] >= margin else set()
            want = {PHRASE_KEYS[k] for k in expected}
            wanted, others, total = wanted + bool(want & said), others + len(said - want), total + bool(want)
        cells.append(f"{wanted}/{total} others {others}")
    print(f"{'mention reader alone' if margin is None else margin:>20}: " + " | ".join(cells))


def asked_right(temperature, weight, name):
    right = 0
    for _, prompt, expected, category, reading, _, _ in group(name):
        (key, want), = expected.items()
        attribute = PHRASE_KEYS[key]
        odds = attribute_odds(reading, attribute)
        if weight and attribute in CATEGORY_CHECKS[category]:
            phrase_mentions.TEMPERATURE = temperature
            odds = (1 - weight) * odds + weight * phrase_mentions.value_odds(prompt, category, attribute)
        value = ATTRIBUTE_VALUES[attribute][int(odds.argmax())]
        value = negated_attributes(prompt).get(attribute, value)
        right += (value == "round") == want if key == "round" else value == want
    return right


print("asked value right on the tested attribute (first six sets | seventh)")
for temperature, weight in [(None, 0.0)] + [(t, w) for t in (0.01, 0.02, 0.05) for w in (0.3, 0.5, 0.7, 1.0)]:
    label = "prompt reader alone" if not weight else f"temperature {temperature} weight {weight}"
    print(f"{label:>30}: {asked_right(temperature, weight, 'dev')}/{len(group('dev'))} | "
          f"{asked_right(temperature, weight, 'seventh')}/{len(group('seventh'))}")
