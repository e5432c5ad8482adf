"""Style adherence: do generated shapes take the styles their prompt names, beyond what the
prompt check can see (part counts and presence)?

`python -m engine eval styles` samples each prompt of STYLE_PROMPTS and classifies every shape's
style from its part structure, with a classifier read off the training shapes and scored on
real test-split shapes (the measure's own ceiling):
  proportions  height (stools, tables) and back height (chairs, office chairs): the shape's
               height over its larger footprint side, the class whose training median is
               nearest (a tall stool is about twice as high as it is wide, a low one square)
  labels       a pedestal base (stools, tables: a part labelled pedestal) and a chair's back
               style (a back panel, slats, or rails alone: ladder)
Each prompt's rate is printed beside the share of plain "a <category>" samples classified the
same way (what the prompt adds) and beside the classifier's accuracy on real shapes of that
value. The prompts use the training captions' words: this measures whether the denoiser follows
a style the reader reads, not paraphrases (fidelity.py measures those).

Arrays: vertices (V, 3) in the shape frame, Z up.
"""

from __future__ import annotations

import numpy as np

# (prompt, category, attribute, value)
STYLE_PROMPTS = [
    ("a tall stool", "stool", "height", "tall"),
    ("a low stool", "stool", "height", "low"),
    ("a stool on a pedestal", "stool", "leg_style", "pedestal"),
    ("a tall table", "table", "height", "tall"),
    ("a low table", "table", "height", "low"),
    ("a table with a pedestal base", "table", "leg_style", "pedestal"),
    ("a chair with a high back", "chair", "back_height", "high"),
    ("a chair with a low back", "chair", "back_height", "low"),
    ("a chair with a solid back", "chair", "back_style", "panel"),
    ("a ladder-back chair", "chair", "back_style", "ladder"),
    ("a high-backed office chair", "office_chair", "back_height", "high"),
    ("a low-backed office chair", "office_chair", "back_height", "low"),
]
PROPORTION_ATTRIBUTES = ("height", "back_height")


def proportion(vertices: np.ndarray) -> float:
    """Height over the larger footprint side of a shape's vertices (V, 3)."""
    extent = np.ptp(np.asarray(vertices, dtype=np.float64), axis=0)
    return float(extent[2] / max(extent[0], extent[1], 1e-9))


def style_from_labels(attribute: str, labels: set):
    """The style a part structure says by its labels alone; None when it says none."""
    if attribute == "leg_style":
        return "pedestal" if "pedestal" in labels else "legs"
    if attribute == "back_style":
        if "back_panel" in labels:
            return "panel"
        if "back_slat" in labels:
            return "slats"
        return "ladder" if "back_rail" in labels else None
    raise ValueError(f"no label rule for {attribute!r}")


def classify(attribute: str, vertices: np.ndarray, labels: set, medians: dict):
    """One shape's style under `attribute`; `medians` {value: training median proportion}."""
    if attribute in PROPORTION_ATTRIBUTES:
        p = proportion(vertices)
        return min(medians, key=lambda value: abs(medians[value] - p))
    return style_from_labels(attribute, labels)


def same_class(attribute: str, value, wanted) -> bool:
    """Slats and spindles share the back_slat label: either reads as the other."""
    if attribute == "back_style" and {value, wanted} <= {"slats", "spindles"}:
        return True
    if attribute == "leg_style" and wanted != "pedestal":
        return value == "legs"
    return value == wanted


def real_shapes(category: str, split: str, count: int) -> list:
    """[(attributes, vertices, labels)] for the category's first `count` shapes of a split."""
    from ..data.shapes import CATEGORIES, shape_for_index

    names = list(CATEGORIES)
    out = []
    for k in range(count):
        shape = shape_for_index(split, names.index(category) + len(names) * k)
        out.append((shape.attributes, shape.mesh().vertices, {p.label for p in shape.parts}))
    return out


def proportion_medians(real: list, attribute: str) -> dict:
    """{value: median proportion} over real shapes [(attributes, vertices, labels)]."""
    by_value: dict = {}
    for attributes, vertices, _ in real:
        if attribute in attributes:
            by_value.setdefault(attributes[attribute], []).append(proportion(vertices))
    return {value: float(np.median(v)) for value, v in by_value.items()}


def real_accuracy(real: list, attribute: str, value, medians: dict):
    """Share of real shapes with `value` that the classifier reads as `value` (None: none there)."""
    rows = [(v, labels) for attributes, v, labels in real if attributes.get(attribute) == value]
    if not rows:
        return None
    return sum(same_class(attribute, classify(attribute, v, labels, medians), value) for v, labels in rows) / len(rows)


def evaluate_styles(generator, samples: int = 16, seed: int = 0, steps: int = 25, guidance: float | None = None,
                    reference: int = 200, log=print, settings: dict | None = None) -> dict:
    """Per prompt: the share of `samples` generated shapes classified as the named style, the
    share of plain-category samples classified so, and the classifier's accuracy on real
    test-split shapes of that style. `settings`: other generator settings than the defaults."""
    from ..data.shapes.captions import CATEGORY_NAMES
    from .part_slots import Config

    def shapes(prompt):
        config = Config(prompt=prompt, n=samples, seed=seed, steps=steps,
                        guidance=Config.guidance if guidance is None else guidance, **(settings or {}))
        meshes = [m for m in generator.sample(config)]
        return [(m.vertices, {name.rsplit("_", 1)[0] if name.rsplit("_", 1)[-1].isdigit() else name
                              for name in m.part_names}) for m in meshes if len(m.vertices)]

    train, test, plain, results = {}, {}, {}, []
    for prompt, category, attribute, value in STYLE_PROMPTS:
        if category not in train:
            train[category] = real_shapes(category, "train", reference)
            test[category] = real_shapes(category, "test", reference // 2)
            plain[category] = shapes(CATEGORY_NAMES[category][0])
        medians = proportion_medians(train[category], attribute) if attribute in PROPORTION_ATTRIBUTES else {}
        made = shapes(prompt)

        def rate(rows):
            hits = sum(same_class(attribute, classify(attribute, v, labels, medians), value) for v, labels in rows)
            return hits / max(len(rows), 1)

        row = {"prompt": prompt, "category": category, "attribute": attribute, "value": value,
               "rate": rate(made), "plain_rate": rate(plain[category]), "samples": len(made),
               "real_accuracy": real_accuracy(test[category], attribute, value, medians)}
        results.append(row)
        ceiling = "-" if row["real_accuracy"] is None else f"{100 * row['real_accuracy']:.0f}%"
        log(f"{100 * row['rate']:5.1f}% (plain {100 * row['plain_rate']:5.1f}%, real shapes {ceiling})  {prompt!r}")
    mean = float(np.mean([r["rate"] for r in results]))
    plain_mean = float(np.mean([r["plain_rate"] for r in results]))
    log(f"style adherence: {100 * mean:.1f}% of samples take the named style (plain prompts: {100 * plain_mean:.1f}%)")
    return {"rate": mean, "plain_rate": plain_mean, "prompts": results}
