"""A small software renderer for pictures of results (README, demo, model cards): no GPU, no bpy.

Meshes are drawn by splatting a dense barycentric lattice of each face into a z-buffer with Lambert shading from the
face normals. vertices: (V, 3) float world units, Z up; faces: (F, 3) int; face_colors:
(F, 3) float in [0, 1]. Images are (H, W, 3) uint8.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

PALETTE = np.array([[0.85, 0.55, 0.35], [0.35, 0.6, 0.85], [0.5, 0.8, 0.45], [0.9, 0.8, 0.35],
                    [0.75, 0.45, 0.8], [0.4, 0.8, 0.8], [0.9, 0.45, 0.5], [0.6, 0.6, 0.6]])


def look_rotation(azimuth_deg: float, elevation_deg: float) -> np.ndarray:
    """Rotation (3, 3) taking world (Z up) to camera axes (x right, y up, z towards the viewer)."""
    az, el = np.radians(azimuth_deg), np.radians(elevation_deg)
    forward = -np.array([np.cos(el) * np.sin(az), -np.cos(el) * np.cos(az), np.sin(el)])
    right = np.cross(forward, [0.0, 0.0, 1.0])
    right /= np.linalg.norm(right)
    up = np.cross(right, forward)
    return np.stack([right, up, -forward])


def render_mesh(vertices, faces, face_colors=None, size=(480, 480), azimuth=30.0, elevation=20.0,
                background=(1.0, 1.0, 1.0), fill=0.85) -> np.ndarray:
    """Orthographic picture of the mesh, framed to `fill` of the image."""
    h, w = size[1], size[0]
    vertices = np.asarray(vertices, dtype=np.float64)
    faces = np.asarray(faces, dtype=np.int64)
    colors = np.tile(PALETTE[0], (len(faces), 1)) if face_colors is None else np.asarray(face_colors)
    rot = look_rotation(azimuth, elevation)
    cam = (vertices - (vertices.max(0) + vertices.min(0)) / 2) @ rot.T
    scale = fill * min(w, h) / max(np.ptp(cam[:, 0]), np.ptp(cam[:, 1]), 1e-12)
    tri = cam[faces] * scale
    normal = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    normal /= np.linalg.norm(normal, axis=1, keepdims=True) + 1e-30
    light = np.array([0.3, 0.5, 0.8]) / np.linalg.norm([0.3, 0.5, 0.8])
    shade = 0.25 + 0.75 * np.abs(normal @ light)
    rgb = np.clip(colors * shade[:, None], 0, 1)
    pixel, depth, face_id = _rasterize(tri, w, h)
    order = np.lexsort((-depth, pixel))
    first = np.ones(len(order), dtype=bool)
    first[1:] = pixel[order[1:]] != pixel[order[:-1]]
    winners = order[first]
    image = np.tile(np.asarray(background, dtype=np.float64), (h * w, 1))
    image[pixel[winners]] = rgb[face_id[winners]]
    return (image.reshape(h, w, 3) * 255 + 0.5).astype(np.uint8)


def _rasterize(tri, w, h, chunk: int = 4_000_000):
    """Pixels covered by each projected triangle (F, 3, 3) (camera x right, y up, z depth; the
    image centre at 0): pixel index (K,), depth (K,), face (K,). Tests every pixel centre of the
    face's bounding box with edge functions, in chunks of at most `chunk` candidates."""
    xy = tri[:, :, :2]
    col0 = np.clip(np.floor(xy[:, :, 0].min(1) + w / 2).astype(np.int64), 0, w)
    col1 = np.clip(np.ceil(xy[:, :, 0].max(1) + w / 2).astype(np.int64), 0, w - 1)
    row0 = np.clip(np.floor(h / 2 - xy[:, :, 1].max(1)).astype(np.int64), 0, h)
    row1 = np.clip(np.ceil(h / 2 - xy[:, :, 1].min(1)).astype(np.int64), 0, h - 1)
    bw, bh = np.maximum(col1 - col0 + 1, 0), np.maximum(row1 - row0 + 1, 0)
    area2 = (xy[:, 1, 0] - xy[:, 0, 0]) * (xy[:, 2, 1] - xy[:, 0, 1]) - \
        (xy[:, 2, 0] - xy[:, 0, 0]) * (xy[:, 1, 1] - xy[:, 0, 1])
    count = np.where(np.abs(area2) > 1e-12, bw * bh, 0)
    out_pixel, out_depth, out_face = [], [], []
    ends = np.cumsum(count)
    start = 0
    while start < len(tri):
        base = ends[start - 1] if start else 0
        stop = max(int(np.searchsorted(ends, base + chunk, side="right")), start + 1)
        faces = np.arange(start, min(stop, len(tri)))
        c = count[faces]
        f = np.repeat(faces, c)
        k = np.arange(len(f)) - np.repeat(np.cumsum(c) - c, c)
        col = col0[f] + k % bw[f]
        row = row0[f] + k // bw[f]
        x, y = col - w / 2, h / 2 - row
        t = tri[f]
        w0 = (t[:, 1, 0] - x) * (t[:, 2, 1] - y) - (t[:, 2, 0] - x) * (t[:, 1, 1] - y)
        w1 = (t[:, 2, 0] - x) * (t[:, 0, 1] - y) - (t[:, 0, 0] - x) * (t[:, 2, 1] - y)
        a = area2[f]
        b0, b1 = w0 / a, w1 / a
        b2 = 1 - b0 - b1
        eps = -1e-6
        inside = (b0 >= eps) & (b1 >= eps) & (b2 >= eps)
        out_pixel.append((row * w + col)[inside])
        out_depth.append((b0 * t[:, 0, 2] + b1 * t[:, 1, 2] + b2 * t[:, 2, 2])[inside])
        out_face.append(f[inside])
        start = faces[-1] + 1
    return np.concatenate(out_pixel), np.concatenate(out_depth), np.concatenate(out_face)


