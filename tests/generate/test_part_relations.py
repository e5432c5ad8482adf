"""Face relations between parts (engine/generate/part_relations.py): the measured relations hold on
held-out shapes, a displaced drawer, side panel or handle comes back where its neighbours say, the
mirrored reading relates both sides of a desk, far parts and unrelated labels stay, the input is
not modified, and the table is what the train split shows."""

import copy

import numpy as np

from engine.data.shapes import CATEGORIES, shape_for_index
from engine.generate.part_relations import (CAPTURE, FLOOR, HIGH, LOW, RELATIONS, SETTLING_ORDER, SIZE_CLASSES,
                                            SIZE_RANGES, TOLERANCE, Relation, class_labels, measure_relations,
                                            measure_settling_order, measure_size_classes, measure_size_ranges,
                                            relate_parts, relation_keys, square_to_upright, world_faces)
from engine.generate.slots import shape_part_boxes


def held_out(category: str, count: int) -> list:
    """Parts (with a code) of the first `count` test-split shapes of a category."""
    index = list(CATEGORIES).index(category)
    shapes = [shape_for_index("test", index + len(CATEGORIES) * k) for k in range(count)]
    return [[dict(p, code=np.zeros(4)) for p in shape_part_boxes(s)] for s in shapes]


def desk_with_drawers() -> list:
    for parts in held_out("desk", 40):
        labels = [p["label"] for p in parts]
        if labels.count("drawer") >= 2 and "modesty_panel" in labels:
            return parts
    raise AssertionError("no held-out desk with drawers and panels")


def test_the_relations_hold_on_held_out_shapes_of_every_category():
    for category in ("desk", "cabinet", "bookshelf", "bed", "table", "chair"):
        for parts in held_out(category, 12):
            moves = [np.abs(world_faces(p) - world_faces(q)).max()
                     for p, q in zip(relate_parts(parts, category), parts)]
            assert max(moves) < 3 * TOLERANCE and np.median(moves) < TOLERANCE, category


def test_a_drawer_pulled_off_its_pedestal_comes_back_flush_and_its_handle_with_it():
    truth = desk_with_drawers()
    moved = copy.deepcopy(truth)
    drawer = next(i for i, p in enumerate(moved) if p["label"] == "drawer")
    handle = min((i for i, p in enumerate(moved) if p["label"] == "handle"),
                 key=lambda i: np.linalg.norm(moved[i]["centre"] - moved[drawer]["centre"]))
    for i in (drawer, handle):
        moved[i]["centre"] = moved[i]["centre"] + np.array([0.04, -0.05, 0.0])
    before = copy.deepcopy(moved)
    out = relate_parts(moved, "desk")
    for i in (drawer, handle):
        assert np.abs(out[i]["centre"] - truth[i]["centre"])[:2].max() < TOLERANCE
        assert np.abs(out[i]["half"] - truth[i]["half"]).max() < TOLERANCE
    assert all(np.array_equal(a[k], b[k]) for a, b in zip(moved, before) for k in a if k != "label")


def test_a_side_panel_through_the_top_is_cut_to_stand_from_the_floor_to_the_top_s_underside():
    truth = desk_with_drawers()
    tall = copy.deepcopy(truth)
    panel = next(i for i, p in enumerate(tall) if p["label"] == "side_panel")
    upward = np.abs(tall[panel]["rotation"][2]) > 0.5          # its bottom kept on the floor, its top through
    grown = 0.3 * tall[panel]["half"][upward]
    tall[panel]["half"] = tall[panel]["half"] + np.where(upward, 0.3 * tall[panel]["half"], 0.0)
    tall[panel]["centre"] = tall[panel]["centre"] + np.array([0.0, 0.0, grown.sum()])
    top = world_faces(next(p for p in truth if p["label"] == "tabletop"))
    out = world_faces(relate_parts(tall, "desk")[panel])
    assert abs(out[1, 2] - top[0, 2]) < TOLERANCE
    assert abs(out[0, 2] - min(world_faces(p)[0, 2] for p in tall)) < TOLERANCE


