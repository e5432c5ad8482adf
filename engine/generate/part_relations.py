"""Face relations between parts: a desk's drawers flush on the front of their pedestal, its side
panels standing on the floor under the top, a handle centred on its drawer.

The procedural shapes build their parts against each other (a drawer as wide as its pedestal less
a margin, its front 2 cm ahead of the pedestal's; a side panel from the floor to the top's
underside), while the denoiser places each slot's box with its own error: generated desks had
drawers floating off their pedestal, pedestals poking through the top, tops floating above their
panels (BENCHMARKS.md, twenty-fifth session). part_symmetry arranges parts of one label; this
module relates parts of different labels.

A relation says that, along one world axis, a face or the middle of a part of label A lies at a
fixed offset (at most MAX_OFFSET) from a face or the middle of the nearest part of label B (its
partner: the one whose box is the nearest, the nearest centre among those touching; a partner tied
with another, as a shelf between two side panels, counts against the relations along the axes where
the two differ: which panel a shelf relates to across the bookshelf is a coin toss, but both say
the same of its depth; along those axes flank_relations relates its ends to the partner on each
side; counted against every axis, a chair's back rail had no relation to its posts, and in 30 of
100 generated chairs the back's parts spread over more than 8% of the shape's longest side in
depth: chairs 76.0 -> 74.0% 1-NNA, COV 43 -> 49, BENCHMARKS.md twenty-seventh session) in at least
SHARE of the training shapes that have both, within TOLERANCE. "floor" is a B every shape has: the
lowest point of all its parts (Z only; in a generated shape, the (lower) median bottom of its parts
whose labels stand on the floor in training: a side panel denoised through the plinth or a
headboard below the legs does not drag the floor down with it). A relation along X or Y that holds
only read mirrored for a part left of or in front of the middle (centre below zero) is kept
`mirrored`, so "outer" and "inner" faces relate on both sides of a symmetric shape; every other
relation is read plainly (a first version read every part so, and a desk top denoised slightly in
front of the middle took its back face for its front: tops collapsed to slivers). A box's faces are
those of its bounds along the world axes (its own faces for the boxes upright_boxes turns square; a
splayed leg's bounds). Every label takes part: relating the upright labels alone left desks at
88.0% 1-NNA, and with every label (a desk's legs under its top's corners) 84.5%. RELATIONS is
measured by `measure_relations`.

A label whose boxes come in two sizes is read as two (SIZE_CLASSES, measured by
`measure_size_classes`: extents along one axis parting by CLASS_RATIO or more, each side at least
CLASS_SHARE of the boxes): a desk's side panel is a pedestal 0.24-0.41 of the desk wide, inset
1.5% from the top's edge, or a thin panel flush with it, and under one label neither relation
held in 95% of desks; so "side_panel:large" and "side_panel:small" relate apart (desks 85.5 ->
82.0% 1-NNA, tables' long and short aprons 76.0 -> 73.0%; BENCHMARKS.md twenty-sixth session).
A generated box is classed by its own extent. A label's parts relate also at their count
(COUNT_MARK: "pillow#2" is a pillow of a bed with two), where a relation holds at that count and
the label's own relations leave the anchor free: a lone pillow is centred on its mattress and each
of two is inset from its own side (as a cabinet's two doors, a sofa's two cushions), which no
relation of "pillow" alone can say; measured where at least MIN_SHAPES shapes have that count.
Along Z a relation may hold between parts square to the upright alone (`square`): a table's upright
legs end 0.5% of the shape's longest side into its top in every training table, but a splayed leg's
bounds rise 3-4% past its end, so no relation of all its legs held, and generated legs denoised
short left the top floating until the assembly lowered it onto them (generated four-legged tables
stood 0.58 of their longest side high, the test split's 0.69). Such relations are measured on
square parts where no relation of all the label's parts fixes that anchor (a table's legs under its
top, a stool's into its seat) and applied to square parts only (tables 73.0 -> 71.5% 1-NNA;
BENCHMARKS.md twenty-seventh session).

`relate_parts` moves the generated boxes' faces onto their relations, one label at a time, the
largest expected part first (SETTLING_ORDER, measured by `measure_settling_order`: the share of
training shapes with the label times its parts' mean size; a desk's top, then its side panels,
then its modesty panel ...; a bookshelf's back board, which 58% have, after its panels and
shelves). The first stays; each later box is moved onto its relations to the floor and to the
boxes already settled (per axis a least-squares solve over its two faces, its middle and size
drawn weakly towards where the denoiser put them; a relation to a partner that touches in every
training shape weighs most, CONTACT / (CONTACT + reach)), so a desk's top holds and its panels,
drawers and handles follow. Measured against the alternatives (1-NNA, 100 shapes, BENCHMARKS.md
twenty-fifth session): every box solved at once gave cabinets 69.5% where this gives 62.5%
(desks 88.5 / 88.0, bookshelves 78.0 / 77.5); settling by each generated box's own size let an
oversized pedestal push its top about, and the labels by their mean size alone put a bookshelf's
back board first (bookshelves 82.0%).
A relation applies only where the partner, as settled so far, is no further than the farthest
training partner plus CAPTURE (a drawer denoised across the room is not pulled onto the pedestal;
one in front of a pedestal denoised too shallow is, once the pedestal has been given its depth), and no box is sized
beyond the extents its label has in training (SIZE_RANGES, measured by `measure_size_ranges`,
widened by SIZE_MARGIN): a box that would be moves at the nearest size in range instead (a lamp's
base stretched up to a pole denoised high became a drum 0.25 of the lamp tall; training bases are
at most 0.074). A box tilted off the world axes moves but is not resized across its tilt.

Arrays: a part is a decode_slots dict (centre (3,), half (3,), rotation (3, 3) box axes as
columns, code (C,)); faces (2, 3) are a box's low and high bounds along the world axes, a face
one float of them; anchors are 0 (low face), 1 (middle), 2 (high face) in the axis as read (mirrored or not).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .group_spread import world_half

FLOOR = "floor"
TOLERANCE = 0.01     # 1% of the shape's longest side
SHARE = 0.95
MIN_SHAPES = 20      # a (category, A, B) pair is measured when at least this many A parts have a B
MAX_OFFSET = 0.05    # a relation is a contact or an alignment: offsets further apart are coincidences of size
CAPTURE = 0.1        # beyond the farthest training partner, a generated partner still relates this far
PRIOR_WEIGHT = 0.02  # a box's middle is drawn to where the denoiser put it this weakly (a relation: 1)
SIZE_WEIGHT = 0.1    # and its size this weakly
CONTACT = 0.02       # a relation to a partner that can be as far as r weighs CONTACT / (CONTACT + r)
SIZE_MARGIN = 0.1    # no relation sizes a box out of its label's training extents widened by this (10%)
MIN_HALF = 0.002     # no solved box is thinner than this (half extent)
CLASS_RATIO = 3.0    # a label's boxes come in two sizes where their extents along an axis part by this factor
CLASS_SHARE = 0.1    # with at least this share of the label's boxes on each side
SMALL, LARGE = ":small", ":large"
COUNT_MARK = "#"     # "pillow#2": a relation of the pillows of shapes with two
LOW, MIDDLE, HIGH = 0, 1, 2


@dataclass(frozen=True)
class Relation:
    """Along `axis` (0 X, 1 Y, 2 Z), anchor `a` of a part labelled `label` lies `offset` from
    anchor `b` of its nearest `partner` (a label, or FLOOR), which lies at most `reach` away;
    `mirrored`: the axis read mirrored for a part whose centre lies below zero on it; `square`
    (along Z only): measured on, and applied to, only parts (and partners) square to the upright
    (a splayed leg's bounds rise past its end)."""
    label: str
    partner: str
    axis: int
    a: int
    b: int
    offset: float
    reach: float
    mirrored: bool = False
    square: bool = False


def world_faces(part) -> np.ndarray:
    """(2, 3) the low and high faces of the part's box along the world axes."""
    extent = world_half(part)
    centre = np.asarray(part["centre"], dtype=np.float64)
    return np.stack([centre - extent, centre + extent])


def aligned_axes(rotation) -> np.ndarray:
    """(3,) for each world axis the box axis along it (within 1e-3), or -1 where none is (a tilted
    box: its extent along that world axis is not one of its own sides)."""
    rotation = np.abs(np.asarray(rotation, dtype=np.float64))
    return np.where(rotation.max(axis=1) > 1 - 1e-3, rotation.argmax(axis=1), -1)


def square_to_upright(parts: list) -> list:
    """For each part, does one of its box axes stand along Z (not a splayed leg)?"""
    return [bool(aligned_axes(p["rotation"])[2] >= 0) for p in parts]


def box_gap(a: np.ndarray, b: np.ndarray) -> float:
    """The largest separation between two (2, 3) face arrays along any axis (0 when they overlap)."""
    return float(np.max(np.maximum(0.0, np.maximum(a[0] - b[1], b[0] - a[1]))))


def reading_sign(faces: np.ndarray, axis: int, mirrored: bool) -> float:
    """-1 where a mirrored reading meets a part whose middle lies below zero along X or Y, else 1."""
    return -1.0 if mirrored and axis < 2 and faces[:, axis].mean() < 0 else 1.0


def anchors(faces: np.ndarray, axis: int, sign: float) -> np.ndarray:
    """(3,) low face, middle and high face along `axis` read with `sign`."""
    low, high = sorted((sign * faces[0, axis], sign * faces[1, axis]))
    return np.array([low, (low + high) / 2, high])


def nearest_partner(faces: np.ndarray, candidates: list) -> tuple:
    """(index into candidates, gap, tied) of the nearest box (ties: the nearest centre); `tied`:
    the indices of the other candidates as near and with their centres as near, within TOLERANCE
    (a shelf between two side panels: which one is its partner is a coin toss). Candidates are
    (2, 3) face arrays."""
    middle = faces.mean(0)
    keys = [(box_gap(faces, c), float(np.linalg.norm(c.mean(0) - middle))) for c in candidates]
    order = sorted(range(len(candidates)), key=lambda k: keys[k])
    best = order[0]
    tied = [k for k in order[1:] if all(abs(x - y) <= TOLERANCE for x, y in zip(keys[k], keys[best]))]
    return best, keys[best][0], tied


def partners(parts_faces: list, labels: list, floor: float, related: set) -> dict:
    """{(i, partner label): (j or -1 for the floor, gap, [parts tied with j])} for each related part i: the nearest
    part j of each other related label present (nearest_partner), and the floor."""
    out = {}
    for i, label in enumerate(labels):
        if label in related:
            out.update(partners_of(i, parts_faces, labels, floor, related))
    return out


def partners_of(i: int, parts_faces: list, labels: list, floor: float, related: set) -> dict:
    """partners() of part i alone."""
    by_label: dict = {}
    for j, label in enumerate(labels):
        if label in related and label != labels[i]:
            by_label.setdefault(label, []).append(j)
    out = {}
    for other, idx in by_label.items():
        k, gap, tied = nearest_partner(parts_faces[i], [parts_faces[j] for j in idx])
        out[(i, other)] = (idx[k], gap, [idx[t] for t in tied])
    out[(i, FLOOR)] = (-1, max(0.0, parts_faces[i][0, 2] - floor), [])
    return out


def relate_parts(parts: list, category: str, table: dict | None = None, order: dict | None = None,
                 sizes: dict | None = None, classes: dict | None = None, flanks: dict | None = None) -> list:
    """The parts with the faces of the related labels' boxes moved onto the category's relations
    (`table`, default RELATIONS), settled label by label in the category's `order` (default
    SETTLING_ORDER), no box resized out of its label's `sizes` (default SIZE_RANGES), labels read in
    their size `classes` (default SIZE_CLASSES; see the module docstring), and each part between two
    partners of a label related to the one on each side by the category's `flanks` (default
    flank_relations.FLANKS); other parts as given. Input not modified."""
    from .flank_relations import FLANKS, flank_equations

    relations = (RELATIONS if table is None else table).get(category, ())
    flanked = (FLANKS if flanks is None else flanks).get(category, ())
    ranges = (SIZE_RANGES if sizes is None else sizes).get(category, {})
    related = {plain_label(r.label) for r in relations + flanked} | {r.partner for r in relations + flanked}
    labels = class_labels(parts, category, classes)
    if not (relations or flanked) or not any(label in related for label in labels):
        return list(parts)
    keys = relation_keys(labels)
    faces = [world_faces(p) for p in parts]
    upright = square_to_upright(parts)
    grounded = {plain_label(r.label) for r in relations if r.partner == FLOOR}
    floor = generated_floor(faces, labels, grounded)
    ranks = {label: k for k, label in enumerate((SETTLING_ORDER if order is None else order).get(category, ()))}
    turns = sorted((i for i, label in enumerate(labels) if label in related),
                   key=lambda i: (ranks.get(labels[i], len(ranks)), -float(np.linalg.norm(faces[i][1] - faces[i][0]))))
    solved = [f.copy() for f in faces]
    settled: set = set()
    reach: dict = {}
    for r in relations:
        key = (plain_label(r.label), r.partner)
        reach[key] = max(reach.get(key, -np.inf), r.reach)
    found: dict = {}
    for i in turns:   # partners found among the boxes as settled so far (a pedestal given its depth first)
        found.update({key: partner for key, (partner, gap, _) in partners_of(i, solved, labels, floor, related).items()
                      if gap <= reach.get((labels[i], key[1]), -np.inf) + CAPTURE})
        for axis in range(3):
            rows = settled_equations(i, relations, found, faces, solved, labels, keys, settled, axis, floor, upright)
            rows += flank_equations(i, flanked, solved, labels, settled, axis)
            if rows:
                span = ranges.get(labels[i])
                solved[i][:, axis] = solve_faces(rows, faces[i][:, axis], aligned_axes(parts[i]["rotation"])[axis] >= 0,
                                                 None if span is None else (span[0][axis], span[1][axis]))
        settled.add(i)
    return [rebuilt(p, f) if i in settled else p for i, (p, f) in enumerate(zip(parts, solved))]


def relation_keys(labels: list) -> list:
    """[{label, label#count}] for each part: its (classed) label, and the label at the number of
    parts the shape has with it (a bed's two pillows relate as "pillow#2": each inset from its own
    side of the mattress, where one pillow is centred on it)."""
    counts: dict = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    return [{label, f"{label}{COUNT_MARK}{counts[label]}"} for label in labels]


def plain_label(key: str) -> str:
    """"pillow#2" -> "pillow"."""
    return key.split(COUNT_MARK)[0]


def class_labels(parts: list, category: str, classes: dict | None = None) -> list:
    """Each part's label, with SMALL or LARGE appended where the category's `classes` (default
    SIZE_CLASSES: {label: (axis, threshold)}) say its label's boxes come in two sizes: a desk's
    side panel is a pedestal (0.24-0.41 of the desk wide) or a thin panel (0.02), and the two stand
    at different insets from the top's edge."""
    split = (SIZE_CLASSES if classes is None else classes).get(category, {})
    labels = []
    for p in parts:
        rule = split.get(p["label"])
        if rule is None:
            labels.append(p["label"])
        else:
            faces = world_faces(p)
            labels.append(p["label"] + (LARGE if faces[1, rule[0]] - faces[0, rule[0]] > rule[1] else SMALL))
    return labels


def classed_train_boxes(count: int):
    """(category, parts) of the first `count` train-split shapes, each part's label in its size class."""
    from .slots import train_part_boxes

    for category, parts in train_part_boxes(count):
        yield category, [dict(p, label=label) for p, label in zip(parts, class_labels(parts, category))]


def generated_floor(faces: list, labels: list, grounded: set) -> float:
    """The floor of a generated shape: the median bottom (the lower of the middle two) of its parts
    whose labels stand on the floor in training; the lowest bottom of all parts where none do. Not
    the lowest: a bed's headboard denoised a little below its legs dragged that floor down and every
    leg was stretched to it (bed 1-NNA 72.0% with the lowest bottom, 71.0% with the median:
    BENCHMARKS.md twenty-sixth session)."""
    bottoms = sorted(f[0, 2] for f, label in zip(faces, labels) if label in grounded)
    return float(bottoms[(len(bottoms) - 1) // 2]) if bottoms else float(min(f[0, 2] for f in faces))


def settled_equations(i: int, relations, found: dict, faces: list, solved: list, labels: list, keys: list,
                      settled: set, axis: int, floor: float, upright: list) -> list:
    """[(coefficients (2,) on part i's low and high faces, right-hand side)] of the relations
    along `axis` between part i and the floor or parts already settled: i's own relations to its
    partners (those of its label, and of its label at its count: relation_keys), and those of
    settled parts whose partner i is; a `square` relation only between parts `upright` (square to Z)."""
    rows = []
    for r in relations:
        if r.axis != axis:
            continue
        if r.label in keys[i] and (i, r.partner) in found:
            j = found[(i, r.partner)]
            if (j >= 0 and j not in settled) or (r.square and not (upright[i] and (j < 0 or upright[j]))):
                continue
            sign = reading_sign(faces[i], axis, r.mirrored)
            theirs = floor if j < 0 else anchors(solved[j], axis, sign)[r.b]
            rows.append((_weight(r) * _anchor_row(r.a, sign), _weight(r) * (theirs + r.offset)))
        if r.partner == labels[i]:
            for k in settled:
                if (r.label in keys[k] and found.get((k, labels[i])) == i
                        and (not r.square or upright[k] and upright[i])):
                    sign = reading_sign(faces[k], axis, r.mirrored)
                    rows.append((_weight(r) * _anchor_row(r.b, sign),
                                 _weight(r) * (anchors(solved[k], axis, sign)[r.a] - r.offset)))
    return rows


def _weight(relation: Relation) -> float:
    return CONTACT / (CONTACT + relation.reach)


def _anchor_row(anchor: int, sign: float) -> np.ndarray:
    """(2,) the anchor (read with sign) as a combination of the world low and high faces."""
    row = {LOW: np.array([1.0, 0.0]), MIDDLE: np.array([0.5, 0.5]), HIGH: np.array([0.0, 1.0])}[anchor]
    return sign * (row if sign > 0 else row[::-1])


def solve_faces(rows: list, given: np.ndarray, resizable: bool = True, size_range: tuple | None = None) -> np.ndarray:
    """(2,) the low and high faces closest (least squares) to the rows, the box's middle drawn
    towards where it was given by PRIOR_WEIGHT and its size by SIZE_WEIGHT: a box related by
    one face moves, one related by both is resized (unless not `resizable`: it only moves), its
    size kept within `size_range` (low, high) where given (then it moves at that size)."""
    faces = _least_squares_faces(rows, given, resizable)
    if resizable and size_range is not None:
        size = faces[1] - faces[0]
        kept = float(np.clip(size, *size_range))
        if kept != size:
            middle = (given[0] + given[1]) / 2
            faces = _least_squares_faces(rows, np.array([middle - kept / 2, middle + kept / 2]), False)
    return faces


def _least_squares_faces(rows: list, given: np.ndarray, resizable: bool) -> np.ndarray:
    to_faces = np.array([[1.0, -1.0], [1.0, 1.0]])   # (middle, half) -> (low, high)
    low, high = np.asarray(given, dtype=np.float64)
    matrix = np.vstack([row @ to_faces for row, _ in rows] +
                       [np.diag([PRIOR_WEIGHT, SIZE_WEIGHT if resizable else 1e6])])
    rhs = np.concatenate([[value for _, value in rows],
                          [PRIOR_WEIGHT * (low + high) / 2, (SIZE_WEIGHT if resizable else 1e6) * (high - low) / 2]])
    return to_faces @ np.linalg.lstsq(matrix, rhs, rcond=None)[0]


def rebuilt(part, faces: np.ndarray) -> dict:
    """The part with its box moved to the middle of `faces` and, along each world axis one of its
    own axes lies on, sized to span them (its rotation kept)."""
    low, high = np.minimum(faces[0], faces[1]), np.maximum(faces[0], faces[1])
    given = world_faces(part)
    half = np.array(part["half"], dtype=np.float64)
    for axis, own in enumerate(aligned_axes(part["rotation"])):
        if own >= 0:
            half[own] = max((high[axis] - low[axis]) / 2, MIN_HALF)
    centre = np.asarray(part["centre"], dtype=np.float64) + (low + high) / 2 - given.mean(0)
    return dict(part, centre=centre.astype(np.asarray(part["centre"]).dtype),
                half=half.astype(np.asarray(part["half"]).dtype))


def measure_relations(count: int = 1300) -> dict:
    """{category: (Relation, ...)} from the first `count` train-split shapes (see the module
    docstring); for each (A, B, axis) at most one relation per anchor of A (the partner anchor
    whose offsets spread least, then the smallest offset), and the middle dropped where a face relates
    (a face and the middle held a table's foot 4 cm thick in metres, 2.5 to 4.5% of a shape)."""
    offsets: dict = {}
    reach: dict = {}
    for category, parts in classed_train_boxes(count):
        related = {p["label"] for p in parts}
        faces = [world_faces(p) for p in parts]
        labels = [p["label"] for p in parts]
        upright = square_to_upright(parts)
        floor = min(f[0, 2] for f in faces)
        keys = relation_keys(labels)
        for (i, other), (j, gap, tied) in partners(faces, labels, floor, related).items():
            for label in keys[i]:
                key = (category, label, other)
                reach[key] = max(reach.get(key, 0.0), gap)
                for axis in ((2,) if j < 0 else range(3)):
                    for mirrored in ((False,) if axis == 2 else (False, True)):
                        sign = reading_sign(faces[i], axis, mirrored)
                        mine = anchors(faces[i], axis, sign)
                        theirs = np.full(3, floor) if j < 0 else anchors(faces[j], axis, sign)
                        # a tied partner counts against the axes where the two differ: generated shapes toss the coin
                        row = mine[:, None] - theirs[None, :]
                        if any(np.abs(anchors(faces[t], axis, sign) - theirs).max() > TOLERANCE for t in tied):
                            row = np.full((3, 3), np.nan)
                        offsets.setdefault(key + (axis, mirrored, False), []).append(row)
                        if axis == 2 and upright[i] and (j < 0 or upright[j]):
                            offsets.setdefault(key + (axis, mirrored, True), []).append(row)
    table: dict = {}
    for (category, label, other, axis, mirrored, square), rows in sorted(offsets.items()):
        if len(rows) < MIN_SHAPES * (int(label.split(COUNT_MARK)[1]) if COUNT_MARK in label else 1):
            continue
        plain = _steady_anchors(np.stack(offsets[(category, label, other, axis, False, square)]))
        for a, b, offset in (plain if not mirrored else [] if plain else _steady_anchors(np.stack(rows))):
            table.setdefault(category, []).append(Relation(label, other, axis, a, b, round(offset, 4),
                                                           round(reach[(category, label, other)], 4), mirrored,
                                                           square))
    return {category: tuple(_without_repeats(_square_where_needed(relations))) for category, relations in table.items()}


def _square_where_needed(relations: list) -> list:
    """The relations measured on every part, and those measured on square parts alone where they fix
    an anchor no relation of every part fixes (a table's upright legs end 0.5% of the shape's
    longest side into its top; its splayed legs' bounds rise 3-4% past that, so no relation of all
    its legs holds)."""
    fixed = {(r.label, r.partner, r.axis, r.a) for r in relations if not r.square}
    return [r for r in relations if not r.square or (r.label, r.partner, r.axis, r.a) not in fixed]


def _without_repeats(relations: list) -> list:
    """The relations less those of a label at a count ("pillow#2") that fix an anchor its label's
    own relations already fix (the same partner, axis and anchor)."""
    fixed = {(r.label, r.partner, r.axis, r.a) for r in relations if COUNT_MARK not in r.label}
    return [r for r in relations
            if COUNT_MARK not in r.label or (plain_label(r.label), r.partner, r.axis, r.a) not in fixed]


def measure_settling_order(count: int = 1300) -> dict:
    """{category: (label, ...)} the upright labels of the first `count` train-split shapes, the
    largest expected part first: the share of shapes with the label times its parts' mean box diagonal."""
    sizes: dict = {}
    shapes: dict = {}
    for category, parts in classed_train_boxes(count):
        shapes[category] = shapes.get(category, 0) + 1
        for label in {p["label"] for p in parts}:
            diagonals = [2 * np.linalg.norm(p["half"]) for p in parts if p["label"] == label]
            sizes.setdefault(category, {}).setdefault(label, []).append(float(np.mean(diagonals)))
    return {category: tuple(sorted(by_label, key=lambda label: (
        -round(float(np.sum(by_label[label])) / shapes[category], 3), label)))
        for category, by_label in sorted(sizes.items())}


def measure_size_ranges(count: int = 1300) -> dict:
    """{category: {label: ((3,) low, (3,) high)}} the smallest and largest extent along each world
    axis of the label's boxes in the first `count` train-split shapes, widened by SIZE_MARGIN."""
    extents = label_extents(classed_train_boxes(count))
    return {category: {label: (tuple(round(float(v), 4) for v in np.min(e, axis=0) * (1 - SIZE_MARGIN)),
                               tuple(round(float(v), 4) for v in np.max(e, axis=0) * (1 + SIZE_MARGIN)))
                       for label, e in sorted(by_label.items())}
            for category, by_label in sorted(extents.items())}


def measure_size_classes(count: int = 1300) -> dict:
    """{category: {label: (axis, threshold)}} the labels whose boxes in the first `count` train-split
    shapes part into two sizes along a world axis: the widest gap between sorted extents, at least
    CLASS_SHARE of the boxes on each side, its two sides CLASS_RATIO apart (the axis with the widest
    such gap; threshold their geometric mean)."""
    from .slots import train_part_boxes

    extents = label_extents(train_part_boxes(count))
    classes: dict = {}
    for category, by_label in sorted(extents.items()):
        for label, e in sorted(by_label.items()):
            widest = max(size_gap(np.sort(np.asarray(e)[:, axis])) + (axis,) for axis in range(3))
            if widest[0] >= CLASS_RATIO:
                classes.setdefault(category, {})[label] = (widest[2], round(widest[1], 4))
    return classes


def label_extents(shapes) -> dict:
    """{category: {label: [(3,) extent along the world axes of each box]}} of (category, parts) pairs."""
    extents: dict = {}
    for category, parts in shapes:
        for p in parts:
            faces = world_faces(p)
            extents.setdefault(category, {}).setdefault(p["label"], []).append(faces[1] - faces[0])
    return extents


def size_gap(sizes: np.ndarray) -> tuple:
    """sorted extents (N,) -> (ratio, threshold) of the widest gap with CLASS_SHARE on each side."""
    low = max(1, int(np.ceil(CLASS_SHARE * len(sizes))))
    if len(sizes) - low <= low - 1:
        return (0.0, 0.0)
    ratios = sizes[low:len(sizes) - low + 1] / sizes[low - 1:len(sizes) - low]
    k = int(np.argmax(ratios))
    return float(ratios[k]), float(np.sqrt(sizes[low - 1 + k] * sizes[low + k]))


def _steady_anchors(rows: np.ndarray) -> list:
    """rows (N, 3, 3) offsets of A's anchors from B's -> [(a, b, median offset)] of the steady ones."""
    if np.isnan(rows).all():
        return []
    middle = np.nanmedian(rows, axis=0)
    share = np.mean(np.abs(rows - middle) <= TOLERANCE, axis=0)
    spread = np.nanquantile(np.abs(rows - middle), SHARE, axis=0)
    chosen = {}
    for a in range(3):
        steady = [b for b in range(3) if share[a, b] >= SHARE and abs(middle[a, b]) <= MAX_OFFSET]
        if steady:
            b = min(steady, key=lambda b: (round(float(spread[a, b]), 4), abs(float(middle[a, b]))))
            chosen[a] = (a, b, float(middle[a, b]))
    if LOW in chosen or HIGH in chosen:   # a face and the middle together fix a size: a coincidence of scale
        chosen.pop(MIDDLE, None)
    return [chosen[a] for a in sorted(chosen)]


SIZE_CLASSES = {   # measure_size_classes(1300): 100 train-split shapes per category (a test keeps the two equal)
    "cabinet": {"handle": (0, 0.0593)},
    "desk": {"side_panel": (0, 0.0839)},
    "lamp": {"lamp_pole": (2, 0.1264)},
    "office_chair": {"base_spoke": (0, 0.0894)},
    "table": {"apron": (0, 0.1292)},
}


SETTLING_ORDER = {   # measure_settling_order(1300): 100 train-split shapes per category (a test keeps the two equal)
    "armchair": ("seat_base", "seat_cushion", "arm", "back_cushion", "armrest", "leg"),
    "bed": ("bed_frame", "mattress", "headboard", "pillow", "footboard", "leg"),
    "bookshelf": ("side_panel", "bottom_panel", "top_panel", "shelf", "plinth", "back_board"),
    "cabinet": ("back_board", "bottom_panel", "top_panel", "side_panel", "drawer", "door", "plinth", "handle:large",
                "leg", "handle:small"),
    "chair": ("seat", "leg", "back_post", "back_rail", "back_slat", "armrest", "back_panel", "stretcher",
              "arm_support"),
    "desk": ("tabletop", "side_panel:large", "modesty_panel", "side_panel:small", "drawer", "leg", "handle"),
    "lamp": ("lamp_pole:large", "lampshade", "lamp_base", "bulb", "lamp_pole:small"),
    "mug": ("body", "vessel_handle", "saucer"),
    "office_chair": ("seat", "back_panel", "gas_lift", "base_spoke:large", "base_spoke:small", "arm_support", "armrest",
                     "caster", "headrest"),
    "sofa": ("seat_base", "seat_cushion", "arm", "back_cushion", "armrest", "leg"),
    "stool": ("seat", "leg", "footrest", "foot", "pedestal"),
    "table": ("tabletop", "leg", "foot", "apron:large", "apron:small", "pedestal"),
    "vase": ("body", "vessel_handle"),
}


SIZE_RANGES = {   # measure_size_ranges(1300): 100 train-split shapes per category (a test keeps the two equal)
    "armchair": {
        "arm": ((0.0816, 0.6179, 0.1322), (0.2573, 1.1, 0.4525)),
        "armrest": ((0.1128, 0.6224, 0.1128), (0.2963, 1.1, 0.2963)),
        "back_cushion": ((0.3438, 0.1022, 0.4228), (0.873, 0.2712, 0.8453)),
        "leg": ((0.0432, 0.0432, 0.0625), (0.0834, 0.0834, 0.2007)),
        "seat_base": ((0.5863, 0.6179, 0.134), (1.1, 1.1, 0.3333)),
        "seat_cushion": ((0.3438, 0.4748, 0.0875), (0.873, 0.9542, 0.217)),
    },
    "bed": {
        "bed_frame": ((0.3922, 0.8615, 0.0506), (0.9709, 1.1, 0.1027)),
        "footboard": ((0.4082, 0.02, 0.1753), (0.9527, 0.0267, 0.3452)),
        "headboard": ((0.4082, 0.02, 0.3768), (0.9919, 0.0267, 0.7183)),
        "leg": ((0.024, 0.024, 0.0442), (0.0322, 0.0322, 0.1327)),
        "mattress": ((0.3682, 0.8359, 0.0627), (0.9393, 1.0692, 0.1316)),
        "pillow": ((0.2209, 0.1602, 0.0521), (0.3945, 0.2145, 0.0697)),
    },
    "bookshelf": {
        "back_board": ((0.2787, 0.0052, 0.4665), (1.0664, 0.0189, 1.0532)),
        "bottom_panel": ((0.2787, 0.1176, 0.0081), (1.0671, 0.5835, 0.0458)),
        "plinth": ((0.2787, 0.0994, 0.0186), (1.0671, 0.5218, 0.1141)),
        "shelf": ((0.2787, 0.1143, 0.0081), (1.0671, 0.565, 0.0458)),
        "side_panel": ((0.0081, 0.1176, 0.4952), (0.0458, 0.5835, 1.0773)),
        "top_panel": ((0.2787, 0.1176, 0.0081), (1.0671, 0.5835, 0.0458)),
    },
    "cabinet": {
        "back_board": ((0.3603, 0.0078, 0.3131), (1.0698, 0.0214, 1.0083)),
        "bottom_panel": ((0.3603, 0.2416, 0.013), (1.0698, 0.8102, 0.0356)),
        "door": ((0.2684, 0.0132, 0.3506), (1.0163, 0.0356, 1.0345)),
        "drawer": ((0.4752, 0.013, 0.1053), (1.092, 0.0342, 0.3203)),
        "handle:large": ((0.1303, 0.013, 0.0098), (0.342, 0.0342, 0.0256)),
        "handle:small": ((0.0099, 0.0132, 0.0795), (0.0267, 0.0356, 0.2137)),
        "leg": ((0.0316, 0.0316, 0.0793), (0.0993, 0.0993, 0.3388)),
        "plinth": ((0.3603, 0.2429, 0.0398), (1.0692, 0.703, 0.0955)),
        "side_panel": ((0.013, 0.2416, 0.3387), (0.0356, 0.8102, 1.0439)),
        "top_panel": ((0.3603, 0.2416, 0.013), (1.0698, 0.8102, 0.0356)),
    },
    "chair": {
        "arm_support": ((0.0215, 0.0215, 0.1716), (0.0397, 0.0397, 0.3176)),
        "armrest": ((0.0386, 0.2859, 0.0215), (0.0715, 0.6819, 0.0397)),
        "back_panel": ((0.2164, 0.0173, 0.2121), (0.6352, 0.0318, 0.5584)),
        "back_post": ((0.0276, 0.0276, 0.3445), (0.0673, 0.0673, 0.6933)),
        "back_rail": ((0.2142, 0.0166, 0.029), (0.6581, 0.0401, 0.0962)),
        "back_slat": ((0.0134, 0.0103, 0.2457), (0.0683, 0.0251, 0.582)),
        "leg": ((0.0277, 0.0277, 0.3584), (0.1518, 0.1412, 0.7315)),
        "seat": ((0.3593, 0.3212, 0.0216), (0.7949, 0.7446, 0.0774)),
        "stretcher": ((0.0166, 0.2427, 0.0166), (0.0311, 0.6417, 0.0311)),
    },
    "desk": {
        "drawer": ((0.2018, 0.0141, 0.0819), (0.4245, 0.0265, 0.6564)),
        "handle": ((0.0678, 0.0102, 0.0085), (0.1274, 0.0191, 0.0159)),
        "leg": ((0.0254, 0.0254, 0.3914), (0.0641, 0.0641, 0.7855)),
        "modesty_panel": ((0.8131, 0.0113, 0.1978), (1.0309, 0.0212, 0.3716)),
        "side_panel:large": ((0.2188, 0.3071, 0.3897), (0.4558, 0.7647, 0.7854)),
        "side_panel:small": ((0.017, 0.3227, 0.3905), (0.0319, 0.7617, 0.7854)),
        "tabletop": ((0.9, 0.3283, 0.0152), (1.1, 0.8272, 0.0457)),
    },
    "lamp": {
        "bulb": ((0.0353, 0.0353, 0.0353), (0.1903, 0.1903, 0.1903)),
        "lamp_base": ((0.1422, 0.1422, 0.0151), (0.619, 0.619, 0.0816)),
        "lamp_pole:large": ((0.0121, 0.0121, 0.5358), (0.0652, 0.5732, 1.1367)),
        "lamp_pole:small": ((0.0112, 0.0041, 0.0041), (0.3941, 0.0295, 0.0295)),
        "lampshade": ((0.1589, 0.1589, 0.1363), (0.9464, 0.9464, 0.634)),
    },
    "mug": {
        "body": ((0.4091, 0.4091, 0.3555), (0.8841, 0.8841, 1.1)),
        "saucer": ((0.9, 0.9, 0.0587), (1.1, 1.1, 0.0999)),
        "vessel_handle": ((0.1564, 0.0419, 0.2684), (0.4682, 0.1098, 0.8829)),
    },
    "office_chair": {
        "arm_support": ((0.0218, 0.0291, 0.2036), (0.0424, 0.0566, 0.3959)),
        "armrest": ((0.0509, 0.1891, 0.0218), (0.099, 0.3677, 0.0424)),
        "back_panel": ((0.3185, 0.0764, 0.331), (0.7169, 0.1888, 0.6264)),
        "base_spoke:large": ((0.1503, 0.0978, 0.0435), (0.5195, 0.4629, 0.0928)),
        "base_spoke:small": ((0.0262, 0.2211, 0.0424), (0.0527, 0.5324, 0.0851)),
        "caster": ((0.0302, 0.0175, 0.0437), (0.0917, 0.0943, 0.0878)),
        "gas_lift": ((0.0364, 0.0364, 0.2383), (0.0732, 0.0732, 0.5768)),
        "headrest": ((0.2011, 0.055, 0.1076), (0.3168, 0.0941, 0.1538)),
        "seat": ((0.3352, 0.3153, 0.0582), (0.7547, 0.6925, 0.117)),
    },
    "sofa": {
        "arm": ((0.0511, 0.3018, 0.0512), (0.1468, 0.7276, 0.2763)),
        "armrest": ((0.0676, 0.3018, 0.0676), (0.1694, 0.7168, 0.1694)),
        "back_cushion": ((0.2349, 0.0582, 0.1678), (0.4517, 0.1598, 0.5467)),
        "leg": ((0.018, 0.018, 0.0373), (0.0433, 0.0433, 0.1148)),
        "seat_base": ((0.8742, 0.3018, 0.0598), (1.1, 0.7276, 0.1622)),
        "seat_cushion": ((0.2349, 0.2499, 0.0499), (0.4517, 0.625, 0.1365)),
    },
    "stool": {
        "foot": ((0.4118, 0.4118, 0.034), (1.1, 1.1, 0.0893)),
        "footrest": ((0.3077, 0.3077, 0.027), (0.8059, 0.8059, 0.0479)),
        "leg": ((0.0394, 0.0401, 0.6671), (0.2078, 0.2238, 1.1155)),
        "pedestal": ((0.0681, 0.0681, 0.7076), (0.1787, 0.1787, 1.0418)),
        "seat": ((0.3714, 0.3714, 0.0351), (1.1, 1.1, 0.1877)),
    },
    "table": {
        "apron:large": ((0.5676, 0.01, 0.0401), (1.0266, 0.0291, 0.1164)),
        "apron:small": ((0.01, 0.2621, 0.0401), (0.0291, 0.9674, 0.1164)),
        "foot": ((0.3154, 0.3154, 0.02), (1.063, 1.063, 0.0606)),
        "leg": ((0.0264, 0.0264, 0.191), (0.1707, 0.1713, 1.0823)),
        "pedestal": ((0.0424, 0.0424, 0.2252), (0.1585, 0.1585, 1.0452)),
        "tabletop": ((0.6072, 0.3227, 0.0099), (1.1, 1.1, 0.0971)),
    },
    "vase": {
        "body": ((0.1574, 0.1574, 0.5962), (1.1, 1.1, 1.1)),
        "vessel_handle": ((0.1234, 0.0256, 0.248), (0.6107, 0.0693, 0.5787)),
    },
}


RELATIONS = {   # measure_relations(1300): 100 train-split shapes per category (a test keeps the two equal)
    "armchair": (
        Relation("arm", "armrest", 0, LOW, LOW, 0.021, 0.0),
        Relation("arm", "armrest", 0, HIGH, HIGH, -0.021, 0.0),
        Relation("arm", "armrest", 1, LOW, LOW, 0.0, 0.0),
        Relation("arm", "armrest", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("arm", "armrest", 2, HIGH, MIDDLE, 0.0, 0.0),
        Relation("arm", "back_cushion", 0, LOW, HIGH, -0.0053, 0.0, True),
        Relation("arm", "back_cushion", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("arm", "back_cushion", 2, LOW, LOW, -0.0053, 0.0),
        Relation("arm", "leg", 0, HIGH, HIGH, 0.0231, 0.2783, True),
        Relation("arm", "seat_base", 0, HIGH, HIGH, 0.0, 0.0, True),
        Relation("arm", "seat_base", 1, LOW, LOW, 0.0, 0.0),
        Relation("arm", "seat_base", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("arm", "seat_base", 2, LOW, HIGH, -0.0106, 0.0),
        Relation("arm", "seat_cushion", 0, LOW, HIGH, -0.0053, 0.0, True),
        Relation("arm", "seat_cushion", 1, LOW, LOW, 0.0, 0.0),
        Relation("arm", "seat_cushion", 2, LOW, LOW, -0.0053, 0.0),
        Relation("armrest", "arm", 0, LOW, LOW, -0.021, 0.0),
        Relation("armrest", "arm", 0, HIGH, HIGH, 0.021, 0.0),
        Relation("armrest", "arm", 1, LOW, LOW, 0.0, 0.0),
        Relation("armrest", "arm", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("armrest", "arm", 2, MIDDLE, HIGH, -0.0, 0.0),
        Relation("armrest", "back_cushion", 0, LOW, HIGH, -0.0262, 0.0, True),
        Relation("armrest", "back_cushion", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("armrest", "leg", 0, HIGH, HIGH, 0.0438, 0.4687, True),
        Relation("armrest", "seat_base", 0, HIGH, HIGH, 0.021, 0.2135, True),
        Relation("armrest", "seat_base", 1, LOW, LOW, 0.0, 0.2135),
        Relation("armrest", "seat_base", 1, HIGH, HIGH, 0.0, 0.2135),
        Relation("armrest", "seat_cushion", 0, LOW, HIGH, -0.0262, 0.0845, True),
        Relation("armrest", "seat_cushion", 1, LOW, LOW, 0.0, 0.0845),
        Relation("back_cushion", "arm", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("back_cushion", "arm", 2, LOW, LOW, 0.0053, 0.0),
        Relation("back_cushion", "armrest", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("back_cushion", "leg", 1, HIGH, HIGH, 0.0231, 0.2845),
        Relation("back_cushion", "seat_base", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("back_cushion", "seat_base", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("back_cushion", "seat_base", 2, LOW, HIGH, -0.0053, 0.0),
        Relation("back_cushion", "seat_cushion", 0, LOW, LOW, 0.0, 0.0),
        Relation("back_cushion", "seat_cushion", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("back_cushion", "seat_cushion", 1, LOW, HIGH, -0.0212, 0.0),
        Relation("back_cushion", "seat_cushion", 2, LOW, LOW, 0.0, 0.0),
        Relation("leg", "arm", 0, HIGH, HIGH, -0.0231, 0.2783, True),
        Relation("leg", "arm", 1, HIGH, HIGH, -0.0231, 0.2783, True),
        Relation("leg", "armrest", 0, HIGH, HIGH, -0.0438, 0.4687, True),
        Relation("leg", "armrest", 1, HIGH, HIGH, -0.0228, 0.4687, True),
        Relation("leg", "floor", 2, LOW, LOW, 0.0, 0.0),
        Relation("leg", "seat_base", 0, HIGH, HIGH, -0.0231, 0.0, True),
        Relation("leg", "seat_base", 1, HIGH, HIGH, -0.0231, 0.0, True),
        Relation("leg", "seat_base", 2, HIGH, LOW, 0.0106, 0.0),
        Relation("seat_base", "arm", 1, LOW, LOW, 0.0, 0.0),
        Relation("seat_base", "arm", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("seat_base", "arm", 2, HIGH, LOW, 0.0106, 0.0),
        Relation("seat_base", "armrest", 1, LOW, LOW, 0.0, 0.2135),
        Relation("seat_base", "armrest", 1, HIGH, HIGH, 0.0, 0.2135),
        Relation("seat_base", "back_cushion", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("seat_base", "back_cushion", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("seat_base", "back_cushion", 2, HIGH, LOW, 0.0053, 0.0),
        Relation("seat_base", "leg", 2, LOW, HIGH, -0.0106, 0.0),
        Relation("seat_base", "seat_cushion", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("seat_base", "seat_cushion", 1, LOW, LOW, 0.0, 0.0),
        Relation("seat_base", "seat_cushion", 2, HIGH, LOW, 0.0053, 0.0),
        Relation("seat_cushion", "arm", 1, LOW, LOW, 0.0, 0.0),
        Relation("seat_cushion", "arm", 2, LOW, LOW, 0.0053, 0.0),
        Relation("seat_cushion", "armrest", 1, LOW, LOW, -0.0, 0.0845),
        Relation("seat_cushion", "back_cushion", 0, LOW, LOW, 0.0, 0.0),
        Relation("seat_cushion", "back_cushion", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("seat_cushion", "back_cushion", 1, HIGH, LOW, 0.0212, 0.0),
        Relation("seat_cushion", "back_cushion", 2, LOW, LOW, 0.0, 0.0),
        Relation("seat_cushion", "leg", 1, LOW, LOW, -0.0231, 0.2845),
        Relation("seat_cushion", "seat_base", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("seat_cushion", "seat_base", 1, LOW, LOW, 0.0, 0.0),
        Relation("seat_cushion", "seat_base", 2, LOW, HIGH, -0.0053, 0.0),
    ),
    "bed": (
        Relation("bed_frame", "footboard", 0, LOW, LOW, 0.0093, 0.0),
        Relation("bed_frame", "footboard", 0, HIGH, HIGH, -0.0093, 0.0),
        Relation("bed_frame", "footboard", 1, LOW, HIGH, -0.0023, 0.0),
        Relation("bed_frame", "headboard", 0, LOW, LOW, 0.0093, 0.0),
        Relation("bed_frame", "headboard", 0, HIGH, HIGH, -0.0093, 0.0),
        Relation("bed_frame", "headboard", 1, HIGH, LOW, 0.0023, 0.0),
        Relation("bed_frame", "leg", 2, LOW, HIGH, -0.0023, 0.0),
        Relation("bed_frame", "mattress", 0, LOW, LOW, -0.014, 0.0),
        Relation("bed_frame", "mattress", 0, HIGH, HIGH, 0.014, 0.0),
        Relation("bed_frame", "mattress", 1, LOW, LOW, -0.014, 0.0),
        Relation("bed_frame", "mattress", 1, HIGH, HIGH, 0.014, 0.0),
        Relation("bed_frame", "mattress", 2, HIGH, LOW, 0.0023, 0.0),
        Relation("bed_frame", "pillow", 1, HIGH, HIGH, 0.0374, 0.1125),
        Relation("footboard", "bed_frame", 0, LOW, LOW, -0.0093, 0.0),
        Relation("footboard", "bed_frame", 0, HIGH, HIGH, 0.0093, 0.0),
        Relation("footboard", "bed_frame", 1, LOW, LOW, -0.0209, 0.0),
        Relation("footboard", "bed_frame", 1, HIGH, LOW, 0.0023, 0.0),
        Relation("footboard", "floor", 2, LOW, LOW, 0.0, 0.0),
        Relation("footboard", "headboard", 0, LOW, LOW, 0.0, 0.9555),
        Relation("footboard", "headboard", 0, HIGH, HIGH, 0.0, 0.9555),
        Relation("footboard", "headboard", 2, LOW, LOW, 0.0, 0.9555),
        Relation("footboard", "leg", 1, LOW, LOW, -0.0395, 0.017),
        Relation("footboard", "leg", 1, HIGH, LOW, -0.0162, 0.017),
        Relation("footboard", "leg", 2, LOW, LOW, -0.0, 0.017),
        Relation("footboard", "mattress", 0, LOW, LOW, -0.0232, 0.0121),
        Relation("footboard", "mattress", 0, HIGH, HIGH, 0.0232, 0.0121),
        Relation("footboard", "mattress", 1, LOW, LOW, -0.0348, 0.0121),
        Relation("footboard", "mattress", 1, HIGH, LOW, -0.0116, 0.0121),
        Relation("headboard", "bed_frame", 0, LOW, LOW, -0.0093, 0.0),
        Relation("headboard", "bed_frame", 0, HIGH, HIGH, 0.0093, 0.0),
        Relation("headboard", "bed_frame", 1, LOW, HIGH, -0.0023, 0.0),
        Relation("headboard", "bed_frame", 1, HIGH, HIGH, 0.021, 0.0),
        Relation("headboard", "floor", 2, LOW, LOW, 0.0, 0.0),
        Relation("headboard", "footboard", 0, LOW, LOW, 0.0, 0.9555),
        Relation("headboard", "footboard", 0, HIGH, HIGH, 0.0, 0.9555),
        Relation("headboard", "footboard", 2, LOW, LOW, 0.0, 0.9555),
        Relation("headboard", "leg", 1, LOW, HIGH, 0.0163, 0.017),
        Relation("headboard", "leg", 1, HIGH, HIGH, 0.0396, 0.017),
        Relation("headboard", "leg", 2, LOW, LOW, 0.0, 0.017),
        Relation("headboard", "mattress", 0, LOW, LOW, -0.0233, 0.0121),
        Relation("headboard", "mattress", 0, HIGH, HIGH, 0.0233, 0.0121),
        Relation("headboard", "mattress", 1, LOW, HIGH, 0.0117, 0.0121),
        Relation("headboard", "mattress", 1, HIGH, HIGH, 0.035, 0.0121),
        Relation("headboard", "pillow", 1, LOW, HIGH, 0.035, 0.0364),
        Relation("leg", "bed_frame", 0, LOW, HIGH, -0.0467, 0.0, True),
        Relation("leg", "bed_frame", 0, HIGH, HIGH, -0.0187, 0.0, True),
        Relation("leg", "bed_frame", 1, LOW, HIGH, -0.0467, 0.0, True),
        Relation("leg", "bed_frame", 1, HIGH, HIGH, -0.0187, 0.0, True),
        Relation("leg", "bed_frame", 2, HIGH, LOW, 0.0023, 0.0),
        Relation("leg", "floor", 2, LOW, LOW, 0.0, 0.0),
        Relation("leg", "footboard", 0, HIGH, HIGH, -0.0279, 0.9316, True),
        Relation("leg", "footboard", 2, LOW, LOW, 0.0, 0.9316),
        Relation("leg", "headboard", 0, HIGH, HIGH, -0.028, 0.9319, True),
        Relation("leg", "headboard", 2, LOW, LOW, -0.0, 0.9319),
        Relation("leg", "mattress", 0, LOW, HIGH, -0.0327, 0.0887, True),
        Relation("leg", "mattress", 0, HIGH, HIGH, -0.0047, 0.0887, True),
        Relation("leg", "mattress", 1, LOW, HIGH, -0.0327, 0.0887, True),
        Relation("leg", "mattress", 1, HIGH, HIGH, -0.0047, 0.0887, True),
        Relation("mattress", "bed_frame", 0, LOW, LOW, 0.014, 0.0),
        Relation("mattress", "bed_frame", 0, HIGH, HIGH, -0.014, 0.0),
        Relation("mattress", "bed_frame", 1, LOW, LOW, 0.014, 0.0),
        Relation("mattress", "bed_frame", 1, HIGH, HIGH, -0.014, 0.0),
        Relation("mattress", "bed_frame", 2, LOW, HIGH, -0.0023, 0.0),
        Relation("mattress", "footboard", 0, LOW, LOW, 0.0232, 0.0121),
        Relation("mattress", "footboard", 0, HIGH, HIGH, -0.0232, 0.0121),
        Relation("mattress", "footboard", 1, LOW, HIGH, 0.0116, 0.0121),
        Relation("mattress", "headboard", 0, LOW, LOW, 0.0233, 0.0121),
        Relation("mattress", "headboard", 0, HIGH, HIGH, -0.0233, 0.0121),
        Relation("mattress", "headboard", 1, HIGH, LOW, -0.0117, 0.0121),
        Relation("mattress", "pillow", 1, HIGH, HIGH, 0.0234, 0.0),
        Relation("mattress", "pillow", 2, HIGH, LOW, 0.0047, 0.0),
        Relation("pillow", "bed_frame", 1, HIGH, HIGH, -0.0374, 0.1125),
        Relation("pillow", "headboard", 1, HIGH, LOW, -0.035, 0.0364),
        Relation("pillow", "leg", 1, HIGH, MIDDLE, -0.0047, 0.1997),
        Relation("pillow", "mattress", 1, HIGH, HIGH, -0.0234, 0.0),
        Relation("pillow", "mattress", 2, LOW, HIGH, -0.0047, 0.0),
        Relation("pillow#1", "bed_frame", 0, MIDDLE, MIDDLE, 0.0, 0.1125),
        Relation("pillow#1", "footboard", 0, MIDDLE, MIDDLE, 0.0, 0.7583),
        Relation("pillow#1", "headboard", 0, MIDDLE, MIDDLE, 0.0, 0.0362),
        Relation("pillow#1", "mattress", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("pillow#2", "bed_frame", 0, LOW, MIDDLE, 0.0298, 0.1104, True),
        Relation("pillow#2", "bed_frame", 0, HIGH, HIGH, -0.0436, 0.1104, True),
        Relation("pillow#2", "headboard", 0, LOW, MIDDLE, 0.03, 0.0364, True),
        Relation("pillow#2", "leg", 0, HIGH, MIDDLE, -0.0111, 0.199, True),
        Relation("pillow#2", "mattress", 0, LOW, MIDDLE, 0.0298, 0.0, True),
        Relation("pillow#2", "mattress", 0, HIGH, HIGH, -0.0298, 0.0, True),
    ),
    "bookshelf": (
        Relation("back_board", "bottom_panel", 0, LOW, LOW, 0.0, 0.0),
        Relation("back_board", "bottom_panel", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("back_board", "bottom_panel", 1, LOW, HIGH, -0.0092, 0.0),
        Relation("back_board", "bottom_panel", 1, HIGH, HIGH, -0.0, 0.0),
        Relation("back_board", "bottom_panel", 2, LOW, HIGH, -0.0008, 0.0),
        Relation("back_board", "plinth", 0, LOW, LOW, 0.0, 0.0402),
        Relation("back_board", "plinth", 0, HIGH, HIGH, 0.0, 0.0402),
        Relation("back_board", "shelf", 0, LOW, LOW, 0.0, 0.0),
        Relation("back_board", "shelf", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("back_board", "shelf", 1, LOW, HIGH, -0.0046, 0.0),
        Relation("back_board", "shelf", 1, HIGH, HIGH, 0.0046, 0.0),
        Relation("back_board", "side_panel", 1, LOW, HIGH, -0.0092, 0.0),
        Relation("back_board", "side_panel", 1, HIGH, HIGH, -0.0, 0.0),
        Relation("back_board", "side_panel", 2, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("back_board", "top_panel", 0, LOW, LOW, 0.0, 0.0),
        Relation("back_board", "top_panel", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("back_board", "top_panel", 1, LOW, HIGH, -0.0092, 0.0),
        Relation("back_board", "top_panel", 1, HIGH, HIGH, -0.0, 0.0),
        Relation("back_board", "top_panel", 2, HIGH, LOW, 0.0008, 0.0),
        Relation("bottom_panel", "back_board", 0, LOW, LOW, 0.0, 0.0),
        Relation("bottom_panel", "back_board", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("bottom_panel", "back_board", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("bottom_panel", "back_board", 2, HIGH, LOW, 0.0008, 0.0),
        Relation("bottom_panel", "plinth", 0, LOW, LOW, 0.0, 0.0),
        Relation("bottom_panel", "plinth", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("bottom_panel", "plinth", 1, LOW, LOW, -0.0081, 0.0),
        Relation("bottom_panel", "plinth", 2, LOW, HIGH, -0.0, 0.0),
        Relation("bottom_panel", "shelf", 0, LOW, LOW, 0.0, 0.2979),
        Relation("bottom_panel", "shelf", 0, HIGH, HIGH, 0.0, 0.2979),
        Relation("bottom_panel", "shelf", 1, LOW, LOW, -0.0031, 0.2979),
        Relation("bottom_panel", "shelf", 1, HIGH, HIGH, 0.0031, 0.2979),
        Relation("bottom_panel", "side_panel", 1, LOW, LOW, 0.0, 0.0),
        Relation("bottom_panel", "side_panel", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("bottom_panel", "side_panel", 2, LOW, LOW, -0.0, 0.0),
        Relation("bottom_panel", "top_panel", 0, LOW, LOW, 0.0, 0.9565),
        Relation("bottom_panel", "top_panel", 0, HIGH, HIGH, 0.0, 0.9565),
        Relation("bottom_panel", "top_panel", 1, LOW, LOW, 0.0, 0.9565),
        Relation("bottom_panel", "top_panel", 1, HIGH, HIGH, 0.0, 0.9565),
        Relation("plinth", "back_board", 0, LOW, LOW, 0.0, 0.0402),
        Relation("plinth", "back_board", 0, HIGH, HIGH, 0.0, 0.0402),
        Relation("plinth", "bottom_panel", 0, LOW, LOW, 0.0, 0.0),
        Relation("plinth", "bottom_panel", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("plinth", "bottom_panel", 1, LOW, LOW, 0.0081, 0.0),
        Relation("plinth", "bottom_panel", 2, HIGH, LOW, 0.0, 0.0),
        Relation("plinth", "floor", 2, LOW, LOW, 0.0, 0.0),
        Relation("plinth", "shelf", 0, LOW, LOW, 0.0, 0.3176),
        Relation("plinth", "shelf", 0, HIGH, HIGH, 0.0, 0.3176),
        Relation("plinth", "shelf", 1, LOW, LOW, 0.0045, 0.3176),
        Relation("plinth", "side_panel", 1, LOW, LOW, 0.0081, 0.0),
        Relation("plinth", "side_panel", 2, HIGH, LOW, -0.0, 0.0),
        Relation("plinth", "top_panel", 0, LOW, LOW, 0.0, 0.9671),
        Relation("plinth", "top_panel", 0, HIGH, HIGH, 0.0, 0.9671),
        Relation("plinth", "top_panel", 1, LOW, LOW, 0.0081, 0.9671),
        Relation("shelf", "back_board", 0, LOW, LOW, 0.0, 0.0),
        Relation("shelf", "back_board", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("shelf", "back_board", 1, HIGH, MIDDLE, -0.0, 0.0),
        Relation("shelf", "bottom_panel", 0, LOW, LOW, 0.0, 0.7921),
        Relation("shelf", "bottom_panel", 0, HIGH, HIGH, 0.0, 0.7921),
        Relation("shelf", "bottom_panel", 1, LOW, LOW, 0.003, 0.7921),
        Relation("shelf", "bottom_panel", 1, HIGH, HIGH, -0.003, 0.7921),
        Relation("shelf", "plinth", 0, LOW, LOW, 0.0, 0.8021),
        Relation("shelf", "plinth", 0, HIGH, HIGH, 0.0, 0.8021),
        Relation("shelf", "plinth", 1, LOW, LOW, -0.0039, 0.8021),
        Relation("shelf", "side_panel", 1, LOW, LOW, 0.003, 0.0),
        Relation("shelf", "side_panel", 1, HIGH, HIGH, -0.003, 0.0),
        Relation("shelf", "top_panel", 0, LOW, LOW, 0.0, 0.7921),
        Relation("shelf", "top_panel", 0, HIGH, HIGH, 0.0, 0.7921),
        Relation("shelf", "top_panel", 1, LOW, LOW, 0.003, 0.7921),
        Relation("shelf", "top_panel", 1, HIGH, HIGH, -0.003, 0.7921),
        Relation("shelf#2", "plinth", 1, HIGH, HIGH, 0.0268, 0.6253),
        Relation("shelf#3", "plinth", 1, HIGH, HIGH, 0.0209, 0.7124),
        Relation("side_panel", "back_board", 0, LOW, HIGH, -0.0008, 0.0, True),
        Relation("side_panel", "back_board", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("side_panel", "back_board", 2, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("side_panel", "bottom_panel", 0, LOW, HIGH, -0.0008, 0.0, True),
        Relation("side_panel", "bottom_panel", 1, LOW, LOW, 0.0, 0.0),
        Relation("side_panel", "bottom_panel", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("side_panel", "bottom_panel", 2, LOW, LOW, 0.0, 0.0),
        Relation("side_panel", "plinth", 0, LOW, HIGH, -0.0008, 0.0, True),
        Relation("side_panel", "plinth", 1, LOW, LOW, -0.0081, 0.0),
        Relation("side_panel", "plinth", 2, LOW, HIGH, 0.0, 0.0),
        Relation("side_panel", "shelf", 0, LOW, HIGH, -0.0008, 0.0, True),
        Relation("side_panel", "shelf", 1, LOW, LOW, -0.0031, 0.0),
        Relation("side_panel", "shelf", 1, HIGH, HIGH, 0.0031, 0.0),
        Relation("side_panel", "top_panel", 0, LOW, HIGH, -0.0008, 0.0, True),
        Relation("side_panel", "top_panel", 1, LOW, LOW, 0.0, 0.0),
        Relation("side_panel", "top_panel", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("side_panel", "top_panel", 2, HIGH, HIGH, -0.0, 0.0),
        Relation("top_panel", "back_board", 0, LOW, LOW, 0.0, 0.0),
        Relation("top_panel", "back_board", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("top_panel", "back_board", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("top_panel", "back_board", 2, LOW, HIGH, -0.0008, 0.0),
        Relation("top_panel", "bottom_panel", 0, LOW, LOW, 0.0, 0.9565),
        Relation("top_panel", "bottom_panel", 0, HIGH, HIGH, 0.0, 0.9565),
        Relation("top_panel", "bottom_panel", 1, LOW, LOW, 0.0, 0.9565),
        Relation("top_panel", "bottom_panel", 1, HIGH, HIGH, 0.0, 0.9565),
        Relation("top_panel", "plinth", 0, LOW, LOW, 0.0, 0.9671),
        Relation("top_panel", "plinth", 0, HIGH, HIGH, 0.0, 0.9671),
        Relation("top_panel", "plinth", 1, LOW, LOW, -0.0081, 0.9671),
        Relation("top_panel", "shelf", 0, LOW, LOW, 0.0, 0.2979),
        Relation("top_panel", "shelf", 0, HIGH, HIGH, 0.0, 0.2979),
        Relation("top_panel", "shelf", 1, LOW, LOW, -0.0031, 0.2979),
        Relation("top_panel", "shelf", 1, HIGH, HIGH, 0.0031, 0.2979),
        Relation("top_panel", "side_panel", 1, LOW, LOW, 0.0, 0.0),
        Relation("top_panel", "side_panel", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("top_panel", "side_panel", 2, HIGH, HIGH, 0.0, 0.0),
    ),
    "cabinet": (
        Relation("back_board", "bottom_panel", 0, LOW, LOW, 0.0, 0.0),
        Relation("back_board", "bottom_panel", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("back_board", "bottom_panel", 1, LOW, HIGH, -0.0112, 0.0),
        Relation("back_board", "bottom_panel", 1, HIGH, HIGH, -0.0, 0.0),
        Relation("back_board", "bottom_panel", 2, LOW, HIGH, -0.0009, 0.0),
        Relation("back_board", "door", 2, LOW, LOW, 0.0132, 0.6805),
        Relation("back_board", "door", 2, HIGH, HIGH, -0.0132, 0.6805),
        Relation("back_board", "drawer", 0, LOW, LOW, 0.0129, 0.7196),
        Relation("back_board", "drawer", 0, HIGH, HIGH, -0.0129, 0.7196),
        Relation("back_board", "handle:large", 0, MIDDLE, MIDDLE, 0.0, 0.7479),
        Relation("back_board", "leg", 1, LOW, HIGH, 0.0017, 0.0227),
        Relation("back_board", "leg", 1, HIGH, HIGH, 0.0125, 0.0227),
        Relation("back_board", "leg", 2, LOW, HIGH, 0.0127, 0.0227),
        Relation("back_board", "plinth", 0, LOW, LOW, 0.0, 0.0275),
        Relation("back_board", "plinth", 0, HIGH, HIGH, 0.0, 0.0275),
        Relation("back_board", "plinth", 1, LOW, HIGH, 0.0169, 0.0275),
        Relation("back_board", "plinth", 2, LOW, HIGH, 0.0178, 0.0275),
        Relation("back_board", "side_panel", 1, LOW, HIGH, -0.0112, 0.0),
        Relation("back_board", "side_panel", 1, HIGH, HIGH, -0.0, 0.0),
        Relation("back_board", "side_panel", 2, LOW, LOW, 0.0177, 0.0),
        Relation("back_board", "side_panel", 2, HIGH, HIGH, -0.0177, 0.0),
        Relation("back_board", "top_panel", 0, LOW, LOW, 0.0, 0.0),
        Relation("back_board", "top_panel", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("back_board", "top_panel", 1, LOW, HIGH, -0.0112, 0.0),
        Relation("back_board", "top_panel", 1, HIGH, HIGH, -0.0, 0.0),
        Relation("back_board", "top_panel", 2, HIGH, LOW, 0.0009, 0.0),
        Relation("bottom_panel", "back_board", 0, LOW, LOW, 0.0, 0.0),
        Relation("bottom_panel", "back_board", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("bottom_panel", "back_board", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("bottom_panel", "back_board", 2, LOW, LOW, -0.0177, 0.0),
        Relation("bottom_panel", "back_board", 2, HIGH, LOW, 0.0009, 0.0),
        Relation("bottom_panel", "door", 1, LOW, HIGH, -0.0, 0.0),
        Relation("bottom_panel", "door", 2, LOW, LOW, -0.0047, 0.0),
        Relation("bottom_panel", "door", 2, HIGH, LOW, 0.0141, 0.0),
        Relation("bottom_panel", "drawer", 0, LOW, LOW, 0.0129, 0.0),
        Relation("bottom_panel", "drawer", 0, HIGH, HIGH, -0.0129, 0.0),
        Relation("bottom_panel", "drawer", 1, LOW, HIGH, 0.0, 0.0),
        Relation("bottom_panel", "drawer", 2, LOW, LOW, -0.0083, 0.0),
        Relation("bottom_panel", "drawer", 2, HIGH, LOW, 0.0101, 0.0),
        Relation("bottom_panel", "handle:large", 0, MIDDLE, MIDDLE, 0.0, 0.1208),
        Relation("bottom_panel", "handle:large", 1, LOW, HIGH, 0.0184, 0.1208),
        Relation("bottom_panel", "handle:small", 1, LOW, HIGH, 0.0188, 0.5013),
        Relation("bottom_panel", "leg", 2, LOW, HIGH, -0.0045, 0.0),
        Relation("bottom_panel", "leg", 2, HIGH, HIGH, 0.0136, 0.0),
        Relation("bottom_panel", "plinth", 0, LOW, LOW, 0.0, 0.0),
        Relation("bottom_panel", "plinth", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("bottom_panel", "plinth", 1, LOW, LOW, -0.0094, 0.0),
        Relation("bottom_panel", "plinth", 2, LOW, HIGH, 0.0, 0.0),
        Relation("bottom_panel", "plinth", 2, HIGH, HIGH, 0.0188, 0.0),
        Relation("bottom_panel", "side_panel", 1, LOW, LOW, 0.0, 0.0),
        Relation("bottom_panel", "side_panel", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("bottom_panel", "side_panel", 2, LOW, LOW, -0.0, 0.0),
        Relation("bottom_panel", "side_panel", 2, HIGH, LOW, 0.0186, 0.0),
        Relation("bottom_panel", "top_panel", 0, LOW, LOW, 0.0, 0.9149),
        Relation("bottom_panel", "top_panel", 0, HIGH, HIGH, 0.0, 0.9149),
        Relation("bottom_panel", "top_panel", 1, LOW, LOW, 0.0, 0.9149),
        Relation("bottom_panel", "top_panel", 1, HIGH, HIGH, 0.0, 0.9149),
        Relation("door", "back_board", 0, HIGH, HIGH, 0.0139, 0.6805, True),
        Relation("door", "back_board", 2, LOW, LOW, -0.0131, 0.6805),
        Relation("door", "back_board", 2, HIGH, HIGH, 0.0131, 0.6805),
        Relation("door", "bottom_panel", 0, HIGH, HIGH, 0.0139, 0.0, True),
        Relation("door", "bottom_panel", 1, LOW, LOW, -0.0187, 0.0),
        Relation("door", "bottom_panel", 1, HIGH, LOW, 0.0, 0.0),
        Relation("door", "bottom_panel", 2, LOW, LOW, 0.0047, 0.0),
        Relation("door", "handle:small", 1, LOW, HIGH, 0.0, 0.0),
        Relation("door", "handle:small", 1, HIGH, HIGH, 0.0187, 0.0),
        Relation("door", "leg", 1, HIGH, LOW, -0.0122, 0.0196),
        Relation("door", "leg", 2, LOW, HIGH, -0.0, 0.0196),
        Relation("door", "plinth", 0, HIGH, HIGH, 0.014, 0.0145, True),
        Relation("door", "plinth", 1, LOW, LOW, -0.0293, 0.0145),
        Relation("door", "plinth", 1, HIGH, LOW, -0.0098, 0.0145),
        Relation("door", "plinth", 2, LOW, HIGH, 0.0049, 0.0145),
        Relation("door", "side_panel", 1, LOW, LOW, -0.0187, 0.0),
        Relation("door", "side_panel", 1, HIGH, LOW, 0.0, 0.0),
        Relation("door", "side_panel", 2, LOW, LOW, 0.0047, 0.0),
        Relation("door", "side_panel", 2, HIGH, HIGH, -0.0047, 0.0),
        Relation("door", "top_panel", 0, HIGH, HIGH, 0.0139, 0.0, True),
        Relation("door", "top_panel", 1, LOW, LOW, -0.0187, 0.0),
        Relation("door", "top_panel", 1, HIGH, LOW, 0.0, 0.0),
        Relation("door", "top_panel", 2, HIGH, HIGH, -0.0047, 0.0),
        Relation("door#2", "back_board", 0, LOW, MIDDLE, 0.0037, 0.6751, True),
        Relation("door#2", "bottom_panel", 0, LOW, MIDDLE, 0.0037, 0.0, True),
        Relation("door#2", "leg", 0, HIGH, HIGH, 0.0089, 0.0174, True),
        Relation("door#2", "side_panel", 0, HIGH, HIGH, -0.0037, 0.0, True),
        Relation("door#2", "top_panel", 0, LOW, MIDDLE, 0.0037, 0.0, True),
        Relation("drawer", "back_board", 0, LOW, LOW, -0.0129, 0.7196),
        Relation("drawer", "back_board", 0, HIGH, HIGH, 0.0129, 0.7196),
        Relation("drawer", "bottom_panel", 0, LOW, LOW, -0.0129, 0.7393),
        Relation("drawer", "bottom_panel", 0, HIGH, HIGH, 0.0129, 0.7393),
        Relation("drawer", "bottom_panel", 1, LOW, LOW, -0.0184, 0.7393),
        Relation("drawer", "bottom_panel", 1, HIGH, LOW, -0.0, 0.7393),
        Relation("drawer", "handle:large", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("drawer", "handle:large", 1, LOW, HIGH, 0.0, 0.0),
        Relation("drawer", "handle:large", 1, HIGH, HIGH, 0.0184, 0.0),
        Relation("drawer", "handle:large", 2, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("drawer", "leg", 1, HIGH, LOW, -0.0125, 0.7241),
        Relation("drawer", "plinth", 0, LOW, LOW, -0.013, 0.7574),
        Relation("drawer", "plinth", 0, HIGH, HIGH, 0.013, 0.7574),
        Relation("drawer", "plinth", 1, LOW, LOW, -0.0279, 0.7574),
        Relation("drawer", "plinth", 1, HIGH, LOW, -0.0093, 0.7574),
        Relation("drawer", "side_panel", 1, LOW, LOW, -0.0184, 0.0),
        Relation("drawer", "side_panel", 1, HIGH, LOW, -0.0, 0.0),
        Relation("drawer", "top_panel", 0, LOW, LOW, -0.0129, 0.7393),
        Relation("drawer", "top_panel", 0, HIGH, HIGH, 0.0129, 0.7393),
        Relation("drawer", "top_panel", 1, LOW, LOW, -0.0184, 0.7393),
        Relation("drawer", "top_panel", 1, HIGH, LOW, -0.0, 0.7393),
        Relation("handle:large", "back_board", 0, MIDDLE, MIDDLE, 0.0, 0.7479),
        Relation("handle:large", "bottom_panel", 0, MIDDLE, MIDDLE, 0.0, 0.8225),
        Relation("handle:large", "bottom_panel", 1, HIGH, LOW, -0.0184, 0.8225),
        Relation("handle:large", "drawer", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("handle:large", "drawer", 1, LOW, LOW, -0.0184, 0.0),
        Relation("handle:large", "drawer", 1, HIGH, LOW, 0.0, 0.0),
        Relation("handle:large", "drawer", 2, LOW, MIDDLE, -0.0069, 0.0),
        Relation("handle:large", "drawer", 2, HIGH, MIDDLE, 0.0069, 0.0),
        Relation("handle:large", "plinth", 0, MIDDLE, MIDDLE, 0.0, 0.8406),
        Relation("handle:large", "plinth", 1, HIGH, LOW, -0.0279, 0.8406),
        Relation("handle:large", "side_panel", 1, HIGH, LOW, -0.0184, 0.4132),
        Relation("handle:large", "top_panel", 0, MIDDLE, MIDDLE, 0.0, 0.8225),
        Relation("handle:large", "top_panel", 1, HIGH, LOW, -0.0184, 0.8225),
        Relation("handle:small", "bottom_panel", 1, HIGH, LOW, -0.0187, 0.5013),
        Relation("handle:small", "door", 1, LOW, LOW, -0.0187, 0.0),
        Relation("handle:small", "door", 1, HIGH, LOW, 0.0, 0.0),
        Relation("handle:small", "plinth", 1, HIGH, LOW, -0.0293, 0.5183),
        Relation("handle:small", "side_panel", 1, HIGH, LOW, -0.0187, 0.4503),
        Relation("handle:small", "top_panel", 1, HIGH, LOW, -0.0187, 0.3115),
        Relation("leg", "back_board", 0, HIGH, HIGH, 0.0046, 0.6239, True),
        Relation("leg", "back_board", 2, HIGH, LOW, -0.0127, 0.6239),
        Relation("leg", "bottom_panel", 0, HIGH, HIGH, 0.0046, 0.0, True),
        Relation("leg", "bottom_panel", 1, HIGH, HIGH, -0.0125, 0.0, True),
        Relation("leg", "bottom_panel", 2, HIGH, LOW, 0.0045, 0.0),
        Relation("leg", "door", 0, HIGH, HIGH, -0.0088, 0.5901, True),
        Relation("leg", "door", 2, HIGH, LOW, 0.0, 0.5901),
        Relation("leg", "drawer", 0, HIGH, HIGH, -0.0081, 0.6408, True),
        Relation("leg", "drawer", 2, HIGH, LOW, -0.0036, 0.6408),
        Relation("leg", "floor", 2, LOW, LOW, 0.0, 0.0),
        Relation("leg", "side_panel", 0, HIGH, MIDDLE, -0.0036, 0.0, True),
        Relation("leg", "side_panel", 1, HIGH, HIGH, -0.0125, 0.0, True),
        Relation("leg", "side_panel", 2, HIGH, LOW, 0.0045, 0.0),
        Relation("leg", "top_panel", 0, HIGH, HIGH, 0.0046, 0.8877, True),
        Relation("leg", "top_panel", 1, HIGH, HIGH, -0.0125, 0.8877, True),
        Relation("plinth", "back_board", 0, LOW, LOW, 0.0, 0.0275),
        Relation("plinth", "back_board", 0, HIGH, HIGH, 0.0, 0.0275),
        Relation("plinth", "back_board", 1, HIGH, LOW, -0.0169, 0.0275),
        Relation("plinth", "back_board", 2, HIGH, LOW, -0.0178, 0.0275),
        Relation("plinth", "bottom_panel", 0, LOW, LOW, 0.0, 0.0),
        Relation("plinth", "bottom_panel", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("plinth", "bottom_panel", 1, LOW, LOW, 0.0094, 0.0),
        Relation("plinth", "bottom_panel", 2, HIGH, LOW, 0.0, 0.0),
        Relation("plinth", "door", 1, LOW, HIGH, 0.0096, 0.0145),
        Relation("plinth", "door", 2, HIGH, LOW, -0.0048, 0.0145),
        Relation("plinth", "drawer", 0, LOW, LOW, 0.013, 0.0134),
        Relation("plinth", "drawer", 0, HIGH, HIGH, -0.013, 0.0134),
        Relation("plinth", "drawer", 1, LOW, HIGH, 0.0093, 0.0134),
        Relation("plinth", "drawer", 2, HIGH, LOW, -0.0084, 0.0134),
        Relation("plinth", "floor", 2, LOW, LOW, 0.0, 0.0),
        Relation("plinth", "handle:large", 0, MIDDLE, MIDDLE, 0.0, 0.1476),
        Relation("plinth", "handle:large", 1, LOW, HIGH, 0.0279, 0.1476),
        Relation("plinth", "handle:small", 1, LOW, HIGH, 0.0289, 0.5183),
        Relation("plinth", "side_panel", 1, LOW, LOW, 0.0094, 0.0),
        Relation("plinth", "side_panel", 2, HIGH, LOW, -0.0, 0.0),
        Relation("plinth", "top_panel", 0, LOW, LOW, 0.0, 0.9319),
        Relation("plinth", "top_panel", 0, HIGH, HIGH, 0.0, 0.9319),
        Relation("plinth", "top_panel", 1, LOW, LOW, 0.0094, 0.9319),
        Relation("side_panel", "back_board", 0, LOW, HIGH, -0.0009, 0.0, True),
        Relation("side_panel", "back_board", 0, HIGH, HIGH, 0.0177, 0.0, True),
        Relation("side_panel", "back_board", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("side_panel", "back_board", 2, LOW, LOW, -0.0177, 0.0),
        Relation("side_panel", "back_board", 2, HIGH, HIGH, 0.0177, 0.0),
        Relation("side_panel", "bottom_panel", 0, LOW, HIGH, -0.0009, 0.0, True),
        Relation("side_panel", "bottom_panel", 0, HIGH, HIGH, 0.0177, 0.0, True),
        Relation("side_panel", "bottom_panel", 1, LOW, LOW, 0.0, 0.0),
        Relation("side_panel", "bottom_panel", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("side_panel", "bottom_panel", 2, LOW, LOW, 0.0, 0.0),
        Relation("side_panel", "door", 0, LOW, HIGH, -0.0148, 0.0, True),
        Relation("side_panel", "door", 0, HIGH, HIGH, 0.0039, 0.0, True),
        Relation("side_panel", "door", 1, LOW, HIGH, -0.0, 0.0),
        Relation("side_panel", "door", 2, LOW, LOW, -0.0047, 0.0),
        Relation("side_panel", "door", 2, HIGH, HIGH, 0.0047, 0.0),
        Relation("side_panel", "drawer", 0, LOW, HIGH, -0.0138, 0.0, True),
        Relation("side_panel", "drawer", 0, HIGH, HIGH, 0.0046, 0.0, True),
        Relation("side_panel", "drawer", 1, LOW, HIGH, 0.0, 0.0),
        Relation("side_panel", "handle:large", 1, LOW, HIGH, 0.0184, 0.4132),
        Relation("side_panel", "handle:small", 1, LOW, HIGH, 0.0188, 0.7822),
        Relation("side_panel", "leg", 0, LOW, HIGH, -0.0055, 0.0, True),
        Relation("side_panel", "leg", 0, HIGH, HIGH, 0.0125, 0.0, True),
        Relation("side_panel", "leg", 2, LOW, HIGH, -0.0045, 0.0),
        Relation("side_panel", "plinth", 0, LOW, HIGH, -0.0009, 0.0, True),
        Relation("side_panel", "plinth", 0, HIGH, HIGH, 0.0178, 0.0, True),
        Relation("side_panel", "plinth", 1, LOW, LOW, -0.0094, 0.0),
        Relation("side_panel", "plinth", 2, LOW, HIGH, 0.0, 0.0),
        Relation("side_panel", "top_panel", 0, LOW, HIGH, -0.0009, 0.0, True),
        Relation("side_panel", "top_panel", 0, HIGH, HIGH, 0.0177, 0.0, True),
        Relation("side_panel", "top_panel", 1, LOW, LOW, 0.0, 0.0),
        Relation("side_panel", "top_panel", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("side_panel", "top_panel", 2, HIGH, HIGH, -0.0, 0.0),
        Relation("top_panel", "back_board", 0, LOW, LOW, 0.0, 0.0),
        Relation("top_panel", "back_board", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("top_panel", "back_board", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("top_panel", "back_board", 2, LOW, HIGH, -0.0009, 0.0),
        Relation("top_panel", "back_board", 2, HIGH, HIGH, 0.0177, 0.0),
        Relation("top_panel", "bottom_panel", 0, LOW, LOW, 0.0, 0.9149),
        Relation("top_panel", "bottom_panel", 0, HIGH, HIGH, 0.0, 0.9149),
        Relation("top_panel", "bottom_panel", 1, LOW, LOW, 0.0, 0.9149),
        Relation("top_panel", "bottom_panel", 1, HIGH, HIGH, 0.0, 0.9149),
        Relation("top_panel", "door", 1, LOW, HIGH, -0.0, 0.0),
        Relation("top_panel", "door", 2, LOW, HIGH, -0.0141, 0.0),
        Relation("top_panel", "door", 2, HIGH, HIGH, 0.0047, 0.0),
        Relation("top_panel", "drawer", 0, LOW, LOW, 0.0129, 0.0),
        Relation("top_panel", "drawer", 0, HIGH, HIGH, -0.0129, 0.0),
        Relation("top_panel", "drawer", 1, LOW, HIGH, 0.0, 0.0),
        Relation("top_panel", "drawer", 2, LOW, HIGH, -0.0101, 0.0),
        Relation("top_panel", "drawer", 2, HIGH, HIGH, 0.0083, 0.0),
        Relation("top_panel", "handle:large", 0, MIDDLE, MIDDLE, 0.0, 0.1208),
        Relation("top_panel", "handle:large", 1, LOW, HIGH, 0.0184, 0.1208),
        Relation("top_panel", "handle:small", 1, LOW, HIGH, 0.0188, 0.3115),
        Relation("top_panel", "plinth", 0, LOW, LOW, 0.0, 0.9319),
        Relation("top_panel", "plinth", 0, HIGH, HIGH, 0.0, 0.9319),
        Relation("top_panel", "plinth", 1, LOW, LOW, -0.0094, 0.9319),
        Relation("top_panel", "side_panel", 1, LOW, LOW, 0.0, 0.0),
        Relation("top_panel", "side_panel", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("top_panel", "side_panel", 2, LOW, HIGH, -0.0186, 0.0),
        Relation("top_panel", "side_panel", 2, HIGH, HIGH, 0.0, 0.0),
    ),
    "chair": (
        Relation("arm_support", "armrest", 0, LOW, LOW, 0.0107, 0.0),
        Relation("arm_support", "armrest", 0, HIGH, HIGH, -0.0107, 0.0),
        Relation("arm_support", "armrest", 1, LOW, LOW, 0.0295, 0.0),
        Relation("arm_support", "armrest", 2, HIGH, MIDDLE, 0.0, 0.0),
        Relation("arm_support", "back_post", 0, LOW, HIGH, -0.0134, 0.5301, True),
        Relation("arm_support", "back_post", 0, HIGH, HIGH, 0.0134, 0.5301, True),
        Relation("arm_support", "back_slat", 2, LOW, LOW, 0.0052, 0.5428),
        Relation("arm_support", "leg", 1, HIGH, HIGH, -0.0128, 0.0337),
        Relation("arm_support", "seat", 2, LOW, HIGH, -0.0, 0.0),
        Relation("armrest", "arm_support", 0, LOW, LOW, -0.0107, 0.0),
        Relation("armrest", "arm_support", 0, HIGH, HIGH, 0.0107, 0.0),
        Relation("armrest", "arm_support", 1, LOW, LOW, -0.0295, 0.0),
        Relation("armrest", "arm_support", 2, LOW, HIGH, -0.0134, 0.0),
        Relation("armrest", "arm_support", 2, HIGH, HIGH, 0.0134, 0.0),
        Relation("armrest", "back_post", 0, LOW, MIDDLE, -0.0053, 0.0, True),
        Relation("armrest", "back_post", 0, HIGH, HIGH, 0.0241, 0.0, True),
        Relation("armrest", "back_post", 1, HIGH, MIDDLE, 0.0, 0.0),
        Relation("armrest", "back_rail", 0, LOW, HIGH, 0.0144, 0.3084, True),
        Relation("armrest", "back_rail", 1, HIGH, MIDDLE, 0.0, 0.3084),
        Relation("armrest", "back_slat", 1, HIGH, MIDDLE, 0.0, 0.1322),
        Relation("armrest", "seat", 1, MIDDLE, MIDDLE, -0.0214, 0.2707),
        Relation("back_panel", "back_post", 1, LOW, MIDDLE, -0.0126, 0.0),
        Relation("back_panel", "back_post", 1, HIGH, MIDDLE, 0.0126, 0.0),
        Relation("back_panel", "back_post", 2, HIGH, HIGH, -0.0, 0.0),
        Relation("back_panel", "seat", 0, MIDDLE, MIDDLE, 0.0, 0.1155),
        Relation("back_post", "arm_support", 0, HIGH, MIDDLE, 0.0, 0.5301, True),
        Relation("back_post", "armrest", 0, LOW, LOW, -0.0157, 0.0, True),
        Relation("back_post", "armrest", 0, HIGH, MIDDLE, 0.0, 0.0, True),
        Relation("back_post", "armrest", 1, LOW, HIGH, -0.0207, 0.0),
        Relation("back_post", "armrest", 1, HIGH, HIGH, 0.0207, 0.0),
        Relation("back_post", "back_panel", 0, LOW, HIGH, -0.0025, 0.0, True),
        Relation("back_post", "back_panel", 1, LOW, LOW, -0.01, 0.0),
        Relation("back_post", "back_panel", 1, HIGH, HIGH, 0.01, 0.0),
        Relation("back_post", "back_panel", 2, HIGH, HIGH, 0.0, 0.0),
        Relation("back_post", "back_rail", 0, LOW, HIGH, -0.0021, 0.0, True),
        Relation("back_post", "back_rail", 1, LOW, LOW, -0.0073, 0.0),
        Relation("back_post", "back_rail", 1, HIGH, HIGH, 0.0073, 0.0),
        Relation("back_post", "back_slat", 1, LOW, LOW, -0.0128, 0.1192),
        Relation("back_post", "back_slat", 1, HIGH, HIGH, 0.0128, 0.1192),
        Relation("back_post", "back_slat", 2, MIDDLE, MIDDLE, 0.0107, 0.1192),
        Relation("back_post", "leg", 0, LOW, LOW, 0.0076, 0.0, True),
        Relation("back_post", "leg", 1, LOW, LOW, 0.0076, 0.0),
        Relation("back_post", "seat", 2, LOW, LOW, 0.0, 0.0),
        Relation("back_post", "stretcher", 0, LOW, LOW, -0.0085, 0.3867),
        Relation("back_post", "stretcher", 0, HIGH, HIGH, 0.0085, 0.3867),
        Relation("back_post", "stretcher", 1, LOW, HIGH, -0.0208, 0.3867),
        Relation("back_post", "stretcher", 1, HIGH, HIGH, 0.0208, 0.3867),
        Relation("back_rail", "armrest", 1, LOW, HIGH, -0.0128, 0.3084),
        Relation("back_rail", "armrest", 1, HIGH, HIGH, 0.0128, 0.3084),
        Relation("back_rail", "back_post", 1, LOW, MIDDLE, -0.0128, 0.0),
        Relation("back_rail", "back_post", 1, HIGH, MIDDLE, 0.0128, 0.0),
        Relation("back_rail", "back_slat", 1, LOW, LOW, -0.0062, 0.0),
        Relation("back_rail", "back_slat", 1, HIGH, HIGH, 0.0062, 0.0),
        Relation("back_rail", "back_slat", 2, LOW, HIGH, -0.0055, 0.0),
        Relation("back_rail", "seat", 0, MIDDLE, MIDDLE, 0.0, 0.5192),
        Relation("back_rail", "stretcher", 1, LOW, HIGH, -0.0124, 0.7971),
        Relation("back_rail", "stretcher", 1, HIGH, HIGH, 0.0124, 0.7971),
        Relation("back_rail#1", "back_post", 2, HIGH, HIGH, 0.0, 0.0),
        Relation("back_slat", "arm_support", 2, LOW, LOW, -0.0052, 0.5428),
        Relation("back_slat", "armrest", 1, LOW, HIGH, -0.0082, 0.2898),
        Relation("back_slat", "armrest", 1, HIGH, HIGH, 0.0082, 0.2898),
        Relation("back_slat", "back_post", 1, LOW, MIDDLE, -0.0082, 0.2836),
        Relation("back_slat", "back_post", 1, HIGH, MIDDLE, 0.0082, 0.2836),
        Relation("back_slat", "back_post", 2, MIDDLE, MIDDLE, -0.0106, 0.2836),
        Relation("back_slat", "back_rail", 1, LOW, LOW, 0.0062, 0.0),
        Relation("back_slat", "back_rail", 1, HIGH, HIGH, -0.0062, 0.0),
        Relation("back_slat", "back_rail", 2, HIGH, LOW, 0.0056, 0.0),
        Relation("back_slat", "seat", 2, LOW, HIGH, -0.0056, 0.0),
        Relation("back_slat", "stretcher", 1, LOW, HIGH, -0.0085, 0.4399),
        Relation("back_slat", "stretcher", 1, HIGH, HIGH, 0.0085, 0.4399),
        Relation("leg", "back_panel", 0, LOW, HIGH, -0.0107, 0.5024, True),
        Relation("leg", "back_post", 0, LOW, LOW, -0.0076, 0.543, True),
        Relation("leg", "back_rail", 0, LOW, HIGH, -0.0093, 0.5504, True),
        Relation("leg", "floor", 2, LOW, LOW, 0.0, 0.0),
        Relation("leg", "stretcher", 0, LOW, LOW, -0.0158, 0.0),
        Relation("leg", "stretcher", 0, HIGH, HIGH, 0.0158, 0.0),
        Relation("leg", "stretcher", 1, MIDDLE, HIGH, -0.0, 0.0, True),
        Relation("seat", "arm_support", 2, HIGH, LOW, 0.0, 0.0),
        Relation("seat", "armrest", 1, MIDDLE, MIDDLE, 0.0214, 0.2707),
        Relation("seat", "back_panel", 0, MIDDLE, MIDDLE, 0.0, 0.1155),
        Relation("seat", "back_post", 2, LOW, LOW, -0.0, 0.0),
        Relation("seat", "back_rail", 0, MIDDLE, MIDDLE, 0.0, 0.5192),
        Relation("seat", "back_slat", 2, HIGH, LOW, 0.0055, 0.0),
        Relation("seat", "stretcher", 1, MIDDLE, MIDDLE, 0.0, 0.3867),
        Relation("stretcher", "back_post", 0, LOW, MIDDLE, -0.0106, 0.3867),
        Relation("stretcher", "back_post", 0, HIGH, MIDDLE, 0.0106, 0.3867),
        Relation("stretcher", "back_post", 1, HIGH, MIDDLE, 0.0, 0.3867),
        Relation("stretcher", "back_rail", 0, LOW, HIGH, 0.0058, 0.7814, True),
        Relation("stretcher", "back_rail", 0, HIGH, HIGH, 0.0309, 0.7814, True),
        Relation("stretcher", "back_rail", 1, HIGH, MIDDLE, 0.0, 0.7814),
        Relation("stretcher", "back_slat", 1, HIGH, MIDDLE, 0.0, 0.4399),
        Relation("stretcher", "leg", 0, LOW, MIDDLE, -0.0106, 0.0),
        Relation("stretcher", "leg", 0, HIGH, MIDDLE, 0.0106, 0.0),
        Relation("stretcher", "seat", 1, MIDDLE, MIDDLE, 0.0, 0.3867),
    ),
    "desk": (
        Relation("drawer", "handle", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("drawer", "handle", 1, LOW, HIGH, -0.0011, 0.0),
        Relation("drawer", "handle", 1, HIGH, HIGH, 0.0175, 0.0),
        Relation("drawer", "handle", 2, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("drawer", "leg", 1, LOW, LOW, -0.0063, 0.7105),
        Relation("drawer", "leg", 1, HIGH, MIDDLE, -0.0054, 0.7105),
        Relation("drawer", "modesty_panel", 0, HIGH, HIGH, 0.0115, 0.6616, True),
        Relation("drawer", "side_panel:large", 0, LOW, LOW, 0.0112, 0.0),
        Relation("drawer", "side_panel:large", 0, HIGH, HIGH, -0.0112, 0.0),
        Relation("drawer", "side_panel:large", 1, LOW, LOW, -0.0168, 0.0),
        Relation("drawer", "side_panel:large", 1, HIGH, LOW, 0.0019, 0.0),
        Relation("drawer", "side_panel:small", 1, LOW, LOW, -0.0172, 0.7232),
        Relation("drawer", "side_panel:small", 1, HIGH, LOW, 0.0019, 0.7232),
        Relation("drawer", "tabletop", 0, HIGH, HIGH, -0.0261, 0.506, True),
        Relation("drawer", "tabletop", 1, LOW, LOW, 0.0056, 0.506),
        Relation("drawer", "tabletop", 1, HIGH, LOW, 0.0242, 0.506),
        Relation("handle", "drawer", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("handle", "drawer", 1, LOW, LOW, -0.0123, 0.0),
        Relation("handle", "drawer", 1, HIGH, LOW, 0.0011, 0.0),
        Relation("handle", "drawer", 2, LOW, MIDDLE, -0.0056, 0.0),
        Relation("handle", "drawer", 2, HIGH, MIDDLE, 0.0056, 0.0),
        Relation("handle", "leg", 1, LOW, LOW, -0.017, 0.7848),
        Relation("handle", "leg", 1, HIGH, LOW, -0.0053, 0.7848),
        Relation("handle", "side_panel:large", 0, MIDDLE, MIDDLE, 0.0, 0.0203),
        Relation("handle", "side_panel:large", 1, LOW, LOW, -0.0291, 0.0203),
        Relation("handle", "side_panel:large", 1, HIGH, LOW, -0.0157, 0.0203),
        Relation("handle", "side_panel:small", 1, LOW, LOW, -0.0298, 0.8035),
        Relation("handle", "side_panel:small", 1, HIGH, LOW, -0.0161, 0.8035),
        Relation("handle", "tabletop", 1, LOW, LOW, -0.0067, 0.5748),
        Relation("handle", "tabletop", 1, HIGH, LOW, 0.0067, 0.5748),
        Relation("leg", "floor", 2, LOW, LOW, 0.0006, 0.001),
        Relation("leg", "side_panel:large", 1, HIGH, HIGH, 0.0117, 0.701, True),
        Relation("leg", "side_panel:large", 2, LOW, LOW, 0.0007, 0.701),
        Relation("leg", "side_panel:large", 2, HIGH, HIGH, 0.0029, 0.701),
        Relation("leg", "tabletop", 0, HIGH, HIGH, -0.0112, 0.0, True),
        Relation("leg", "tabletop", 1, HIGH, HIGH, -0.0112, 0.0, True),
        Relation("leg", "tabletop", 2, HIGH, LOW, 0.0038, 0.0),
        Relation("modesty_panel", "side_panel:large", 1, LOW, HIGH, -0.0224, 0.0),
        Relation("modesty_panel", "side_panel:large", 1, HIGH, HIGH, -0.0075, 0.0),
        Relation("modesty_panel", "side_panel:large", 2, HIGH, HIGH, -0.0194, 0.0),
        Relation("modesty_panel", "side_panel:small", 1, LOW, HIGH, -0.0222, 0.0193),
        Relation("modesty_panel", "side_panel:small", 1, HIGH, HIGH, -0.0074, 0.0193),
        Relation("modesty_panel", "side_panel:small", 2, HIGH, HIGH, -0.0193, 0.0193),
        Relation("modesty_panel", "tabletop", 0, MIDDLE, MIDDLE, 0.0, 0.0241),
        Relation("modesty_panel", "tabletop", 1, HIGH, HIGH, -0.0297, 0.0241),
        Relation("modesty_panel", "tabletop", 2, HIGH, LOW, -0.0185, 0.0241),
        Relation("side_panel:large", "drawer", 0, LOW, LOW, -0.0112, 0.0),
        Relation("side_panel:large", "drawer", 0, HIGH, HIGH, 0.0112, 0.0),
        Relation("side_panel:large", "drawer", 1, LOW, HIGH, -0.0019, 0.0),
        Relation("side_panel:large", "floor", 2, LOW, LOW, 0.0, 0.0),
        Relation("side_panel:large", "handle", 0, MIDDLE, MIDDLE, 0.0, 0.0203),
        Relation("side_panel:large", "handle", 1, LOW, HIGH, 0.0156, 0.0203),
        Relation("side_panel:large", "leg", 2, LOW, LOW, -0.0007, 0.701),
        Relation("side_panel:large", "leg", 2, HIGH, HIGH, -0.0029, 0.701),
        Relation("side_panel:large", "modesty_panel", 0, HIGH, HIGH, 0.0224, 0.0, True),
        Relation("side_panel:large", "modesty_panel", 1, HIGH, HIGH, 0.0075, 0.0),
        Relation("side_panel:large", "modesty_panel", 2, HIGH, HIGH, 0.0194, 0.0),
        Relation("side_panel:large", "side_panel:small", 1, LOW, LOW, 0.0, 0.7138),
        Relation("side_panel:large", "side_panel:small", 1, HIGH, HIGH, 0.0, 0.7138),
        Relation("side_panel:large", "side_panel:small", 2, LOW, LOW, 0.0, 0.7138),
        Relation("side_panel:large", "side_panel:small", 2, HIGH, HIGH, 0.0, 0.7138),
        Relation("side_panel:large", "tabletop", 0, HIGH, HIGH, -0.0149, 0.0, True),
        Relation("side_panel:large", "tabletop", 1, LOW, LOW, 0.0223, 0.0),
        Relation("side_panel:large", "tabletop", 1, HIGH, HIGH, -0.0223, 0.0),
        Relation("side_panel:large", "tabletop", 2, HIGH, LOW, 0.0007, 0.0),
        Relation("side_panel:small", "drawer", 1, LOW, HIGH, -0.0019, 0.7232),
        Relation("side_panel:small", "floor", 2, LOW, LOW, 0.0, 0.0),
        Relation("side_panel:small", "handle", 1, LOW, HIGH, 0.0157, 0.8035),
        Relation("side_panel:small", "modesty_panel", 0, LOW, HIGH, 0.0147, 0.0193, True),
        Relation("side_panel:small", "modesty_panel", 0, HIGH, HIGH, 0.0367, 0.0193, True),
        Relation("side_panel:small", "modesty_panel", 1, HIGH, HIGH, 0.0073, 0.0193),
        Relation("side_panel:small", "modesty_panel", 2, HIGH, HIGH, 0.0191, 0.0193),
        Relation("side_panel:small", "side_panel:large", 1, LOW, LOW, 0.0, 0.7138),
        Relation("side_panel:small", "side_panel:large", 1, HIGH, HIGH, 0.0, 0.7138),
        Relation("side_panel:small", "side_panel:large", 2, LOW, LOW, 0.0, 0.7138),
        Relation("side_panel:small", "side_panel:large", 2, HIGH, HIGH, 0.0, 0.7138),
        Relation("side_panel:small", "tabletop", 0, LOW, HIGH, -0.022, 0.0, True),
        Relation("side_panel:small", "tabletop", 0, HIGH, HIGH, 0.0, 0.0, True),
        Relation("side_panel:small", "tabletop", 1, LOW, LOW, 0.022, 0.0),
        Relation("side_panel:small", "tabletop", 1, HIGH, HIGH, -0.022, 0.0),
        Relation("side_panel:small", "tabletop", 2, HIGH, LOW, 0.0007, 0.0),
        Relation("tabletop", "drawer", 1, LOW, LOW, -0.0056, 0.0154),
        Relation("tabletop", "drawer", 2, LOW, HIGH, 0.0119, 0.0154),
        Relation("tabletop", "handle", 1, LOW, MIDDLE, 0.0, 0.3063),
        Relation("tabletop", "leg", 2, LOW, HIGH, -0.0037, 0.0),
        Relation("tabletop", "leg", 2, HIGH, HIGH, 0.0227, 0.0),
        Relation("tabletop", "modesty_panel", 0, MIDDLE, MIDDLE, 0.0, 0.0241),
        Relation("tabletop", "modesty_panel", 1, HIGH, HIGH, 0.0297, 0.0241),
        Relation("tabletop", "modesty_panel", 2, LOW, HIGH, 0.0185, 0.0241),
        Relation("tabletop", "side_panel:large", 1, LOW, LOW, -0.0223, 0.0),
        Relation("tabletop", "side_panel:large", 1, HIGH, HIGH, 0.0223, 0.0),
        Relation("tabletop", "side_panel:large", 2, LOW, HIGH, -0.0007, 0.0),
        Relation("tabletop", "side_panel:small", 1, LOW, LOW, -0.0222, 0.0),
        Relation("tabletop", "side_panel:small", 1, HIGH, HIGH, 0.0222, 0.0),
        Relation("tabletop", "side_panel:small", 2, LOW, HIGH, -0.0007, 0.0),
    ),
    "lamp": (
        Relation("bulb", "lamp_base", 0, MIDDLE, MIDDLE, 0.0, 0.8611),
        Relation("bulb", "lamp_pole:large", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("bulb", "lamp_pole:small", 0, MIDDLE, LOW, 0.0069, 0.0),
        Relation("bulb", "lamp_pole:small", 1, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("bulb", "lampshade", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("bulb", "lampshade", 1, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("lamp_base", "bulb", 0, MIDDLE, MIDDLE, 0.0, 0.8611),
        Relation("lamp_base", "floor", 2, LOW, LOW, 0.0, 0.0),
        Relation("lamp_base", "lamp_pole:large", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("lamp_base", "lamp_pole:large", 2, HIGH, LOW, 0.01, 0.0),
        Relation("lamp_base", "lamp_pole:small", 0, MIDDLE, LOW, 0.0069, 0.8807),
        Relation("lamp_base", "lamp_pole:small", 1, MIDDLE, MIDDLE, 0.0, 0.8807),
        Relation("lamp_base", "lampshade", 0, MIDDLE, MIDDLE, 0.0, 0.8308),
        Relation("lamp_pole:large", "bulb", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("lamp_pole:large", "lamp_base", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("lamp_pole:large", "lamp_base", 2, LOW, HIGH, -0.01, 0.0),
        Relation("lamp_pole:large", "lamp_pole:small", 0, LOW, LOW, -0.0138, 0.0),
        Relation("lamp_pole:large", "lamp_pole:small", 1, LOW, LOW, -0.0128, 0.0),
        Relation("lamp_pole:large", "lamp_pole:small", 1, HIGH, HIGH, 0.0128, 0.0),
        Relation("lamp_pole:large", "lamp_pole:small", 2, HIGH, HIGH, 0.0086, 0.0),
        Relation("lamp_pole:large", "lampshade", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("lamp_pole:small", "bulb", 0, LOW, MIDDLE, -0.0069, 0.0),
        Relation("lamp_pole:small", "bulb", 1, LOW, MIDDLE, -0.0084, 0.0),
        Relation("lamp_pole:small", "bulb", 1, HIGH, MIDDLE, 0.0084, 0.0),
        Relation("lamp_pole:small", "lamp_base", 0, LOW, MIDDLE, -0.0069, 0.8807),
        Relation("lamp_pole:small", "lamp_base", 1, LOW, MIDDLE, -0.0084, 0.8807),
        Relation("lamp_pole:small", "lamp_base", 1, HIGH, MIDDLE, 0.0084, 0.8807),
        Relation("lamp_pole:small", "lamp_pole:large", 0, LOW, MIDDLE, -0.0069, 0.0),
        Relation("lamp_pole:small", "lamp_pole:large", 1, LOW, MIDDLE, -0.0084, 0.0),
        Relation("lamp_pole:small", "lamp_pole:large", 1, HIGH, MIDDLE, 0.0084, 0.0),
        Relation("lamp_pole:small", "lamp_pole:large", 2, HIGH, HIGH, -0.0086, 0.0),
        Relation("lamp_pole:small", "lampshade", 0, LOW, MIDDLE, -0.0069, 0.0),
        Relation("lamp_pole:small", "lampshade", 1, LOW, MIDDLE, -0.0084, 0.0),
        Relation("lamp_pole:small", "lampshade", 1, HIGH, MIDDLE, 0.0084, 0.0),
        Relation("lampshade", "bulb", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("lampshade", "bulb", 1, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("lampshade", "lamp_base", 0, MIDDLE, MIDDLE, 0.0, 0.8308),
        Relation("lampshade", "lamp_pole:large", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("lampshade", "lamp_pole:small", 0, MIDDLE, LOW, 0.0069, 0.0),
        Relation("lampshade", "lamp_pole:small", 1, MIDDLE, MIDDLE, 0.0, 0.0),
    ),
    "mug": (
        Relation("body", "saucer", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("body", "saucer", 1, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("body", "saucer", 2, LOW, HIGH, -0.0109, 0.0),
        Relation("body", "vessel_handle", 1, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("body", "vessel_handle", 2, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("saucer", "body", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("saucer", "body", 1, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("saucer", "body", 2, HIGH, LOW, 0.0109, 0.0),
        Relation("saucer", "floor", 2, LOW, LOW, 0.0, 0.0),
        Relation("saucer", "vessel_handle", 1, MIDDLE, MIDDLE, 0.0, 0.1468),
        Relation("vessel_handle", "body", 1, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("vessel_handle", "body", 2, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("vessel_handle", "saucer", 1, LOW, MIDDLE, -0.0272, 0.1468),
        Relation("vessel_handle", "saucer", 1, HIGH, MIDDLE, 0.0272, 0.1468),
    ),
    "office_chair": (
        Relation("arm_support", "armrest", 0, LOW, MIDDLE, -0.0168, 0.0),
        Relation("arm_support", "armrest", 0, HIGH, MIDDLE, 0.0168, 0.0),
        Relation("arm_support", "armrest", 1, LOW, MIDDLE, 0.0, 0.0),
        Relation("arm_support", "armrest", 2, HIGH, MIDDLE, 0.0, 0.0),
        Relation("arm_support", "back_panel", 0, LOW, HIGH, 0.0078, 0.1834, True),
        Relation("arm_support", "base_spoke:large", 1, LOW, LOW, 0.0289, 0.4856),
        Relation("arm_support", "base_spoke:large", 1, HIGH, MIDDLE, -0.0056, 0.4856),
        Relation("arm_support", "base_spoke:small", 1, LOW, LOW, 0.0216, 0.4891),
        Relation("arm_support", "gas_lift", 1, LOW, MIDDLE, 0.0, 0.299),
        Relation("arm_support", "gas_lift", 1, HIGH, HIGH, 0.0168, 0.299),
        Relation("arm_support", "gas_lift", 2, LOW, HIGH, 0.0112, 0.299),
        Relation("arm_support", "seat", 0, LOW, HIGH, -0.0056, 0.0, True),
        Relation("arm_support", "seat", 0, HIGH, HIGH, 0.028, 0.0, True),
        Relation("arm_support", "seat", 1, LOW, MIDDLE, -0.0, 0.0),
        Relation("arm_support", "seat", 2, LOW, LOW, 0.0224, 0.0),
        Relation("armrest", "arm_support", 0, LOW, LOW, -0.0224, 0.0),
        Relation("armrest", "arm_support", 0, HIGH, HIGH, 0.0224, 0.0),
        Relation("armrest", "arm_support", 1, MIDDLE, LOW, 0.0, 0.0),
        Relation("armrest", "arm_support", 2, LOW, HIGH, -0.0168, 0.0),
        Relation("armrest", "arm_support", 2, HIGH, HIGH, 0.0168, 0.0),
        Relation("armrest", "back_panel", 0, LOW, HIGH, -0.0138, 0.0732, True),
        Relation("armrest", "base_spoke:large", 1, MIDDLE, LOW, 0.0289, 0.8063),
        Relation("armrest", "base_spoke:small", 1, MIDDLE, LOW, 0.0216, 0.8097),
        Relation("armrest", "gas_lift", 1, MIDDLE, MIDDLE, 0.0, 0.3535),
        Relation("armrest", "seat", 0, LOW, HIGH, -0.028, 0.2635, True),
        Relation("armrest", "seat", 1, MIDDLE, MIDDLE, 0.0, 0.2635),
        Relation("back_panel", "base_spoke:small", 0, MIDDLE, MIDDLE, -0.0, 0.5556),
        Relation("back_panel", "caster", 0, MIDDLE, MIDDLE, -0.0, 0.5654),
        Relation("back_panel", "gas_lift", 0, MIDDLE, MIDDLE, 0.0, 0.214),
        Relation("back_panel", "headrest", 0, MIDDLE, MIDDLE, 0.0, 0.0039),
        Relation("back_panel", "headrest", 1, HIGH, LOW, 0.0443, 0.0039),
        Relation("back_panel", "headrest", 2, HIGH, LOW, 0.0007, 0.0039),
        Relation("back_panel", "seat", 0, LOW, LOW, 0.0135, 0.0),
        Relation("back_panel", "seat", 0, HIGH, HIGH, -0.0135, 0.0),
        Relation("back_panel", "seat", 2, LOW, HIGH, -0.0046, 0.0),
        Relation("base_spoke:large", "back_panel", 0, LOW, MIDDLE, -0.0259, 0.5546, True),
        Relation("base_spoke:large", "base_spoke:small", 0, LOW, LOW, -0.0059, 0.0, True),
        Relation("base_spoke:large", "base_spoke:small", 2, LOW, LOW, -0.0017, 0.0),
        Relation("base_spoke:large", "base_spoke:small", 2, HIGH, HIGH, 0.0017, 0.0),
        Relation("base_spoke:large", "caster", 0, HIGH, HIGH, -0.0017, 0.0, True),
        Relation("base_spoke:large", "caster", 1, HIGH, HIGH, -0.0011, 0.0, True),
        Relation("base_spoke:large", "caster", 2, LOW, HIGH, -0.0119, 0.0),
        Relation("base_spoke:large", "gas_lift", 0, LOW, LOW, 0.0009, 0.0, True),
        Relation("base_spoke:large", "gas_lift", 2, LOW, LOW, -0.0228, 0.0),
        Relation("base_spoke:large", "headrest", 0, LOW, MIDDLE, -0.0205, 0.8367, True),
        Relation("base_spoke:large", "seat", 0, LOW, MIDDLE, -0.0259, 0.4638, True),
        Relation("base_spoke:small", "arm_support", 1, LOW, LOW, -0.0216, 0.4891),
        Relation("base_spoke:small", "armrest", 1, LOW, MIDDLE, -0.0216, 0.8097),
        Relation("base_spoke:small", "back_panel", 0, LOW, MIDDLE, -0.0201, 0.5556),
        Relation("base_spoke:small", "back_panel", 0, HIGH, MIDDLE, 0.0201, 0.5556),
        Relation("base_spoke:small", "base_spoke:large", 1, LOW, LOW, 0.0072, 0.0),
        Relation("base_spoke:small", "base_spoke:large", 2, LOW, LOW, 0.0031, 0.0),
        Relation("base_spoke:small", "base_spoke:large", 2, HIGH, HIGH, -0.0031, 0.0),
        Relation("base_spoke:small", "caster", 0, LOW, LOW, 0.0136, 0.0),
        Relation("base_spoke:small", "caster", 0, HIGH, HIGH, -0.0136, 0.0),
        Relation("base_spoke:small", "caster", 1, HIGH, HIGH, 0.0081, 0.0),
        Relation("base_spoke:small", "caster", 2, LOW, HIGH, -0.0104, 0.0),
        Relation("base_spoke:small", "gas_lift", 0, LOW, LOW, 0.0078, 0.0),
        Relation("base_spoke:small", "gas_lift", 0, HIGH, HIGH, -0.0078, 0.0),
        Relation("base_spoke:small", "gas_lift", 1, LOW, LOW, 0.0065, 0.0),
        Relation("base_spoke:small", "gas_lift", 2, LOW, LOW, -0.0215, 0.0),
        Relation("base_spoke:small", "headrest", 0, LOW, MIDDLE, -0.0152, 0.8374),
        Relation("base_spoke:small", "headrest", 0, HIGH, MIDDLE, 0.0152, 0.8374),
        Relation("base_spoke:small", "seat", 0, LOW, MIDDLE, -0.0201, 0.4648),
        Relation("base_spoke:small", "seat", 0, HIGH, MIDDLE, 0.0201, 0.4648),
        Relation("base_spoke:small", "seat", 1, LOW, MIDDLE, -0.0215, 0.4648),
        Relation("caster", "base_spoke:large", 2, HIGH, LOW, 0.012, 0.2495),
        Relation("caster", "base_spoke:small", 2, HIGH, LOW, 0.0104, 0.3606),
        Relation("caster", "floor", 2, LOW, LOW, 0.0, 0.0),
        Relation("caster", "gas_lift", 2, HIGH, LOW, -0.0113, 0.384),
        Relation("gas_lift", "arm_support", 1, LOW, LOW, -0.028, 0.299),
        Relation("gas_lift", "arm_support", 1, HIGH, MIDDLE, 0.0056, 0.299),
        Relation("gas_lift", "arm_support", 2, HIGH, LOW, -0.0112, 0.299),
        Relation("gas_lift", "armrest", 1, LOW, MIDDLE, -0.028, 0.3535),
        Relation("gas_lift", "armrest", 1, HIGH, MIDDLE, 0.028, 0.3535),
        Relation("gas_lift", "back_panel", 0, LOW, MIDDLE, -0.028, 0.214),
        Relation("gas_lift", "back_panel", 0, HIGH, MIDDLE, 0.028, 0.214),
        Relation("gas_lift", "base_spoke:large", 2, LOW, MIDDLE, -0.0112, 0.0),
        Relation("gas_lift", "base_spoke:small", 0, LOW, LOW, -0.0078, 0.0),
        Relation("gas_lift", "base_spoke:small", 0, HIGH, HIGH, 0.0078, 0.0),
        Relation("gas_lift", "base_spoke:small", 1, LOW, LOW, -0.0065, 0.0),
        Relation("gas_lift", "base_spoke:small", 2, LOW, MIDDLE, -0.0112, 0.0),
        Relation("gas_lift", "caster", 2, LOW, HIGH, 0.0113, 0.2809),
        Relation("gas_lift", "headrest", 0, LOW, MIDDLE, -0.0212, 0.5638),
        Relation("gas_lift", "headrest", 0, HIGH, MIDDLE, 0.0212, 0.5638),
        Relation("gas_lift", "seat", 0, LOW, MIDDLE, -0.028, 0.0),
        Relation("gas_lift", "seat", 0, HIGH, MIDDLE, 0.028, 0.0),
        Relation("gas_lift", "seat", 1, LOW, MIDDLE, -0.028, 0.0),
        Relation("gas_lift", "seat", 1, HIGH, MIDDLE, 0.028, 0.0),
        Relation("gas_lift", "seat", 2, HIGH, LOW, 0.0112, 0.0),
        Relation("headrest", "back_panel", 0, MIDDLE, MIDDLE, 0.0, 0.0039),
        Relation("headrest", "back_panel", 1, LOW, HIGH, -0.0443, 0.0039),
        Relation("headrest", "back_panel", 1, HIGH, HIGH, 0.0286, 0.0039),
        Relation("headrest", "back_panel", 2, LOW, HIGH, -0.0007, 0.0039),
        Relation("headrest", "base_spoke:small", 0, MIDDLE, MIDDLE, -0.0, 0.8374),
        Relation("headrest", "gas_lift", 0, MIDDLE, MIDDLE, 0.0, 0.5638),
        Relation("headrest", "seat", 0, MIDDLE, MIDDLE, 0.0, 0.5042),
        Relation("seat", "arm_support", 1, MIDDLE, LOW, 0.0, 0.0),
        Relation("seat", "arm_support", 2, LOW, LOW, -0.0224, 0.0),
        Relation("seat", "armrest", 1, MIDDLE, MIDDLE, 0.0, 0.2635),
        Relation("seat", "back_panel", 0, LOW, LOW, -0.0135, 0.0),
        Relation("seat", "back_panel", 0, HIGH, HIGH, 0.0135, 0.0),
        Relation("seat", "back_panel", 2, HIGH, LOW, 0.0046, 0.0),
        Relation("seat", "base_spoke:small", 0, MIDDLE, MIDDLE, -0.0, 0.4648),
        Relation("seat", "base_spoke:small", 1, MIDDLE, LOW, 0.0215, 0.4648),
        Relation("seat", "gas_lift", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("seat", "gas_lift", 1, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("seat", "gas_lift", 2, LOW, HIGH, -0.0112, 0.0),
        Relation("seat", "headrest", 0, MIDDLE, MIDDLE, 0.0, 0.5042),
    ),
    "sofa": (
        Relation("arm", "armrest", 0, LOW, LOW, 0.0097, 0.0),
        Relation("arm", "armrest", 0, HIGH, HIGH, -0.0097, 0.0),
        Relation("arm", "armrest", 1, LOW, LOW, 0.0, 0.0),
        Relation("arm", "armrest", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("arm", "armrest", 2, HIGH, MIDDLE, -0.0, 0.0),
        Relation("arm", "back_cushion", 0, LOW, HIGH, 0.0014, 0.0018, True),
        Relation("arm", "back_cushion", 1, HIGH, HIGH, 0.0, 0.0018),
        Relation("arm", "back_cushion", 2, LOW, LOW, -0.0028, 0.0018),
        Relation("arm", "leg", 0, HIGH, HIGH, 0.0165, 0.1307, True),
        Relation("arm", "seat_base", 0, HIGH, HIGH, 0.0, 0.0, True),
        Relation("arm", "seat_base", 1, LOW, LOW, 0.0, 0.0),
        Relation("arm", "seat_base", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("arm", "seat_base", 2, LOW, HIGH, -0.0055, 0.0),
        Relation("arm", "seat_cushion", 0, LOW, HIGH, 0.0014, 0.0018, True),
        Relation("arm", "seat_cushion", 1, LOW, LOW, 0.0, 0.0018),
        Relation("arm", "seat_cushion", 2, LOW, LOW, -0.0028, 0.0018),
        Relation("armrest", "arm", 0, LOW, LOW, -0.0097, 0.0),
        Relation("armrest", "arm", 0, HIGH, HIGH, 0.0097, 0.0),
        Relation("armrest", "arm", 1, LOW, LOW, 0.0, 0.0),
        Relation("armrest", "arm", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("armrest", "arm", 2, MIDDLE, HIGH, 0.0, 0.0),
        Relation("armrest", "back_cushion", 0, LOW, HIGH, -0.0085, 0.0, True),
        Relation("armrest", "back_cushion", 1, HIGH, HIGH, -0.0, 0.0),
        Relation("armrest", "seat_base", 0, HIGH, HIGH, 0.0097, 0.1177, True),
        Relation("armrest", "seat_base", 1, LOW, LOW, 0.0, 0.1177),
        Relation("armrest", "seat_base", 1, HIGH, HIGH, 0.0, 0.1177),
        Relation("armrest", "seat_cushion", 0, LOW, HIGH, -0.0085, 0.028, True),
        Relation("armrest", "seat_cushion", 1, LOW, LOW, 0.0, 0.028),
        Relation("back_cushion", "arm", 1, HIGH, HIGH, 0.0, 0.2962),
        Relation("back_cushion", "arm", 2, LOW, LOW, 0.0024, 0.2962),
        Relation("back_cushion", "armrest", 1, HIGH, HIGH, 0.0, 0.2814),
        Relation("back_cushion", "leg", 1, HIGH, HIGH, 0.0159, 0.3285),
        Relation("back_cushion", "seat_base", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("back_cushion", "seat_base", 2, LOW, HIGH, -0.0024, 0.0),
        Relation("back_cushion", "seat_cushion", 0, LOW, LOW, 0.0, 0.0),
        Relation("back_cushion", "seat_cushion", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("back_cushion", "seat_cushion", 1, LOW, HIGH, -0.0096, 0.0),
        Relation("back_cushion", "seat_cushion", 2, LOW, LOW, -0.0, 0.0),
        Relation("back_cushion#2", "arm", 0, HIGH, LOW, -0.0016, 0.0018, True),
        Relation("back_cushion#2", "armrest", 0, HIGH, LOW, 0.011, 0.0, True),
        Relation("back_cushion#2", "seat_base", 0, LOW, MIDDLE, 0.0016, 0.0, True),
        Relation("leg", "arm", 0, HIGH, HIGH, -0.0165, 0.1307, True),
        Relation("leg", "arm", 1, HIGH, HIGH, -0.0165, 0.1307, True),
        Relation("leg", "armrest", 1, HIGH, HIGH, -0.0158, 0.2173, True),
        Relation("leg", "floor", 2, LOW, LOW, 0.0, 0.0),
        Relation("leg", "seat_base", 0, HIGH, HIGH, -0.0165, 0.0, True),
        Relation("leg", "seat_base", 1, HIGH, HIGH, -0.0165, 0.0, True),
        Relation("leg", "seat_base", 2, HIGH, LOW, 0.0049, 0.0),
        Relation("seat_base", "arm", 1, LOW, LOW, 0.0, 0.0),
        Relation("seat_base", "arm", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("seat_base", "arm", 2, HIGH, LOW, 0.0055, 0.0),
        Relation("seat_base", "armrest", 1, LOW, LOW, -0.0, 0.1177),
        Relation("seat_base", "armrest", 1, HIGH, HIGH, 0.0, 0.1177),
        Relation("seat_base", "back_cushion", 1, HIGH, HIGH, 0.0, 0.0),
        Relation("seat_base", "back_cushion", 2, HIGH, LOW, 0.0028, 0.0),
        Relation("seat_base", "leg", 2, LOW, HIGH, -0.0049, 0.0),
        Relation("seat_base", "seat_cushion", 1, LOW, LOW, 0.0, 0.0),
        Relation("seat_base", "seat_cushion", 2, HIGH, LOW, 0.0028, 0.0),
        Relation("seat_cushion", "arm", 1, LOW, LOW, 0.0, 0.2962),
        Relation("seat_cushion", "arm", 2, LOW, LOW, 0.0024, 0.2962),
        Relation("seat_cushion", "armrest", 1, LOW, LOW, -0.0, 0.2814),
        Relation("seat_cushion", "back_cushion", 0, LOW, LOW, 0.0, 0.0),
        Relation("seat_cushion", "back_cushion", 0, HIGH, HIGH, 0.0, 0.0),
        Relation("seat_cushion", "back_cushion", 1, HIGH, LOW, 0.0096, 0.0),
        Relation("seat_cushion", "back_cushion", 2, LOW, LOW, 0.0, 0.0),
        Relation("seat_cushion", "leg", 1, LOW, LOW, -0.0159, 0.3285),
        Relation("seat_cushion", "seat_base", 1, LOW, LOW, 0.0, 0.0),
        Relation("seat_cushion", "seat_base", 2, LOW, HIGH, -0.0024, 0.0),
        Relation("seat_cushion#2", "arm", 0, HIGH, LOW, -0.0016, 0.0018, True),
        Relation("seat_cushion#2", "armrest", 0, HIGH, LOW, 0.011, 0.028, True),
        Relation("seat_cushion#2", "seat_base", 0, LOW, MIDDLE, 0.0016, 0.0, True),
    ),
    "stool": (
        Relation("footrest", "seat", 0, MIDDLE, MIDDLE, 0.0, 0.5936),
        Relation("footrest", "seat", 1, MIDDLE, MIDDLE, 0.0, 0.5936),
        Relation("leg", "floor", 2, LOW, LOW, 0.0, 0.0019),
        Relation("leg", "seat", 2, HIGH, MIDDLE, 0.0, 0.0, square=True),
        Relation("seat", "footrest", 0, MIDDLE, MIDDLE, 0.0, 0.5936),
        Relation("seat", "footrest", 1, MIDDLE, MIDDLE, 0.0, 0.5936),
        Relation("seat", "leg", 2, MIDDLE, HIGH, 0.0, 0.0, square=True),
    ),
    "table": (
        Relation("apron:large", "apron:small", 1, LOW, HIGH, -0.0088, 0.0, True),
        Relation("apron:large", "apron:small", 1, HIGH, HIGH, 0.0088, 0.0, True),
        Relation("apron:large", "apron:small", 2, LOW, LOW, 0.0, 0.0),
        Relation("apron:large", "apron:small", 2, HIGH, HIGH, 0.0, 0.0),
        Relation("apron:large", "leg", 1, LOW, MIDDLE, -0.0088, 0.0),
        Relation("apron:large", "leg", 1, HIGH, MIDDLE, 0.0088, 0.0),
        Relation("apron:large", "leg", 2, HIGH, HIGH, -0.0026, 0.0),
        Relation("apron:large", "tabletop", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("apron:large", "tabletop", 2, HIGH, LOW, 0.0018, 0.0),
        Relation("apron:small", "apron:large", 0, LOW, HIGH, -0.0088, 0.0, True),
        Relation("apron:small", "apron:large", 0, HIGH, HIGH, 0.0088, 0.0, True),
        Relation("apron:small", "apron:large", 2, LOW, LOW, 0.0, 0.0),
        Relation("apron:small", "apron:large", 2, HIGH, HIGH, 0.0, 0.0),
        Relation("apron:small", "leg", 0, LOW, MIDDLE, -0.0088, 0.0),
        Relation("apron:small", "leg", 0, HIGH, MIDDLE, 0.0088, 0.0),
        Relation("apron:small", "leg", 2, HIGH, HIGH, -0.0026, 0.0),
        Relation("apron:small", "tabletop", 1, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("apron:small", "tabletop", 2, HIGH, LOW, 0.0018, 0.0),
        Relation("foot", "floor", 2, LOW, LOW, 0.0, 0.0),
        Relation("foot", "pedestal", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("foot", "pedestal", 1, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("foot", "pedestal", 2, HIGH, LOW, 0.0049, 0.0),
        Relation("foot", "tabletop", 0, MIDDLE, MIDDLE, 0.0, 0.9401),
        Relation("foot", "tabletop", 1, MIDDLE, MIDDLE, 0.0, 0.9401),
        Relation("leg", "apron:large", 0, MIDDLE, HIGH, -0.0, 0.0, True),
        Relation("leg", "apron:large", 1, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("leg", "apron:large", 2, HIGH, HIGH, 0.0026, 0.0),
        Relation("leg", "apron:small", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("leg", "apron:small", 1, MIDDLE, HIGH, 0.0, 0.0, True),
        Relation("leg", "apron:small", 2, HIGH, HIGH, 0.0026, 0.0),
        Relation("leg", "floor", 2, LOW, LOW, 0.0, 0.0),
        Relation("leg", "tabletop", 2, HIGH, LOW, 0.0047, 0.0, square=True),
        Relation("pedestal", "foot", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("pedestal", "foot", 1, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("pedestal", "foot", 2, LOW, HIGH, -0.0049, 0.0),
        Relation("pedestal", "tabletop", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("pedestal", "tabletop", 1, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("pedestal", "tabletop", 2, HIGH, LOW, 0.0049, 0.0),
        Relation("tabletop", "apron:large", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("tabletop", "apron:large", 2, LOW, HIGH, -0.0018, 0.0),
        Relation("tabletop", "apron:small", 1, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("tabletop", "apron:small", 2, LOW, HIGH, -0.0018, 0.0),
        Relation("tabletop", "foot", 0, MIDDLE, MIDDLE, 0.0, 0.9401),
        Relation("tabletop", "foot", 1, MIDDLE, MIDDLE, 0.0, 0.9401),
        Relation("tabletop", "leg", 2, LOW, HIGH, -0.0047, 0.0, square=True),
        Relation("tabletop", "pedestal", 0, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("tabletop", "pedestal", 1, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("tabletop", "pedestal", 2, LOW, HIGH, -0.0049, 0.0),
    ),
    "vase": (
        Relation("body", "floor", 2, LOW, LOW, 0.0, 0.0),
        Relation("body", "vessel_handle", 1, MIDDLE, MIDDLE, 0.0, 0.0),
        Relation("vessel_handle", "body", 1, LOW, MIDDLE, -0.0214, 0.0),
        Relation("vessel_handle", "body", 1, HIGH, MIDDLE, 0.0214, 0.0),
    ),
}
