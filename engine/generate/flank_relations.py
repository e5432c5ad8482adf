"""Flank relations: a part held between two partners of one label, each end on the partner at
its own side (a table's apron from the middle of one leg to the middle of the next, a chair's back
rail between its posts, a shelf between a bookshelf's side panels).

part_relations relates a part to its nearest partner of each label, and where two partners are
as near (a tie: a shelf touching both side panels) it reads only the axes along which the two
agree: which panel is "the" partner across the bookshelf is a coin toss. So nothing but the
denoiser set a shelf's width, and in generated bookshelves 56% of shelf ends stood more than 1% of
the shape's longest side off the side panel beside them, 59% of chairs' back rail ends off their
posts, 36% of bookshelves' back board edges off the panels, where every training shape's touch
(BENCHMARKS.md, twenty-ninth session). A flank relation reads such a tie along an axis where the
tied partners differ: along it, part A's end face towards each side lies `offset` from anchor `b`
of the nearest B on that side, both read outwards (with the sign of that side: anchor HIGH is the
end face towards the partner; b LOW the partner's face towards A), in at least SHARE of the
training ties within TOLERANCE (the measures of part_relations). Only end faces relate (a = HIGH):
a middle or a far face "related" to a flank is a coincidence of size. (A table's apron runs from
the middle of one leg to the middle of the next, but the legs' own relations already held its
ends there: generated aprons that miss their legs were denoised beyond any relation's reach.)

A flank relation applies as a part settles (part_relations.relate_parts), to the nearest settled
partner of the label on each side along the axis (its centre beyond the part's), where both sides
have one no further than the farthest training flank plus CAPTURE; its weight is a relation's. A partner that
settles after the part does not pull it (a sofa's seat base settles before its legs, so its flank
relations to them never apply; a bookshelf's side panels settle before its shelves, a chair's
posts before its back rails).

Arrays: faces (2, 3) a box's low and high bounds along the world axes (part_relations.world_faces);
relations are part_relations.Relation with a = HIGH, read outwards.
"""

from __future__ import annotations

import numpy as np

from .part_relations import (CAPTURE, HIGH, LOW, MIDDLE, MIN_SHAPES, TOLERANCE, Relation, _anchor_row,
                             _steady_anchors, _weight, anchors, box_gap, classed_train_boxes, partners, world_faces)


def flank(i: int, faces: list, candidates: list, axis: int, side: float) -> tuple:
    """(index, gap) of the nearest candidate part (box gap, then centre distance) whose middle
    lies beyond part i's along `axis` on `side` (-1 below, 1 above); (-1, inf) where none does."""
    middle = faces[i][:, axis].mean()
    beyond = [k for k in candidates if (faces[k][:, axis].mean() - middle) * side > 0]
    if not beyond:
        return -1, np.inf
    middles = faces[i].mean(0)
    k = min(beyond, key=lambda k: (box_gap(faces[i], faces[k]), float(np.linalg.norm(faces[k].mean(0) - middles))))
    return k, box_gap(faces[i], faces[k])


def tie_axes(faces: list, j: int, tied: list) -> list:
    """The axes along which a partner j and those tied with it differ (their middles beyond TOLERANCE)."""
    return [axis for axis in range(3)
            if max(abs(faces[t][:, axis].mean() - faces[j][:, axis].mean()) for t in tied) > TOLERANCE]


