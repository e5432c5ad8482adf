"""Swept tubes meshed from a predicted centreline: a tube's path and radius read off its geometry code.

A mug's handle is a tube 0.01 across bent into a C: in its box the part auto-encoder's occupancy
draws it two to four grid cells thick, torn or lumpy, and meshing it finer makes it worse. Through
the slot codec, every other part exact, the handles alone put mugs at 63.5% 1-NNA, the bodies alone
at 55.0%, the saucers alone at 48.0% (oracle 46.5%; BENCHMARKS.md, thirty-first session). The
code still says which tube it was made from: a
small network reads the part's code and key and predicts the centreline and the radius, and the
part is meshed as an exact tube (the library's own sweep, primitives.Tube), round and whole.

TUBED: the labels whose every training part is a tube or a straight cylinder, some of them bent (a
path of more than two points), per category (a test keeps it true): the handles, and a lamp's pole,
arched or straight (a straight one is read as a two-point tube along its axis: centreline). Labels
whose tubes are all straight (a round armrest, an office chair's base spoke) are capsules their box
already draws: read as tubes, generated office chairs came out further from the real ones (val
1-NNA 67.0 -> 71.5, test 71.0 -> 73.5), so they stay with the decoder.

Path (a part's box coordinates, the box over [-1, 1] along each of its axes): POINTS points spaced
evenly along the centreline by arc length, either end first and up to a mirror image across one of
the box's mid-planes (the loss takes the nearest: the codes of a vase's two mirrored handles are
told apart in only some shapes); decoding turns the path to face the other parts (facing_path).
Radius: in units of the box's smallest half extent (a handle's box is as thick as its tube: about
1). Arrays: paths (n, POINTS, 3) float32; radii (n,) float32; meshes (vertices (V, 3) float64 in box
coordinates, faces (F, 3) int64, outward).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .part_readers import KeyedReaderConfig

POINTS = 16       # centreline points a path is read as
SEGMENTS = 12     # sides of a meshed tube (the library's tubes have 12)
MIRRORS = ((1.0, 1.0, 1.0), (-1.0, 1.0, 1.0), (1.0, -1.0, 1.0), (1.0, 1.0, -1.0))   # a path and its box mirrors
TUBED = {         # labels whose training parts are all tubes or straight cylinders, some of them bent
    "lamp": ("lamp_pole",),
    "mug": ("vessel_handle",),
    "vase": ("vessel_handle",),
}


@dataclass
class TubeConfig(KeyedReaderConfig):
    """Sizes of the tube reader: part_readers.KeyedReaderConfig's (keys: the tubed parts it reads)
    and its centreline points."""
    points: int = POINTS


def resample_path(path: np.ndarray, points: int = POINTS) -> np.ndarray:
    """(points, 3) points spaced evenly by arc length along a polyline (M, 3), its ends kept."""
    path = np.asarray(path, dtype=np.float64)
    lengths = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(path, axis=0), axis=1))])
    if lengths[-1] <= 0:
        return np.repeat(path[:1], points, axis=0)
    s = np.linspace(0.0, lengths[-1], points)
    return np.stack([np.interp(s, lengths, path[:, k]) for k in range(3)], axis=1)


def centreline(primitive) -> tuple:
    """(path (M, 3), radius) of a primitives.Tube or a straight cylinder in the primitive's own frame
    (before its pose): a cylinder (a Lathe of profile (0, z0), (r, z0), (r, z1), (0, z1)) is its axis,
    drawn in by r at each end so that a tube's round caps end where its flat ends do. ValueError for
    any other part."""
    from ..data.shapes.primitives import Lathe, Tube

    if isinstance(primitive, Tube):
        return np.asarray(primitive.path, dtype=np.float64).reshape(-1, 3), float(primitive.radius)
    profile = np.asarray(primitive.profile, dtype=np.float64).reshape(-1, 2) if isinstance(primitive, Lathe) else None
    if profile is None or len(profile) != 4 or profile[0, 0] != 0 or profile[3, 0] != 0 \
            or profile[1, 0] != profile[2, 0] or profile[0, 1] != profile[1, 1] or profile[2, 1] != profile[3, 1]:
        raise ValueError(f"a {type(primitive).__name__} that is neither a tube nor a straight cylinder")
    radius, (z0, z1) = float(profile[1, 0]), sorted((profile[0, 1], profile[2, 1]))
    inset = min(radius, 0.5 * (z1 - z0))
    return np.array([[0.0, 0.0, z0 + inset], [0.0, 0.0, z1 - inset]]), radius


def measure_tube(part, centre, half, rotation, points: int = POINTS) -> tuple:
    """(path (points, 3) float32 in box coordinates, radius float in units of min(half)) of a
    primitives.Tube or a straight cylinder (centreline; carried by its pose, as its mesh is) in its
    box (slots.part_box)."""
    path, radius = centreline(part)
    local = resample_path(path, points)
    world = part.scale * local @ np.asarray(part.rotation).T + np.asarray(part.translation)
    box = ((world - np.asarray(centre)) @ np.asarray(rotation)) / np.asarray(half)
    return box.astype(np.float32), float(part.scale * radius / np.min(half))


def tube_mesh(path: np.ndarray, radius: float, half) -> tuple | None:
    """(vertices, faces) in box coordinates of a tube along `path` (box coordinates) of `radius`
    (units of min(half)) in a box of half extents `half`: swept round in the shape frame's scale, so
    that the box's unequal sides do not flatten it; None for a path with no length or no radius."""
    from ..data.shapes.primitives import Tube

    half = np.asarray(half, dtype=np.float64)
    scaled = np.asarray(path, dtype=np.float64) * half
    if radius <= 0 or np.linalg.norm(np.diff(scaled, axis=0), axis=1).sum() <= 1e-9:
        return None
    vertices, faces = Tube(path=tuple(map(tuple, scaled)), radius=float(radius * half.min()), segments=SEGMENTS).mesh()
    return vertices / half, faces


