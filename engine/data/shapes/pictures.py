"""Contact sheets: a PNG grid of shapes, parts coloured by label, captions underneath.

Drawn headless with the engine's software renderer (ops/render.py) and Pillow's default font.
Images are (H, W, 3) uint8.
"""

from __future__ import annotations

import colorsys
import textwrap

import numpy as np

from ...ops.render import render_mesh, write_png
from .labels import LABELS


def label_color(label_id: int) -> np.ndarray:
    """A distinct, stable colour (3,) in [0, 1] per label id (golden-ratio hues)."""
    hue = (label_id * 0.6180339887) % 1.0
    sat = 0.55 + 0.25 * ((label_id // 7) % 2)
    return np.array(colorsys.hsv_to_rgb(hue, sat, 0.92))


def render_shape(shape, size: int = 256, azimuth: float = 30.0, elevation: float = 20.0) -> np.ndarray:
    """A Shape, or a PartMesh whose part names are labels or label instances ('leg_2')."""
    mesh, part_ids = _mesh_and_label_ids(shape)
    palette = np.full((256, 3), 0.6)
    palette[:len(LABELS)] = [label_color(i) for i in range(len(LABELS))]
    if not len(mesh.faces):
        return np.full((size, size, 3), 255, np.uint8)
    return render_mesh(mesh.vertices, mesh.faces, palette[part_ids[mesh.face_part]], size=(size, size),
                       azimuth=azimuth, elevation=elevation, fill=0.82)


def _mesh_and_label_ids(item):
    import re

    from .labels import LABEL_ID, OTHER_LABEL

    if hasattr(item, "label_ids"):
        return item.mesh(), item.label_ids()
    ids = [LABEL_ID.get(re.sub(r"_\d+$", "", name), OTHER_LABEL) for name in item.part_names]
    return item, np.asarray(ids + [OTHER_LABEL], dtype=np.int64)


def contact_sheet(shapes, columns: int = 4, cell: int = 256, captions=None, caption_lines: int = 5) -> np.ndarray:
    """Shapes (or PartMeshes) in a grid, each over its caption (default: shape.caption), left to right."""
    from PIL import Image, ImageDraw, ImageFont

    captions = [s.caption for s in shapes] if captions is None else list(captions)
    font = ImageFont.load_default(size=max(10, cell // 18))
    line_h = int(font.size * 1.25)
    text_h = caption_lines * line_h + 6
    rows = (len(shapes) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * cell, rows * (cell + text_h)), "white")
    draw = ImageDraw.Draw(sheet)
    chars = max(12, int(cell / (font.size * 0.55)))
    for i, (shape, caption) in enumerate(zip(shapes, captions)):
        x, y = (i % columns) * cell, (i // columns) * (cell + text_h)
        sheet.paste(Image.fromarray(render_shape(shape, cell)), (x, y))
        lines = textwrap.wrap(caption, chars)[:caption_lines]
        for k, line in enumerate(lines):
            draw.text((x + 6, y + cell + 2 + k * line_h), line, fill=(40, 40, 40), font=font)
    return np.asarray(sheet)


def write_contact_sheet(path: str, shapes, **kwargs) -> str:
    write_png(path, contact_sheet(shapes, **kwargs))
    return path