def test_a_top_denoised_a_little_off_the_middle_keeps_its_depth():
    parts = copy.deepcopy(desk_with_drawers())
    for p in parts:
        p["centre"] = p["centre"] + np.array([-0.004, -0.004, 0.0])
    top = next(i for i, p in enumerate(parts) if p["label"] == "tabletop")
    out = relate_parts(parts, "desk")
    assert np.abs(world_faces(out[top]) - world_faces(parts[top])).max() < TOLERANCE


def box(label, centre, half, code=0.0):
    return {"label": label, "centre": np.array(centre, float), "half": np.array(half, float),
            "rotation": np.eye(3), "code": np.full(4, code)}


def test_a_mirrored_relation_puts_the_outer_face_of_each_side_s_part_at_the_top_s_edge():
    table = {"thing": (Relation("panel", "top", 0, HIGH, HIGH, -0.02, 0.0, True),)}
    parts = [box("top", [0, 0, 0.5], [0.5, 0.3, 0.02]), box("panel", [0.40, 0, 0.25], [0.02, 0.3, 0.25]),
             box("panel", [-0.42, 0, 0.25], [0.02, 0.3, 0.25])]
    out = relate_parts(parts, "thing", table)
    assert abs(world_faces(out[1])[1, 0] - 0.48) < 1e-3 and abs(world_faces(out[2])[0, 0] + 0.48) < 1e-3
    assert abs(out[0]["centre"][0]) < 1e-3                     # the top pulled both ways: it stays
    plain = {"thing": (Relation("panel", "top", 0, HIGH, HIGH, -0.02, 0.0),)}
    out = relate_parts(parts, "thing", plain)
    assert abs(world_faces(out[2])[1, 0] - 0.48) < 0.05        # read plainly, the left panel goes right


def test_a_part_past_its_reach_unrelated_labels_and_other_categories_stay_where_they_were():
    table = {"thing": (Relation("drawer", "panel", 1, LOW, LOW, -0.02, 0.0),
                       Relation("panel", FLOOR, 2, LOW, LOW, 0.0, 0.0))}
    near = box("drawer", [0, -0.33, 0.3], [0.2, 0.01, 0.1])
    far = box("drawer", [0, -0.30 - 0.02 - CAPTURE - 0.05, 0.3], [0.2, 0.01, 0.1])
    parts = [box("panel", [0, 0, 0.32], [0.2, 0.3, 0.3]), near, far, box("leg", [0.5, 0, 0.24], [0.02, 0.02, 0.25]),
             box("panel", [1.0, 0, 0.3], [0.2, 0.3, 0.3])]
    parts[3]["rotation"] = np.array([[0.0, -1, 0], [1, 0, 0], [0, 0, 1]])
    out = relate_parts(parts, "thing", table)
    assert abs(world_faces(out[1])[0, 1] - (world_faces(out[0])[0, 1] - 0.02)) < 1e-3
    assert abs(world_faces(out[0])[0, 2]) < 1e-3       # set on the floor: the lowest panel's foot, not the leg's
    assert np.abs(out[2]["centre"] - far["centre"]).max() < 1e-3
    assert out[3] is parts[3]
    tilted = copy.deepcopy(parts)
    c, s = np.cos(0.2), np.sin(0.2)
    tilted[1]["rotation"] = np.array([[1.0, 0, 0], [0, c, -s], [0, s, c]])
    moved = relate_parts(tilted, "thing", table)[1]     # a tilted box moves but is not resized across its tilt
    assert abs(world_faces(moved)[0, 1] - (world_faces(out[0])[0, 1] - 0.02)) < 1e-3
    assert np.array_equal(moved["half"], tilted[1]["half"]) and np.array_equal(moved["rotation"], tilted[1]["rotation"])
    assert relate_parts(parts, "a category with no relations") == parts
    for p, q in zip(out, parts):
        assert np.array_equal(p["code"], q["code"]) and np.array_equal(p["rotation"], q["rotation"])


