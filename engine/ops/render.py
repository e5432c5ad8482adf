"""A small software renderer for pictures of results (README, demo, model cards): no GPU, no bpy.

Meshes are drawn by dense surface splatting into a z-buffer with Lambert shading from the
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
                background=(1.0, 1.0, 1.0), fill=0.85, seed=0) -> np.ndarray:
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
    area_px = 0.5 * np.abs(normal[:, 2])
    normal /= np.linalg.norm(normal, axis=1, keepdims=True) + 1e-30
    light = np.array([0.3, 0.5, 0.8]) / np.linalg.norm([0.3, 0.5, 0.8])
    shade = 0.25 + 0.75 * np.abs(normal @ light)
    rgb = np.clip(colors * shade[:, None], 0, 1)
    # Samples per face: enough to cover its projected area (plus its corners for tiny faces).
    count = np.minimum(np.ceil(area_px * 3).astype(np.int64) + 1, 4000)
    face_id = np.repeat(np.arange(len(faces)), count)
    rng = np.random.default_rng(seed)
    u, v = rng.random((2, len(face_id)))
    flip = u + v > 1
    u[flip], v[flip] = 1 - u[flip], 1 - v[flip]
    t = tri[face_id]
    p = t[:, 0] + u[:, None] * (t[:, 1] - t[:, 0]) + v[:, None] * (t[:, 2] - t[:, 0])
    px = np.round(p[:, 0] + w / 2).astype(np.int64)
    py = np.round(h / 2 - p[:, 1]).astype(np.int64)
    inside = (px >= 0) & (px < w) & (py >= 0) & (py < h)
    px, py, depth, face_id = px[inside], py[inside], p[inside, 2], face_id[inside]
    pixel = py * w + px
    order = np.lexsort((-depth, pixel))
    first = np.ones(len(order), dtype=bool)
    first[1:] = pixel[order[1:]] != pixel[order[:-1]]
    winners = order[first]
    image = np.tile(np.asarray(background, dtype=np.float64), (h * w, 1))
    image[pixel[winners]] = rgb[face_id[winners]]
    return (image.reshape(h, w, 3) * 255 + 0.5).astype(np.uint8)


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
