"""Stacks that fill their span (engine/generate/stack_spans.py): shelves spaced by hand-worked
values, drawers sized with their spacing, held-out shapes kept as they are, the stacks that cannot
be spanned left alone, the input not modified, and the table is what the train split shows."""

import copy

import numpy as np

from engine.data.shapes import CATEGORIES, shape_for_index
from engine.generate.part_relations import HIGH, LOW, MIDDLE, TOLERANCE, world_faces
from engine.generate.slots import shape_part_boxes
from engine.generate.stack_spans import STACK_SPANS, StackSpan, measure_stack_spans, span_stacks

SHELVES = {"bookshelf": (StackSpan("shelf", "bottom_panel", HIGH, 1.0, "top_panel", LOW, 1.0),)}


def board(label: str, z: float, half_z: float = 0.01, x: float = 0.0, turned: bool = False) -> dict:
    rotation = np.array([[0.0, 0, 1], [0, 1, 0], [-1, 0, 0]]) if turned else np.eye(3)   # box X along world Z
    half = np.array([half_z, 0.15, 0.3]) if turned else np.array([0.3, 0.15, half_z])
    return {"label": label, "centre": np.array([x, 0.0, z]), "half": half, "rotation": rotation,
            "code": np.zeros(4)}


def bookshelf(shelf_heights, bottom_top: float = 0.1, top_bottom: float = 0.9) -> list:
    return ([board("bottom_panel", bottom_top - 0.01), board("top_panel", top_bottom + 0.01),
             {**board("side_panel", 0.5, 0.45), "centre": np.array([-0.3, 0.0, 0.5])}]
            + [board("shelf", z, turned=k == 1) for k, z in enumerate(shelf_heights)])


def heights(parts, label: str) -> list:
    return sorted(float(world_faces(p)[:, 2].mean()) for p in parts if p["label"] == label)


def test_shelves_divide_the_height_between_the_panels_evenly():
    # 0.8 between the bottom panel's top and the top panel's underside, 3 shelves: 4 steps of 0.2
    parts = bookshelf([0.62, 0.25, 0.44])
    before = copy.deepcopy(parts)
    out = span_stacks(parts, "bookshelf", SHELVES)
    assert np.allclose(heights(out, "shelf"), [0.3, 0.5, 0.7])
    for p, q in zip(out, parts):   # each shelf keeps its thickness, width, depth and place across
        assert np.allclose(np.ptp(world_faces(p), axis=0), np.ptp(world_faces(q), axis=0))
        assert np.allclose(p["centre"][:2], q["centre"][:2]) and np.allclose(p["rotation"], q["rotation"])
    assert all(np.array_equal(p[k], q[k]) for p, q in zip(parts, before) for k in ("centre", "half"))
    assert out[:3] == parts[:3]   # the panels stay


def test_drawers_tile_their_span_and_take_their_height_from_the_spacing():
    span = {"cabinet": (StackSpan("drawer", "bottom_panel", MIDDLE, 0.5, "top_panel", MIDDLE, 0.5, 0.9),)}
    parts = [board("bottom_panel", 0.1), board("top_panel", 0.7)] + [board("drawer", z, 0.05) for z in (0.2, 0.35)]
    out = span_stacks(parts, "cabinet", span)
    # 0.6 between the panels' middles, 2 drawers: spacing 0.6 / (1 + 0.5 + 0.5) = 0.3, each 0.27 high
    assert np.allclose(heights(out, "drawer"), [0.25, 0.55])
    assert np.allclose([np.ptp(world_faces(p)[:, 2]) for p in out[2:]], 0.27)


def test_a_stack_that_cannot_be_spanned_stays():
    cases = {
        "one shelf": bookshelf([0.3]),
        "no top panel": [p for p in bookshelf([0.3, 0.6]) if p["label"] != "top_panel"],
        "two top panels": bookshelf([0.3, 0.6]) + [board("top_panel", 0.95)],
        "shelves side by side": bookshelf([0.3, 0.6])[:3] + [board("shelf", 0.3, x=-0.2), board("shelf", 0.6, x=0.2)],
        "panels swapped": bookshelf([0.3, 0.6], bottom_top=0.9, top_bottom=0.1),
    }
    for name, parts in cases.items():
        out = span_stacks(parts, "bookshelf", SHELVES)
        assert all(np.array_equal(p["centre"], q["centre"]) and np.array_equal(p["half"], q["half"])
                   for p, q in zip(out, parts)), name
    assert span_stacks(bookshelf([0.62, 0.25]), "cabinet", SHELVES)[3]["centre"][2] == 0.62   # other category


def held_out(category: str, count: int) -> list:
    index = list(CATEGORIES).index(category)
    return [[dict(p, code=np.zeros(4)) for p in shape_part_boxes(shape_for_index("test", index + len(CATEGORIES) * k))]
            for k in range(count)]


def test_held_out_shapes_already_fill_their_spans():
    spanned = 0
    for category in STACK_SPANS:
        for parts in held_out(category, 30):
            out = span_stacks(parts, category)
            moves = [np.abs(world_faces(p) - world_faces(q)).max() for p, q in zip(out, parts)]
            assert max(moves) < TOLERANCE, category
            spanned += any(p is not q for p, q in zip(out, parts))
    assert spanned >= 30   # most held-out bookshelves and cabinets with drawers have a stack that was spanned


def test_the_table_is_what_the_train_split_shows():
    assert measure_stack_spans() == STACK_SPANS
    assert STACK_SPANS["bookshelf"][0] == SHELVES["bookshelf"][0]   # shelves at the n inner points of n + 2 steps