def test_no_relation_sizes_a_box_out_of_its_label_s_training_range():
    """A lamp's base stretched up to meet a pole denoised high stays as tall as training bases at
    most, and sits between the floor and the pole."""
    table = {"thing": (Relation("base", FLOOR, 2, LOW, LOW, 0.0, 0.0),
                       Relation("base", "pole", 2, HIGH, LOW, 0.0, 0.0))}
    sizes = {"thing": {"base": ((0.1, 0.1, 0.02), (0.6, 0.6, 0.06))}}
    parts = [box("pole", [0, 0, 0.42], [0.01, 0.01, 0.3]), box("base", [0, 0, 0.02], [0.15, 0.15, 0.02])]
    order = {"thing": ("pole", "base")}
    free = world_faces(relate_parts(parts, "thing", table, order, sizes={})[1])
    assert abs(free[0, 2]) < 1e-3 and abs(free[1, 2] - 0.12) < 1e-3        # without the range: 0.12 tall
    kept = world_faces(relate_parts(parts, "thing", table, order, sizes)[1])
    assert abs((kept[1, 2] - kept[0, 2]) - 0.06) < 1e-6 and -1e-3 < kept[0, 2] < kept[1, 2] < 0.12 + 1e-3


def test_the_relations_settling_order_and_size_ranges_are_what_the_train_split_shows():
    assert measure_size_classes() == SIZE_CLASSES
    assert measure_relations() == RELATIONS
    assert measure_settling_order() == SETTLING_ORDER
    assert measure_size_ranges() == SIZE_RANGES
    desk = set(RELATIONS["desk"])
    assert Relation("side_panel:large", FLOOR, 2, LOW, LOW, 0.0, 0.0) in desk
    assert {(r.a, r.b) for r in desk
            if (r.label, r.partner, r.axis) == ("drawer", "side_panel:large", 0)} == {(LOW, LOW), (HIGH, HIGH)}
    shelf = {r.axis for r in RELATIONS["bookshelf"] if r.label == "shelf" and r.partner == "side_panel"}
    assert shelf == {1}   # tied across the bookshelf (X), both panels as deep (Y)
    assert SETTLING_ORDER["desk"][0] == "tabletop" and SETTLING_ORDER["bookshelf"][-1] == "back_board"
    assert SIZE_CLASSES["table"]["apron"][0] == 0 and "chair" not in SIZE_CLASSES


def test_a_headboard_denoised_below_the_legs_does_not_stretch_them_down_to_it():
    """The floor is the median bottom of the floor-standing parts, not the lowest: a bed's boards
    sunk 3 cm leave its legs as they were and come back up onto the legs' floor."""
    truth = next(parts for parts in held_out("bed", 40)
                 if [p["label"] for p in parts].count("leg") >= 4 and "headboard" in [p["label"] for p in parts])
    sunk = copy.deepcopy(truth)
    boards = [i for i, p in enumerate(sunk) if p["label"] in ("headboard", "footboard")]
    for i in boards:
        sunk[i]["centre"] = sunk[i]["centre"] - np.array([0.0, 0.0, 0.03])
    out = relate_parts(sunk, "bed")
    for i, p in enumerate(truth):
        if p["label"] == "leg":
            assert np.abs(world_faces(out[i]) - world_faces(p)).max() < TOLERANCE
    floor = min(world_faces(p)[0, 2] for p in truth)
    assert all(abs(world_faces(out[i])[0, 2] - floor) < TOLERANCE for i in boards)


def test_a_pedestal_and_a_thin_side_panel_are_read_apart_and_each_takes_its_own_inset():
    """A desk's side panels come in two sizes (SIZE_CLASSES): a pedestal inset from the top's
    edge, a thin panel flush with it. Pushed 3 cm outwards, each comes back to its own inset."""
    assert SIZE_CLASSES["desk"]["side_panel"][0] == 0
    truth = next(parts for parts in held_out("desk", 60)
                 if {"side_panel:large", "side_panel:small"} <= set(class_labels(parts, "desk")))
    classes = class_labels(truth, "desk")
    moved = copy.deepcopy(truth)
    panels = [i for i, label in enumerate(classes) if label.startswith("side_panel")]
    for i in panels:
        moved[i]["centre"] = moved[i]["centre"] + np.array([0.03 * np.sign(moved[i]["centre"][0]), 0.0, 0.0])
    out = relate_parts(moved, "desk")
    top = world_faces(next(p for p in truth if p["label"] == "tabletop"))
    for i in panels:
        outer = np.abs(world_faces(out[i])[:, 0]).max()
        assert abs(outer - np.abs(world_faces(truth[i])[:, 0]).max()) < TOLERANCE
        inset = top[1, 0] - outer
        assert (inset > 0.01) if classes[i] == "side_panel:large" else (abs(inset) < 0.005)
    assert class_labels(truth, "bed") == [p["label"] for p in truth]


