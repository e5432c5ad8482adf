"""Part slots: a shape as a fixed-size set of parts, the representation the diffusion model denoises.

A shape with P <= K parts becomes K slots; slot k holds
  exists    1 for a part, 0 for padding
  label     the part's label id (labels.LABELS)
  centre    (3,) the centre of the part's oriented box, shape frame (Z up, longest side 1)
  half      (3,) the box's half extents along its own axes
  rotation  (3, 3) the box's axes as columns (x_world = R x_box + centre)
  points    (M, 3) surface points of the part in box coordinates, scaled into [-1, 1]^3 (the
            geometry the part codes are learned from)
Arrays: exists (K,) float32, label (K,) int64, centre/half (K, 3) float32, rotation (K, 3, 3)
float32, points (K, M, 3) float32.

Slots follow a fixed layout per category (SLOT_LAYOUT): each label owns a block of slots as
long as the most parts of that label any shape of the category has, so a slot plays one role
(slot 5 of a bookshelf is its back board, slots 6-11 its shelves) and a count is how many
slots of a block are filled. The first version packed the parts one after another; an optional
part then moved every later part to another slot, and the denoiser, which tells slots apart by
a learned embedding per index, miscounted legs and shelves and added parts the prompt excluded.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ..data.shapes.labels import LABEL_ID
from ..ops.metrics import sample_surface

MAX_SLOTS = 24

# (label, most parts of that label) per category, in the order the blocks take the slots; the
# maxima are those of the procedural generators (tests/generate/test_slots.py checks that every
# shape fits its layout).
SLOT_LAYOUT = {
    "armchair": [("seat_base", 1), ("seat_cushion", 1), ("back_cushion", 1), ("arm", 2), ("armrest", 2), ("leg", 4)],
    "bed": [("bed_frame", 1), ("mattress", 1), ("pillow", 2), ("headboard", 1), ("leg", 4), ("footboard", 1)],
    "bookshelf": [("plinth", 1), ("side_panel", 2), ("top_panel", 1), ("bottom_panel", 1), ("back_board", 1),
                  ("shelf", 6)],
    "cabinet": [("plinth", 1), ("side_panel", 2), ("top_panel", 1), ("bottom_panel", 1), ("back_board", 1),
                ("leg", 4), ("door", 2), ("drawer", 5), ("handle", 5)],
    "chair": [("seat", 1), ("leg", 4), ("back_post", 2), ("back_rail", 4), ("stretcher", 2), ("back_slat", 5),
              ("back_panel", 1), ("arm_support", 2), ("armrest", 2)],
    "desk": [("tabletop", 1), ("side_panel", 2), ("leg", 4), ("modesty_panel", 1), ("drawer", 4), ("handle", 4)],
    "lamp": [("lamp_base", 1), ("lamp_pole", 2), ("lampshade", 1), ("bulb", 1)],
    "mug": [("body", 1), ("vessel_handle", 1), ("saucer", 1)],
    "office_chair": [("seat", 1), ("gas_lift", 1), ("base_spoke", 5), ("caster", 5), ("back_panel", 1),
                     ("headrest", 1), ("arm_support", 2), ("armrest", 2)],
    "sofa": [("seat_base", 1), ("seat_cushion", 3), ("back_cushion", 3), ("arm", 2), ("armrest", 2), ("leg", 4)],
    "stool": [("seat", 1), ("leg", 4), ("footrest", 1), ("pedestal", 1), ("foot", 1)],
    "table": [("tabletop", 1), ("leg", 4), ("apron", 4), ("pedestal", 1), ("foot", 1)],
    "vase": [("body", 1), ("vessel_handle", 2)],
}


def layout_slots(category: str, labels: list, max_slots: int = MAX_SLOTS) -> list:
    """The slot index of each part (labels in the shape's part order) under the category's layout;
    parts of one label fill their block in order. ValueError when a part has no room."""
    layout = SLOT_LAYOUT.get(category)
    if layout is None:
        raise ValueError(f"no slot layout for the category {category!r}")
    start, room, at = {}, {}, 0
    for label, count in layout:
        start[label], room[label] = at, count
        at += count
    if at > max_slots:
        raise ValueError(f"the {category} layout needs {at} slots, more than {max_slots}")
    used: dict = {}
    index = []
    for label in labels:
        k = used.get(label, 0)
        if label not in start or k >= room[label]:
            raise ValueError(f"a {category} has no slot left for its part {label!r} (number {k + 1})")
        used[label] = k + 1
        index.append(start[label] + k)
    return index


@dataclass
class Slots:
    exists: np.ndarray
    label: np.ndarray
    centre: np.ndarray
    half: np.ndarray
    rotation: np.ndarray
    points: np.ndarray

    def count(self) -> int:
        return int(self.exists.sum())


def part_box(primitive) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(centre (3,), half (3,), rotation (3, 3)) of a primitive's oriented box in world units:
    its local mesh's bounding box carried by its pose. Tubes, whose paths are given in world
    coordinates, get the box of their principal axes instead (a splayed leg becomes a straight
    cylinder in its own box, not a thin diagonal in an axis-aligned one). Either way the box
    is then written in its canonical form (canonical_box)."""
    from ..data.shapes.primitives import Tube

    if isinstance(primitive, Tube):
        return canonical_box(*_principal_box(primitive.mesh()[0]))
    local, _ = primitive.local_mesh()
    lo, hi = local.min(0), local.max(0)
    rot = np.asarray(primitive.rotation, dtype=np.float64)
    centre = primitive.scale * rot @ ((lo + hi) / 2) + np.asarray(primitive.translation, dtype=np.float64)
    half = primitive.scale * (hi - lo) / 2
    return canonical_box(centre, np.maximum(half, 1e-6), rot)


@functools.lru_cache(maxsize=4)
def train_part_boxes(count: int, start: int = 0) -> tuple:
    """((category, (part dict, ...)), ...) for `count` train-split shapes from index `start`, each
    part a {label, centre, half, rotation} of its box (part_box): what the tables measured from the
    train split are read from (part_symmetry.measure_arrangements, equal_sides.measure_equal_sides,
    group_spread, part_proportions), and the shapes beyond them their tests check. Cached, as
    several read the same shapes; callers must not modify the arrays."""
    from ..data.shapes import shape_for_index

    return tuple((shape.category, tuple(shape_part_boxes(shape)))
                 for shape in (shape_for_index("train", i) for i in range(start, start + count)))


def shape_part_boxes(shape) -> list:
    """[{label, centre, half, rotation}] of a library shape's parts' boxes (part_box)."""
    out = []
    for part in shape.parts:
        centre, half, rotation = part_box(part.primitive)
        out.append({"label": part.label, "centre": centre, "half": half, "rotation": rotation})
    return out


def signed_permutations(proper_only: bool = False) -> np.ndarray:
    """The 48 ways to name a box's axes (signed permutation matrices, (48, 3, 3)), or with
    `proper_only` the 24 rotations among them (det +1), always in the same order."""
    import itertools

    out = []
    for perm in itertools.permutations(range(3)):
        for signs in itertools.product((1.0, -1.0), repeat=3):
            m = np.zeros((3, 3))
            m[list(perm), range(3)] = signs
            if not proper_only or np.linalg.det(m) > 0:
                out.append(m)
    return np.stack(out)


BOX_SYMMETRIES = signed_permutations(proper_only=True)   # the rotations that map a box onto itself


def canonical_box(centre, half, rotation):
    """The same box described with the axes closest to the shape's own: of the 24 ways to name
    a box's axes, the one whose rotation has the largest trace (nearest the identity). A
    vertical leg then always has rotation ~ I and half extents (thin, thin, long), whether it
    was made as a tube or a lathe, so the model sees one convention, not several."""
    rotation = np.asarray(rotation, dtype=np.float64)
    candidates = rotation[None] @ BOX_SYMMETRIES                       # (24, 3, 3)
    best = int(np.argmax(np.trace(candidates, axis1=1, axis2=2) + 1e-9 * np.arange(24)[::-1]))
    symmetry = BOX_SYMMETRIES[best]
    return np.asarray(centre, dtype=np.float64), np.abs(symmetry.T) @ np.asarray(half, dtype=np.float64), \
        candidates[best]


def _principal_box(vertices: np.ndarray):
    """The box of the vertices along their principal axes (longest first, right-handed, each
    axis's sign fixed so its largest component is positive: deterministic)."""
    mean = vertices.mean(0)
    _, _, vt = np.linalg.svd(vertices - mean, full_matrices=False)
    axes = vt.copy()
    for k in range(3):
        if axes[k, np.argmax(np.abs(axes[k]))] < 0:
            axes[k] = -axes[k]
    if np.linalg.det(axes) < 0:
        axes[2] = -axes[2]
    rot = axes.T
    local = (vertices - mean) @ rot
    lo, hi = local.min(0), local.max(0)
    return mean + rot @ ((lo + hi) / 2), np.maximum((hi - lo) / 2, 1e-6), rot


def shape_to_slots(shape, points_per_part: int = 256, max_slots: int = MAX_SLOTS, seed: int = 0) -> Slots:
    """The slots of a procedural shape, each part in its slot of the category's layout."""
    if len(shape.parts) > max_slots:
        raise ValueError(f"{shape.category} {shape.seed} has {len(shape.parts)} parts, more than {max_slots} slots")
    where = layout_slots(shape.category, [part.label for part in shape.parts], max_slots)
    rng = np.random.default_rng(seed)
    K, M = max_slots, points_per_part
    out = Slots(np.zeros(K, np.float32), np.zeros(K, np.int64), np.zeros((K, 3), np.float32),
                np.ones((K, 3), np.float32), np.tile(np.eye(3, dtype=np.float32), (K, 1, 1)),
                np.zeros((K, M, 3), np.float32))
    for k, part in zip(where, shape.parts):
        centre, half, rot = part_box(part.primitive)
        v, f = part.primitive.mesh()
        pts = sample_surface(v, f, M, rng)
        out.exists[k] = 1
        out.label[k] = LABEL_ID[part.label]
        out.centre[k], out.half[k], out.rotation[k] = centre, half, rot
        out.points[k] = ((pts - centre) @ rot) / half
    return out


def box_to_world(points_box: np.ndarray, centre, half, rotation) -> np.ndarray:
    """Points (N, 3) from a slot's box coordinates back to the shape frame."""
    return (np.asarray(points_box) * half) @ np.asarray(rotation).T + centre


def rotation_to_6d(rotation: np.ndarray) -> np.ndarray:
    """(..., 3, 3) -> (..., 6): the first two columns (Zhou et al. 2019's continuous representation)."""
    return np.concatenate([rotation[..., :, 0], rotation[..., :, 1]], axis=-1)


def rotation_from_6d(six: np.ndarray) -> np.ndarray:
    """(..., 6) -> (..., 3, 3) by Gram-Schmidt."""
    a, b = six[..., :3], six[..., 3:]
    x = a / np.maximum(np.linalg.norm(a, axis=-1, keepdims=True), 1e-9)
    b = b - (x * b).sum(-1, keepdims=True) * x
    y = b / np.maximum(np.linalg.norm(b, axis=-1, keepdims=True), 1e-9)
    z = np.cross(x, y)
    return np.stack([x, y, z], axis=-1)