def measure_flank_relations(count: int = 1300) -> dict:
    """{category: (Relation, ...)} the flank relations of the first `count` train-split shapes (see
    the module docstring): for each part whose nearest partner of a label is tied along an axis,
    the offsets of its two end faces from the nearest partner on each side (a side without one
    counts against the relation); measured where at least MIN_SHAPES parts have such a tie."""
    offsets: dict = {}
    reach: dict = {}
    for category, parts in classed_train_boxes(count):
        faces = [world_faces(p) for p in parts]
        labels = [p["label"] for p in parts]
        floor = min(f[0, 2] for f in faces)
        for (i, other), (j, _, tied) in partners(faces, labels, floor, set(labels)).items():
            if j < 0 or not tied:
                continue
            candidates = [k for k, label in enumerate(labels) if label == other]
            for axis in tie_axes(faces, j, tied):
                key = (category, labels[i], other, axis)
                for side in (-1.0, 1.0):
                    k, gap = flank(i, faces, candidates, axis, side)
                    if k < 0:
                        offsets.setdefault(key, []).append(np.full((3, 3), np.nan))
                        continue
                    offsets.setdefault(key, []).append(anchors(faces[i], axis, side)[:, None]
                                                       - anchors(faces[k], axis, side)[None, :])
                    reach[key] = max(reach.get(key, 0.0), gap)
    table: dict = {}
    for (category, label, other, axis), rows in sorted(offsets.items()):
        if len(rows) < 2 * MIN_SHAPES:
            continue
        for a, b, offset in _steady_anchors(np.stack(rows)):
            if a == HIGH:
                table.setdefault(category, []).append(Relation(label, other, axis, a, b, round(offset, 4),
                                                               round(reach[(category, label, other, axis)], 4)))
    return {category: tuple(relations) for category, relations in table.items()}


def flank_equations(i: int, relations, solved: list, labels: list, settled: set, axis: int) -> list:
    """[(coefficients (2,) on part i's low and high faces, right-hand side)] of part i's flank
    relations along `axis` to the nearest settled partner on each side, where there is one on both
    sides within reach + CAPTURE: a part between two partners, as in training (a shelf denoised
    beside a bookshelf, both side panels on one side of its middle, was pulled off across them)."""
    rows = []
    for r in relations:
        if r.axis != axis or r.label != labels[i]:
            continue
        candidates = [k for k in settled if labels[k] == r.partner]
        flanks = {side: flank(i, solved, candidates, axis, side) for side in (-1.0, 1.0)}
        if all(k >= 0 and gap <= r.reach + CAPTURE for k, gap in flanks.values()):
            rows += [(_weight(r) * _anchor_row(r.a, side),
                      _weight(r) * (anchors(solved[k], axis, side)[r.b] + r.offset)) for side, (k, _) in flanks.items()]
    return rows