def test_two_pillows_pushed_off_the_mattress_come_back_each_to_its_own_side():
    """A relation at a count ("pillow#2"): each of a bed's two pillows is inset from its own side
    of the mattress, a lone pillow centred; pushed 10 cm sideways, both come back."""
    assert relation_keys(["pillow", "pillow", "mattress"]) == [{"pillow", "pillow#2"}, {"pillow", "pillow#2"},
                                                             {"mattress", "mattress#1"}]
    for count in (1, 2):
        truth = next(parts for parts in held_out("bed", 40) if [p["label"] for p in parts].count("pillow") == count)
        moved = copy.deepcopy(truth)
        pillows = [i for i, p in enumerate(moved) if p["label"] == "pillow"]
        for i in pillows:
            moved[i]["centre"] = moved[i]["centre"] + np.array([0.1, 0.0, 0.0])
        out = relate_parts(moved, "bed")
        for i in pillows:
            assert abs(out[i]["centre"][0] - truth[i]["centre"][0]) < TOLERANCE, count
    assert any(r.label == "pillow#2" and r.axis == 0 for r in RELATIONS["bed"])
    assert not any(r.label == "pillow" and r.axis == 0 for r in RELATIONS["bed"])


def held_out_table(splayed: bool) -> list:
    for parts in held_out("table", 60):
        legs = [p for p in parts if p["label"] == "leg"]
        if legs and set(square_to_upright(legs)) == {not splayed}:
            return parts
    raise AssertionError(f"no held-out table with {'splayed' if splayed else 'upright'} legs")


def test_upright_table_legs_denoised_short_reach_the_top_and_splayed_ones_keep_their_length():
    square = [r for r in RELATIONS["table"] if r.square and r.label == "leg"]
    assert [(r.partner, r.axis, r.a, r.b) for r in square] == [("tabletop", 2, HIGH, LOW)]
    for splayed in (False, True):
        truth = held_out_table(splayed)
        short = copy.deepcopy(truth)
        legs = [i for i, p in enumerate(short) if p["label"] == "leg"]
        for i in legs:                                   # 6% of the shape shorter, the foot on the floor
            short[i]["half"] = short[i]["half"] - np.array([0.0, 0.0, 0.03]) @ np.abs(short[i]["rotation"])
            short[i]["centre"] = short[i]["centre"] - np.array([0.0, 0.0, 0.03])
        out = relate_parts(short, "table")
        top = next(world_faces(p) for p in out if p["label"] == "tabletop")
        ends = [world_faces(out[i])[1, 2] for i in legs]
        if splayed:    # no relation of all its legs holds its end, and a splayed leg's bounds say nothing of it
            assert max(abs(e - world_faces(short[i])[1, 2]) for e, i in zip(ends, legs)) < 1e-6
        else:
            assert max(abs(e - (top[0, 2] + square[0].offset)) for e in ends) < TOLERANCE
            assert max(abs(world_faces(out[i])[0, 2] - world_faces(truth[i])[0, 2]) for i in legs) < TOLERANCE


def test_a_chair_s_back_rail_and_slats_denoised_off_their_posts_come_back_into_the_posts_plane():
    # the rail lies between the two back posts: a tie across the chair (X), none along its depth (Y)
    assert any((r.label, r.partner, r.axis) == ("back_rail", "back_post", 1) for r in RELATIONS["chair"])
    assert not any((r.label, r.partner, r.axis) == ("back_rail", "back_post", 0) for r in RELATIONS["chair"])
    truth = next(parts for parts in held_out("chair", 40)
                 if {"back_rail", "back_slat"} <= {p["label"] for p in parts})
    moved = copy.deepcopy(truth)
    back = [i for i, p in enumerate(moved) if p["label"] in ("back_rail", "back_slat")]
    for i in back:                                       # 3% of the shape in front of the posts, as generated
        moved[i]["centre"] = moved[i]["centre"] - np.array([0.0, 0.03, 0.0])
    out = relate_parts(moved, "chair")
    for i in back:
        assert abs(out[i]["centre"][1] - truth[i]["centre"][1]) < TOLERANCE, moved[i]["label"]
