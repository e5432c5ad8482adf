"""The part-label hierarchy shared by every category: category -> group -> leaf label.

Leaf labels name the parts (a part instance is `<label>_<k>` when a shape has several, e.g.
`leg_0`); groups gather them (`legs`, `back`). LABELS fixes the integer id of every leaf label
(used by per-voxel and per-point label arrays, uint8); id order never changes, new labels are
appended.
"""

from __future__ import annotations

GROUPS = {
    "back": ["back_panel", "back_slat", "back_rail", "back_post", "headrest", "back_cushion"],
    "seat": ["seat", "seat_cushion"],
    "legs": ["leg", "stretcher", "footrest", "foot"],
    "arms": ["arm", "armrest", "arm_support"],
    "base": ["gas_lift", "base_spoke", "caster", "pedestal", "plinth", "seat_base"],
    "top": ["tabletop", "apron"],
    "storage": ["drawer", "door", "handle", "shelf", "modesty_panel"],
    "frame": ["side_panel", "top_panel", "bottom_panel", "back_board", "bed_frame", "headboard", "footboard"],
    "bedding": ["mattress", "pillow"],
    "lighting": ["lamp_base", "lamp_pole", "lampshade", "bulb"],
    "vessel": ["body", "neck", "rim", "vessel_handle", "saucer"],
}

LABELS = [label for group in GROUPS.values() for label in group]
LABEL_ID = {label: i for i, label in enumerate(LABELS)}
OTHER_LABEL = 255  # the id of any label outside LABELS (a user library's own names)
GROUP_OF = {label: group for group, labels in GROUPS.items() for label in labels}

if len(LABELS) != len(set(LABELS)):  # pragma: no cover - a programming error
    raise RuntimeError("a leaf label appears in two groups")
