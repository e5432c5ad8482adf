"""Part assembly after decoding: no part floats, and a watertight union on request.

attach_floating_parts moves every part that touches no other part (gap above `tolerance`, in
shape units) by the shortest translation that closes its gap to the nearest part, anchoring at
the largest part and growing the connected set outward (as DSG-Net's assembly enforces
predicted adjacency; here the adjacency is "touches something"). Parts that already touch are
never moved. Before that, seat_legs_under_tops shortens legs that poke up through the tabletop
or seat they hold; after it, level_ground_parts stretches legs, feet and casters that end a
little above the floor down onto it. union_mesh fuses all parts into one watertight mesh on a voxel grid.
Meshes: vertices (V, 3) float64, faces (F, 3) int64, face_part (F,) int64.
"""

from __future__ import annotations

import numpy as np

from ..ops.metrics import sample_surface


def attach_floating_parts(vertices, faces, face_part, tolerance: float = 0.01, samples: int = 400):
    """(vertices moved, the indices of the parts that were moved).

    Pairwise part gaps come from one k-d tree per part; after a part moves, only its own row
    and column of the gap table are measured again."""
    from scipy.spatial import cKDTree

    vertices = np.array(vertices, dtype=np.float64, copy=True)
    parts = list(np.unique(face_part))
    if len(parts) < 2:
        return vertices, []
    vert_part = np.full(len(vertices), -1)
    for p in parts:
        vert_part[np.unique(faces[face_part == p])] = p
    clouds = part_clouds(vertices, faces, face_part, parts, samples)
    trees = [cKDTree(c) for c in clouds]
    n = len(parts)
    gap = np.full((n, n), np.inf)
    pair = {}  # (i, j) -> (point of i, nearest point of j)

    def measure(i, j):
        d, idx = trees[j].query(clouds[i])
        k = int(d.argmin())
        gap[i, j] = gap[j, i] = d[k]
        pair[(i, j)] = (clouds[i][k], clouds[j][idx[k]])

    for i in range(n):
        for j in range(i + 1, n):
            measure(i, j)
    anchored = np.zeros(n, dtype=bool)
    anchored[int(np.argmax([np.ptp(c, axis=0).prod() for c in clouds]))] = True
    moved = []
    while not anchored.all():
        sub = np.where(anchored[:, None] & ~anchored[None, :], gap, np.inf)
        a, i = np.unravel_index(int(np.argmin(sub)), sub.shape)
        if gap[a, i] > tolerance:
            src, dst = pair[(i, a)] if (i, a) in pair else pair[(a, i)][::-1]
            shift = (dst - src) * (1 - 0.5 * tolerance / gap[a, i])  # stop just inside the tolerance
            vertices[vert_part == parts[i]] += shift
            clouds[i] = clouds[i] + shift
            trees[i] = cKDTree(clouds[i])
            for j in range(n):
                if j != i:
                    measure(min(i, j), max(i, j))
            moved.append(int(parts[i]))
        anchored[i] = True
    return vertices, moved


GROUND_LABELS = ("leg", "foot", "caster", "pedestal", "plinth", "lamp_base", "saucer", "base_spoke")


def level_ground_parts(vertices, faces, face_part, part_names, tolerance: float = 0.03):
    """(vertices, indices of moved parts): the parts that stand on the floor (legs, feet,
    casters, pedestals ... by label; names like leg_2 count) and end within `tolerance` of the
    shape's height above its lowest point are stretched down onto it, their top kept where it
    is (so a leg that holds the seat still holds it), and a generated chair does not wobble on
    one short leg. Other parts never move."""
    vertices = np.array(vertices, dtype=np.float64, copy=True)
    if not len(faces):
        return vertices, []
    floor = vertices[:, 2].min()
    height = max(float(np.ptp(vertices[:, 2])), 1e-9)
    moved = []
    for p, name in enumerate(part_names):
        if _label(name) not in GROUND_LABELS:
            continue
        used = np.unique(faces[face_part == p])
        if not len(used):
            continue
        bottom, top = vertices[used, 2].min(), vertices[used, 2].max()
        gap = bottom - floor
        if 0 < gap <= tolerance * height and top > bottom:
            vertices[used, 2] = top - (top - vertices[used, 2]) * (top - floor) / (top - bottom)
            moved.append(p)
    return vertices, moved


