"""Stacks that fill their span: a bookshelf's shelves dividing the height between its bottom and
top panels evenly, a cabinet's drawers (and their handles) tiling its front from the bottom panel
to the top.

part_symmetry snaps a stack (STACK: parts of one label one above another) to even spacing, and
part_relations relates each part to its neighbours at a fixed offset, but in the procedural shapes a
stack is laid out by its span: a bookshelf's shelves stand at the n inner points of n + 2 even steps
from its bottom panel's top face to its top panel's underside, so the gap to either panel is one
spacing, however high the bookshelf. No fixed offset says that, and the denoiser's stacks sat
anywhere between: the median shelf's underside stood 0.41-0.61 of the shape high in generated
bookshelves (10th-90th percentiles), 0.40-0.52 in training ones, and spacing them over their span took
bookshelves from 79.0 to 69.0% 1-NNA against the val split (BENCHMARKS.md, twenty-eighth session).

A StackSpan says that, in at least SHARE of the training shapes with a stack of `label` (two or more
parts, their middles within TOLERANCE of one column) and one part each of `lower` and `upper`, the
lowest part's middle lies `lower_spacings` spacings above anchor `lower_face` (LOW, MIDDLE, HIGH of
part_relations) of the `lower` part and the highest part's middle `upper_spacings` spacings below
anchor `upper_face` of the `upper` part, within TOLERANCE (the spacing: the distance between
neighbouring middles); and, where `fill` > 0, that each part is `fill` spacings high (a cabinet's
drawer: its height follows the spacing, where a shelf's thickness does not). Measured by
`measure_stack_spans` from the train split (STACK_SPANS; a test keeps the two equal): for each
side the anchor that holds in the most shapes, then with the smallest spread, then first in order.

`span_stacks` moves a generated shape's stacks onto their spans: with n parts and the two bounds
F_lo, F_hi (world Z of the partners' anchors), spacing d = (F_hi - F_lo) / (n - 1 + lower_spacings
+ upper_spacings), the k-th lowest part's middle at F_lo + (lower_spacings + k) d, each part's
height fill * d where `fill` > 0. A stack whose parts stand apart (middles over COLUMN apart in X
or Y), whose partner is missing or repeated, or whose span leaves no room (d at most MIN_SPACING)
stays as it is.

Arrays: a part is a decode_slots dict (centre (3,), half (3,) box half extents, rotation (3, 3)
box axes as columns, label, code); Z is up; the shape frame's longest side is 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .part_relations import MIN_SHAPES, SHARE, TOLERANCE, aligned_axes, anchors, rebuilt, world_faces

COLUMN = 0.05    # a generated stack's middles lie within this of one column (X and Y) to be spanned
MIN_SPACING = 1e-3   # a span leaving its stack less room than this per part (bounds swapped, crowded) is not used


@dataclass(frozen=True)
class StackSpan:
    """A stack of `label` spans from anchor `lower_face` of its `lower` partner to anchor
    `upper_face` of its `upper` partner, its end parts' middles `lower_spacings` and `upper_spacings`
    spacings inside them; each part `fill` spacings high where `fill` > 0 (see the module docstring)."""
    label: str
    lower: str
    lower_face: int
    lower_spacings: float
    upper: str
    upper_face: int
    upper_spacings: float
    fill: float = 0.0


def stack_of(parts: list, label: str, column: float) -> list | None:
    """Indices of the parts of `label` from the lowest middle up, where there are two or more and
    their middles lie within `column` of each other in X and Y; None otherwise."""
    idx = [i for i, p in enumerate(parts) if p["label"] == label]
    if len(idx) < 2:
        return None
    middles = np.array([world_faces(parts[i]).mean(0) for i in idx])
    if np.ptp(middles[:, 0]) > column or np.ptp(middles[:, 1]) > column:
        return None
    return [idx[k] for k in np.argsort(middles[:, 2], kind="stable")]


def lone_anchors(parts: list, label: str) -> np.ndarray | None:
    """(3,) low face, middle and high face along Z of the one part of `label` (part_relations.anchors);
    None where there is not exactly one."""
    found = [p for p in parts if p["label"] == label]
    return anchors(world_faces(found[0]), 2, 1.0) if len(found) == 1 else None


def span_stacks(parts: list, category: str, table: dict | None = None) -> list:
    """The parts with each of the category's stacks (`table`, default STACK_SPANS) moved onto its
    span (see the module docstring); other parts, and stacks that cannot be spanned, as given. New
    dicts for the moved parts; the input is not modified."""
    out = list(parts)
    for span in (STACK_SPANS if table is None else table).get(category, ()):
        order = stack_of(out, span.label, COLUMN)
        low, high = lone_anchors(out, span.lower), lone_anchors(out, span.upper)
        if order is None or low is None or high is None:
            continue
        start, end = low[span.lower_face], high[span.upper_face]
        spacing = (end - start) / (len(order) - 1 + span.lower_spacings + span.upper_spacings)
        if spacing <= MIN_SPACING:
            continue
        for k, i in enumerate(order):
            out[i] = moved_to(out[i], start + (span.lower_spacings + k) * spacing, span.fill * spacing)
    return out


def moved_to(part: dict, middle: float, height: float) -> dict:
    """The part with its box's middle at world Z `middle` and, where `height` > 0 and one of its
    own axes stands along Z, that high."""
    faces = world_faces(part)
    if height <= 0 or aligned_axes(part["rotation"])[2] < 0:
        height = faces[1, 2] - faces[0, 2]
    faces[:, 2] = middle - height / 2, middle + height / 2
    return rebuilt(part, faces)


def measure_stack_spans(count: int = 1300) -> dict:
    """{category: (StackSpan, ...)} from the first `count` train-split shapes (see the module
    docstring), the labels in alphabetical order."""
    from .slots import train_part_boxes

    found: dict = {}
    for category, parts in train_part_boxes(count):
        for label in sorted({p["label"] for p in parts}):
            order = stack_of(list(parts), label, TOLERANCE)
            if order is None:
                continue
            middles = np.array([world_faces(parts[i]).mean(0)[2] for i in order])
            spacing = (middles[-1] - middles[0]) / (len(order) - 1)
            if spacing <= TOLERANCE:
                continue
            height = float(np.mean([np.ptp(world_faces(parts[i])[:, 2]) for i in order]))
            bounds = {other: lone_anchors(list(parts), other) for other in {p["label"] for p in parts} - {label}}
            found.setdefault((category, label), []).append(
                (spacing, middles[0], middles[-1], height, {k: v for k, v in bounds.items() if v is not None}))
    table: dict = {}
    for (category, label), rows in sorted(found.items()):
        span = _steady_span(label, rows)
        if span is not None:
            table.setdefault(category, []).append(span)
    return {category: tuple(spans) for category, spans in table.items()}


def _steady_span(label: str, rows: list) -> StackSpan | None:
    """The StackSpan that holds in the stacks `rows` ((spacing, lowest middle, highest middle, mean
    height, {partner: (3,) anchors}) per shape), or None where no pair of bounds holds."""
    if len(rows) < MIN_SHAPES:
        return None
    lower = _steady_bound(rows, lambda row, anchor: (row[1] - anchor) / row[0])
    upper = _steady_bound(rows, lambda row, anchor: (anchor - row[2]) / row[0])
    if lower is None or upper is None:
        return None
    spacing = np.array([row[0] for row in rows])
    height = np.array([row[3] for row in rows])
    ratio = float(np.median(height / spacing))
    follows = np.mean(np.abs(height / spacing - ratio) * spacing <= TOLERANCE) >= SHARE
    constant = np.mean(np.abs(height - np.median(height)) <= TOLERANCE) >= SHARE
    return StackSpan(label, *lower, *upper, round(ratio, 4) if follows and not constant else 0.0)


def _steady_bound(rows: list, spacings_from) -> tuple | None:
    """(partner, anchor, spacings) of the bound that holds in at least SHARE of the stacks (and in
    at least SHARE of them the partner is there): the most held, then the smallest spread, then the
    first partner and anchor in order; None where none holds."""
    best = None
    for partner in sorted({k for row in rows for k in row[4]}):
        having = [row for row in rows if partner in row[4]]
        if len(having) < max(MIN_SHAPES, SHARE * len(rows)):
            continue
        spacing = np.array([row[0] for row in having])
        for anchor in range(3):
            values = np.array([spacings_from(row, row[4][partner][anchor]) for row in having])
            middle = float(np.median(values))
            error = (values - middle) * spacing
            held = float(np.mean(np.abs(error) <= TOLERANCE))
            key = (-held, float(np.sqrt(np.mean(error ** 2))))
            if held >= SHARE and (best is None or key < best[0]):
                best = (key, (partner, anchor, round(middle, 4)))
    return None if best is None else best[1]


STACK_SPANS = {   # measure_stack_spans(1300): 100 train-split shapes per category (a test keeps the two equal)
    "bookshelf": (
        StackSpan("shelf", "bottom_panel", 2, 1.0, "top_panel", 0, 1.0),
    ),
    "cabinet": (
        StackSpan("drawer", "bottom_panel", 1, 0.4741, "top_panel", 2, 0.5259, 0.9586),
        StackSpan("handle", "bottom_panel", 1, 0.4741, "top_panel", 2, 0.5259),
    ),
}