def render_points(points, size=(480, 480), azimuth=30.0, elevation=20.0, color=(0.3, 0.3, 0.35),
                  background=(1.0, 1.0, 1.0), fill=0.85, frame_points=None) -> np.ndarray:
    """Orthographic picture of a point cloud, one pixel per point, nearest on top."""
    h, w = size[1], size[0]
    rot = look_rotation(azimuth, elevation)
    ref = np.asarray(points if frame_points is None else frame_points, dtype=np.float64)
    centre = (ref.max(0) + ref.min(0)) / 2
    ref_cam = (ref - centre) @ rot.T
    scale = fill * min(w, h) / max(np.ptp(ref_cam[:, 0]), np.ptp(ref_cam[:, 1]), 1e-12)
    cam = (np.asarray(points, dtype=np.float64) - centre) @ rot.T * scale
    px = np.round(cam[:, 0] + w / 2).astype(np.int64)
    py = np.round(h / 2 - cam[:, 1]).astype(np.int64)
    inside = (px >= 0) & (px < w) & (py >= 0) & (py < h)
    image = np.tile(np.asarray(background, dtype=np.float64), (h * w, 1))
    depth = (cam[inside, 2] - cam[:, 2].min()) / (np.ptp(cam[:, 2]) + 1e-12)
    image[py[inside] * w + px[inside]] = np.asarray(color) * (0.6 + 0.4 * depth[:, None])
    return (image.reshape(h, w, 3) * 255 + 0.5).astype(np.uint8)


def side_by_side(images, gap: int = 8, background=255) -> np.ndarray:
    """Images (each (H, W, 3), same height) placed left to right."""
    h = max(im.shape[0] for im in images)
    parts = []
    for i, im in enumerate(images):
        if i:
            parts.append(np.full((h, gap, 3), background, np.uint8))
        pad = np.full((h - im.shape[0], im.shape[1], 3), background, np.uint8)
        parts.append(np.concatenate([im, pad]))
    return np.concatenate(parts, axis=1)


def write_png(path, image: np.ndarray) -> None:
    """RGB (H, W, 3) uint8 -> PNG, with the standard library only."""
    image = np.ascontiguousarray(image, dtype=np.uint8)
    h, w, _ = image.shape
    raw = b"".join(b"\x00" + image[row].tobytes() for row in range(h))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    with open(path, "wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n")
        fh.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)))
        fh.write(chunk(b"IDAT", zlib.compress(raw, 6)))
        fh.write(chunk(b"IEND", b""))