TOP_LABELS = ("tabletop", "seat")   # what legs hold up from below (seat_legs_under_tops)


def _label(name: str) -> str:
    """"leg_2" -> "leg"; a name without a number is its label."""
    return name.rstrip("0123456789").rstrip("_") if name[-1:].isdigit() else name


def seat_legs_under_tops(vertices, faces, face_part, part_names, tolerance: float = 0.03):
    """(vertices, indices of moved parts): a leg standing under a tabletop or seat (its footprint's
    centre inside the top's) whose upper end rises more than `tolerance` times the shape's height
    above that top is shortened from above to end in the middle of the top's thickness, its
    foot kept where it is: generated legs poked through table tops, which no training shape's do
    (their legs end within 2.3% of the height of their top's upper face). Other parts never move."""
    vertices = np.array(vertices, dtype=np.float64, copy=True)
    if not len(faces):
        return vertices, []
    height = max(float(np.ptp(vertices[:, 2])), 1e-9)
    used = {p: np.unique(faces[face_part == p]) for p in range(len(part_names))}
    tops = [p for p, name in enumerate(part_names) if _label(name) in TOP_LABELS and len(used[p])]
    moved = []
    for p, name in enumerate(part_names):
        if _label(name) != "leg" or not len(used[p]):
            continue
        leg = vertices[used[p]]
        centre = leg[:, :2].mean(0)
        bottom, top = leg[:, 2].min(), leg[:, 2].max()
        for t in tops:
            board = vertices[used[t]]
            inside = (board[:, :2].min(0) <= centre).all() and (centre <= board[:, :2].max(0)).all()
            board_bottom, board_top = board[:, 2].min(), board[:, 2].max()
            new_top = 0.5 * (board_bottom + board_top)
            if inside and top - board_top > tolerance * height and new_top > bottom:
                vertices[used[p], 2] = bottom + (leg[:, 2] - bottom) * (new_top - bottom) / (top - bottom)
                moved.append(p)
                break
    return vertices, moved


def part_clouds(vertices, faces, face_part, parts, samples: int) -> list:
    """Per part: up to `samples` of its vertices plus `samples` points on its surface (random
    surface points alone can miss the small patch where a thin leg meets a seat)."""
    rng = np.random.default_rng(0)
    clouds = []
    for p in parts:
        own = vertices[np.unique(faces[face_part == p])]
        if len(own) > samples:  # marching-cubes parts have thousands of vertices: a subset will do
            own = own[rng.choice(len(own), samples, replace=False)]
        clouds.append(np.concatenate([own, sample_surface(vertices, faces[face_part == p], samples, int(p))]))
    return clouds


def floating_parts(vertices, faces, face_part, tolerance: float, samples: int = 2000) -> list:
    """Parts farther than `tolerance` from every other part (the integrity check), measured on
    denser clouds than the assembly uses."""
    from scipy.spatial import cKDTree

    parts = list(np.unique(face_part))
    clouds = part_clouds(vertices, faces, face_part, parts, samples)
    out = []
    for i, p in enumerate(parts):
        others = [clouds[j] for j in range(len(parts)) if j != i]
        if others and cKDTree(np.concatenate(others)).query(clouds[i])[0].min() > tolerance:
            out.append(int(p))
    return out


def to_unit_frame(vertices: np.ndarray) -> np.ndarray:
    """(V, 3) vertices moved and scaled uniformly into the shape frame every training shape is in:
    the bounding box centred at the origin, its longest side 1 (as given when empty or a point)."""
    if not len(vertices):
        return vertices
    lo, hi = vertices.min(0), vertices.max(0)
    size = float((hi - lo).max())
    return (vertices - (lo + hi) / 2) / size if size > 0 else vertices


def union_mesh(vertices, faces, resolution: int = 128):
    """One watertight mesh of everything the parts enclose."""
    from ..data.library import make_watertight

    return make_watertight(np.asarray(vertices), np.asarray(faces), resolution=resolution, close_voxels=1)