FLANKS = {   # measure_flank_relations(1300): 100 train-split shapes per category (a test keeps the two equal)
    "armchair": (
        Relation("arm", "leg", 1, HIGH, HIGH, 0.0231, 0.2783),
        Relation("armrest", "leg", 1, HIGH, HIGH, 0.0228, 0.4687),
        Relation("back_cushion", "arm", 0, HIGH, LOW, 0.0053, 0.0),
        Relation("back_cushion", "armrest", 0, HIGH, LOW, 0.0262, 0.0),
        Relation("seat_base", "arm", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("seat_base", "armrest", 0, HIGH, HIGH, -0.021, 0.2135),
        Relation("seat_base", "leg", 0, HIGH, HIGH, 0.0231, 0.0),
        Relation("seat_base", "leg", 1, HIGH, HIGH, 0.0231, 0.0),
        Relation("seat_cushion", "arm", 0, HIGH, LOW, 0.0053, 0.0),
        Relation("seat_cushion", "armrest", 0, HIGH, LOW, 0.0262, 0.0845),
    ),
    "bed": (
        Relation("bed_frame", "leg", 0, HIGH, HIGH, 0.0187, 0.0),
        Relation("bed_frame", "leg", 1, HIGH, HIGH, 0.0187, 0.0),
        Relation("bed_frame", "pillow", 0, HIGH, HIGH, 0.0436, 0.1104),
        Relation("footboard", "leg", 0, HIGH, HIGH, 0.0279, 0.017),
        Relation("headboard", "leg", 0, HIGH, HIGH, 0.028, 0.017),
        Relation("mattress", "leg", 0, HIGH, HIGH, 0.0047, 0.0887),
        Relation("mattress", "leg", 1, HIGH, HIGH, 0.0047, 0.0887),
        Relation("mattress", "pillow", 0, HIGH, HIGH, 0.0298, 0.0),
    ),
    "bookshelf": (
        Relation("back_board", "side_panel", 0, HIGH, LOW, 0.0008, 0.0),
        Relation("bottom_panel", "side_panel", 0, HIGH, LOW, 0.0008, 0.0),
        Relation("plinth", "side_panel", 0, HIGH, LOW, 0.0008, 0.0),
        Relation("shelf", "side_panel", 0, HIGH, LOW, 0.0007, 0.0),
        Relation("top_panel", "side_panel", 0, HIGH, LOW, 0.0008, 0.0),
    ),
    "cabinet": (
        Relation("back_board", "door", 0, HIGH, HIGH, -0.0139, 0.6751),
        Relation("back_board", "leg", 0, HIGH, HIGH, -0.0046, 0.0227),
        Relation("back_board", "side_panel", 0, HIGH, LOW, 0.0009, 0.0),
        Relation("bottom_panel", "door", 0, HIGH, HIGH, -0.0139, 0.0),
        Relation("bottom_panel", "leg", 0, HIGH, HIGH, -0.0046, 0.0),
        Relation("bottom_panel", "leg", 1, HIGH, HIGH, 0.0125, 0.0),
        Relation("bottom_panel", "side_panel", 0, HIGH, LOW, 0.0009, 0.0),
        Relation("drawer", "leg", 0, HIGH, HIGH, 0.0081, 0.7241),
        Relation("drawer", "side_panel", 0, HIGH, HIGH, -0.0046, 0.0),
        Relation("plinth", "side_panel", 0, HIGH, LOW, 0.0009, 0.0),
        Relation("side_panel", "leg", 1, HIGH, HIGH, 0.0125, 0.0),
        Relation("top_panel", "door", 0, HIGH, HIGH, -0.0139, 0.0),
        Relation("top_panel", "leg", 0, HIGH, HIGH, -0.0046, 0.8877),
        Relation("top_panel", "leg", 1, HIGH, HIGH, 0.0125, 0.8877),
        Relation("top_panel", "side_panel", 0, HIGH, LOW, 0.0009, 0.0),
    ),
    "chair": (
        Relation("back_panel", "back_post", 0, HIGH, LOW, 0.0025, 0.0),
        Relation("back_panel", "leg", 0, HIGH, LOW, 0.0107, 0.1402),
        Relation("back_rail", "armrest", 0, HIGH, LOW, -0.0155, 0.3084),
        Relation("back_rail", "back_post", 0, HIGH, LOW, 0.0021, 0.0),
        Relation("back_rail", "leg", 0, HIGH, LOW, 0.0092, 0.5426),
        Relation("back_rail", "stretcher", 0, HIGH, LOW, -0.0057, 0.7971),
        Relation("stretcher", "leg", 1, HIGH, MIDDLE, 0.0, 0.0),
    ),
    "desk": (
        Relation("side_panel:large", "leg", 1, HIGH, MIDDLE, 0.0072, 0.701),
        Relation("tabletop", "leg", 1, HIGH, HIGH, 0.0112, 0.0),
    ),
    "office_chair": (
        Relation("back_panel", "arm_support", 0, HIGH, LOW, -0.0078, 0.1834),
        Relation("back_panel", "armrest", 0, HIGH, LOW, 0.0138, 0.0732),
        Relation("seat", "arm_support", 0, HIGH, LOW, 0.0056, 0.0),
        Relation("seat", "armrest", 0, HIGH, MIDDLE, -0.0112, 0.2635),
    ),
    "sofa": (
        Relation("arm", "leg", 1, HIGH, HIGH, 0.0165, 0.1307),
        Relation("armrest", "leg", 1, HIGH, HIGH, 0.0158, 0.2173),
        Relation("seat_base", "arm", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("seat_base", "armrest", 0, HIGH, HIGH, -0.0097, 0.1177),
        Relation("seat_base", "leg", 0, HIGH, HIGH, 0.0165, 0.0),
        Relation("seat_base", "leg", 1, HIGH, HIGH, 0.0165, 0.0),
    ),
    "table": (
        Relation("apron:large", "apron:small", 0, HIGH, MIDDLE, 0.0, 0.0),
        Relation("apron:large", "leg", 0, HIGH, MIDDLE, 0.0, 0.0),
        Relation("apron:small", "apron:large", 1, HIGH, MIDDLE, -0.0, 0.0),
        Relation("apron:small", "leg", 1, HIGH, MIDDLE, -0.0, 0.0),
    ),
}
