"""Flank relations (engine/generate/flank_relations.py): a bookshelf's shelf denoised narrow and
aside spans its side panels again (part_relations alone leaves it narrow) and a chair's short back
rail its posts, a partner out of reach or not yet settled does not pull, the input is not modified,
and the table is what the train split shows."""

import copy

import numpy as np

from engine.generate.flank_relations import FLANKS, flank, measure_flank_relations
from engine.generate.part_relations import CAPTURE, HIGH, LOW, MIDDLE, TOLERANCE, Relation, relate_parts, world_faces
from tests.generate.test_part_relations import box, held_out


def with_labels(category: str, labels: set, count: int = 60) -> list:
    for parts in held_out(category, count):
        if labels <= {p["label"] for p in parts}:
            return parts
    raise AssertionError(f"no held-out {category} with {labels}")


def test_flanks_are_what_the_train_split_shows():
    assert measure_flank_relations() == FLANKS
    # a table's apron runs from the middle of one leg to the middle of the next, along its own length
    assert Relation("apron:large", "leg", 0, HIGH, MIDDLE, 0.0, 0.0) in FLANKS["table"]
    assert Relation("apron:small", "leg", 1, HIGH, MIDDLE, -0.0, 0.0) in FLANKS["table"]
    # a shelf ends 0.07% of the bookshelf's longest side into each side panel's inner face
    assert [(r.axis, r.b) for r in FLANKS["bookshelf"] if (r.label, r.partner) == ("shelf", "side_panel")] == [(0, LOW)]
    assert all(r.a == HIGH for relations in FLANKS.values() for r in relations)


def test_a_bookshelf_s_narrow_shelf_spans_its_side_panels_and_a_chair_s_short_rail_its_posts():
    for category, label, partner in (("bookshelf", "shelf", "side_panel"), ("chair", "back_rail", "back_post")):
        truth = with_labels(category, {label, partner})
        i = next(i for i, p in enumerate(truth) if p["label"] == label)
        narrow = copy.deepcopy(truth)                  # 10% narrower, 1% of the shape aside
        narrow[i]["half"] = narrow[i]["half"] * np.array([0.9, 1.0, 1.0])
        narrow[i]["centre"] = narrow[i]["centre"] + np.array([0.01, 0.0, 0.0])
        before = copy.deepcopy(narrow)
        out = relate_parts(narrow, category)
        assert np.abs(world_faces(out[i])[:, 0] - world_faces(truth[i])[:, 0]).max() < TOLERANCE, category
        if category == "bookshelf":   # part_relations alone leaves it narrow (a chair's posts relate to its rail)
            unflanked = relate_parts(narrow, category, flanks={})
            assert np.abs(world_faces(unflanked[i])[:, 0] - world_faces(truth[i])[:, 0]).max() > 2 * TOLERANCE
        assert all(np.array_equal(p[k], q[k]) for p, q in zip(narrow, before) for k in p if k != "label")


def test_a_part_flanked_on_one_side_only_or_by_partners_not_yet_settled_is_not_pulled():
    flanks = {"thing": (Relation("rail", "post", 0, HIGH, LOW, 0.0, 0.0),)}
    rail = box("rail", [0.0, 0, 0.5], [0.2, 0.01, 0.02])
    left = box("post", [-0.3, 0, 0.5], [0.02, 0.02, 0.5])               # inner face at -0.28
    right = box("post", [0.3, 0, 0.5], [0.02, 0.02, 0.5])               # inner face at 0.28
    far = box("post", [0.2 + CAPTURE + 0.08, 0, 0.5], [0.02, 0.02, 0.5])  # beyond reach + CAPTURE
    order = {"thing": ("post", "rail")}
    out = world_faces(relate_parts([left, right, rail], "thing", {}, order, flanks=flanks)[2])
    assert np.allclose(out[:, 0], [-0.28, 0.28], atol=1e-3)           # between the two: spans them
    for parts in ([left, far, rail], [left, box("post", [-0.6, 0, 0.5], [0.02, 0.02, 0.5]), rail]):
        # a partner out of reach on one side, or both on one side of its middle (a shelf denoised
        # beside its bookshelf): not a part between two partners, so neither end is pulled
        assert np.allclose(world_faces(relate_parts(parts, "thing", {}, order, flanks=flanks)[2]), world_faces(rail))
    first = world_faces(relate_parts([left, right, rail], "thing", {}, {"thing": ("rail", "post")}, flanks=flanks)[2])
    assert np.allclose(first, world_faces(rail))            # the posts settle after it: no pull
    assert relate_parts([left, right, rail], "thing", {}, order, flanks={}) == [left, right, rail]


def test_the_nearest_flank_on_each_side_is_the_nearest_box_beyond_the_part_s_middle():
    faces = [world_faces(box("apron", [0, -0.4, 0.7], [0.5, 0.01, 0.04]))] + [
        world_faces(box("leg", [x, y, 0.4], [0.02, 0.02, 0.4])) for x, y in ((-0.5, -0.4), (-0.5, 0.4), (0.5, -0.4))]
    assert flank(0, faces, [1, 2, 3], 0, -1.0) == (1, 0.0)   # the front leg, not the back one behind it
    assert flank(0, faces, [1, 2, 3], 0, 1.0) == (3, 0.0)
    assert flank(0, faces, [2], 0, 1.0) == (-1, np.inf)      # none beyond the middle on that side