def box_distance(points: np.ndarray, centre, half, rotation) -> np.ndarray:
    """(N,) distance of world points (N, 3) from an oriented box (0 inside)."""
    local = (np.asarray(points, dtype=np.float64) - np.asarray(centre)) @ np.asarray(rotation)
    return np.linalg.norm(np.maximum(np.abs(local) - np.asarray(half), 0.0), axis=1)


def facing_path(path: np.ndarray, box: tuple, others: list) -> np.ndarray:
    """The path (box coordinates of `box` = (centre, half, rotation)) or its mirror image across one
    of the box's mid-planes, whichever puts its two ends nearest the boxes of the other parts
    (`others`, a list of boxes): a handle's ends on the body it hangs from, not its bulge. The part
    auto-encoder's codes of a vase's two mirrored handles are told apart in only some shapes, so the
    read C may open the wrong way; where no mirror brings the ends nearer, the path as read."""
    from .slots import box_to_world

    if not others:
        return path
    candidates = [path * np.asarray(sign) for sign in MIRRORS]

    def gap(candidate):   # each end's distance from the nearest other part, summed over the two ends
        ends = box_to_world(candidate[[0, -1]], *box)
        return float(np.min([box_distance(ends, *other) for other in others], axis=0).sum())

    gaps = [gap(candidate) for candidate in candidates]
    best = int(np.argmin(gaps))
    return candidates[best] if gaps[best] < gaps[0] - 1e-6 else path


def tube_reader_class():
    """The tube reader (torch, imported on first use; part_readers.keyed_reader_base): code and key ->
    the centreline (points, 3) as raw numbers and the radius through softplus."""
    import torch
    from torch import nn

    from .part_readers import keyed_reader_base

    class TubeReader(keyed_reader_base()):
        def __init__(self, config: TubeConfig):
            super().__init__(config, 3 * config.points + 1)

        def forward(self, codes, key_ids):
            raw = self.raw(codes, key_ids)
            return raw[:, :-1].view(-1, self.config.points, 3), nn.functional.softplus(raw[:, -1])

        def loss(self, codes, key_ids, paths, radii):
            """Mean squared error of the path against the nearest of its MIRRORS, either end first (a
            tube has no first end, and which way it faces is chosen at decoding: facing_path), plus
            that of the radius."""
            said, radius = self(codes, key_ids)
            signs = torch.tensor(MIRRORS, dtype=paths.dtype, device=paths.device)
            errors = [((said - variant) ** 2).mean((1, 2)) for sign in signs
                      for variant in (paths * sign, (paths * sign).flip(1))]
            return torch.stack(errors).min(0).values.mean() + ((radius - radii) ** 2).mean()

        def tubes(self, codes, keys) -> tuple:
            """(paths (n, points, 3), radii (n,)) float32 of codes (n, code_dim) read as parts of `keys`."""
            with torch.no_grad():
                paths, radii = self(*self.inputs(codes, keys))
            return paths.cpu().numpy(), radii.cpu().numpy()

    return TubeReader
