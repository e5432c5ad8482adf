"""The shipped generator (engine/models): intact, small, and it makes the shapes it is asked for."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch

from engine.generate.part_slots import MODELS_DIR, Config, PartSlotGenerator
from engine.generate.text import TextEncoder
from engine.train.common import file_sha256
from tests.conftest import ROOT

NAMES = ("part_vae", "generator", "mentions", "part_profiles", "part_tubes", "latent_sdf", "latent_sdf_ae")


@pytest.fixture(scope="module")
def shipped():
    return PartSlotGenerator.load(MODELS_DIR)


def test_weights_match_their_cards_and_stay_small():
    for name in NAMES:
        card = json.load(open(os.path.join(MODELS_DIR, f"{name}.json")))
        weights = os.path.join(MODELS_DIR, card["weights"])
        assert file_sha256(weights) == card["sha256"]
        assert os.path.getsize(weights) < 8e6
        for key in ("data", "recipe", "wall_time_s", "history"):
            assert key in card, (name, key)
    generator = json.load(open(os.path.join(MODELS_DIR, "generator.json")))
    part_vae = json.load(open(os.path.join(MODELS_DIR, "part_vae.json")))    # or a decoder trained for its codes
    assert generator["part_vae_sha256"] in (part_vae["sha256"], part_vae.get("codes_of"))


def test_a_category_expert_is_shipped_for_every_category_over_the_shipped_generator(shipped):
    from engine.data.shapes import CATEGORIES

    generator = json.load(open(os.path.join(MODELS_DIR, "generator.json")))
    assert set(shipped.experts) == set(CATEGORIES)
    for category in CATEGORIES:
        card = json.load(open(os.path.join(MODELS_DIR, f"generator_expert_{category}.json")))
        weights = os.path.join(MODELS_DIR, card["weights"])
        assert file_sha256(weights) == card["sha256"] == shipped.experts[category][1]
        assert os.path.getsize(weights) < 2e6 and card["categories"] == [category]
        assert card["init_from"]["sha256"] == generator["sha256"]
        # each takes the steps it was trained on: every step, or the last (under 250) where every step did worse
        assert shipped.experts[category][2] == card["recipe"]["timesteps_below"] in (0, 250)
        assert shipped.experts[category][3] == card["recipe"]["read_truth_rate"] in (0.25, 0.75)
    x, t = torch.randn(1, shipped.net.config.slots, shipped.net.config.slot_dim), torch.tensor([100])
    tokens, mask = torch.randn(1, 3, 384), torch.ones(1, 3, dtype=torch.bool)
    with torch.no_grad():
        read = shipped.net.read(tokens, mask)
        assert not torch.allclose(shipped.expert_net("mug")(x, t, tokens, mask, read), shipped.net(x, t, tokens, mask, read))


def test_info_lists_the_installed_models():
    out = subprocess.run([sys.executable, "-m", "engine", "info"], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    models = {m["model"]: m for m in json.loads(out.stdout)["models"]}
    names = [json.load(open(os.path.join(MODELS_DIR, f"{name}.json")))["model"] for name in NAMES]
    assert set(names) <= set(models) and all(models[n]["intact"] for n in names)


@pytest.mark.parametrize("prompt, must_have", [
    ("a stool with three legs", {"seat", "leg"}),
    ("an office chair with wheels", {"seat", "caster"}),
    ("a bookshelf", {"shelf", "side_panel"}),
])
def test_prompts_give_shapes_with_the_parts_they_need(shipped, prompt, must_have):
    from engine.data.shapes.labels import LABELS

    meshes = shipped.sample(Config(prompt=prompt, n=4, seed=0, steps=20))
    for mesh in meshes:
        labels = {name.rstrip("0123456789").rstrip("_") for name in mesh.part_names}
        assert labels <= set(LABELS)
        assert must_have <= labels, (prompt, mesh.part_names)
        extent = mesh.vertices.max(0) - mesh.vertices.min(0)
        assert 0.6 < extent.max() < 1.5  # the normalised frame: longest side about 1


def test_negation_changes_the_parts(shipped):
    def armrest_share(prompt):
        meshes = shipped.sample(Config(prompt=prompt, n=8, seed=1, steps=20, assemble=False))
        return np.mean([any(n.startswith("armrest") for n in m.part_names) for m in meshes])

    assert armrest_share("an office chair with armrests") > armrest_share("an office chair without armrests")


def test_every_part_carries_the_label_of_its_slot_under_the_prompts_category(shipped):
    from engine.generate.slot_codec import LABEL_BITS, label_from_bits, layout_label_ids

    layout = layout_label_ids("office_chair", 24)
    for x in shipped.sample_slots(Config(prompt="an office chair with armrests", n=4, seed=2, steps=20)):
        filled = np.flatnonzero(x[:, 0] > 0)
        assert len(filled) >= 5
        assert list(label_from_bits(x[filled, 1:1 + LABEL_BITS])) == list(layout[filled])


def test_slots_the_reader_is_sure_are_empty_stay_empty(shipped):
    from engine.generate.part_slots import gate_slots
    from engine.generate.slot_codec import decode_slots

    x = np.ones((1, 3, 5))
    gated = gate_slots(x, np.array([[0.9, 0.1, 0.2]]), 0.15)
    assert gated[0, :, 0].tolist() == [1.0, -1.0, 1.0] and np.array_equal(gated[..., 1:], x[..., 1:])
    # Beside a plain shape's odds: only a slot the prompt wants less than half as much is gated.
    relative = gate_slots(np.ones((1, 4, 5)), np.array([[0.9, 0.1, 0.1, 0.0]]), 0.15, np.array([0.9, 0.3, 0.12, 0.1]))
    assert relative[0, :, 0].tolist() == [1.0, -1.0, 1.0, -1.0]

    asked_away = [("a bed without a footboard", "footboard"), ("a coffee mug, saucer not included", "saucer"),
                  ("an office chair missing a headrest", "headrest"), ("a bed that has no headboard", "headboard")]

    def parts_asked_away(gate):
        count = 0
        for prompt, label in asked_away:
            # The gate alone, over the shared denoiser: the category experts, retrained from time to time,
            # follow some of these negations by themselves and would leave the gate nothing to show.
            config = Config(prompt=prompt, n=8, seed=0, steps=25, slot_gate=gate, prompt_retries=0, guidance=1.0,
                            structure_first=False, experts=False)
            count += sum(p["label"] == label for s in shipped.sample_slots(config)
                         for p in decode_slots(s, shipped.stats))
        return count

    # Left to itself the denoiser adds some of these parts; the reader reads their slots at low
    # odds, far under a plain shape's, so the gate leaves them out.
    assert parts_asked_away(0.0) >= 3 and parts_asked_away(0.15) == 0


def test_the_gate_leaves_a_bare_category_prompt_as_the_denoiser_made_it(shipped):
    # "a stool" reads a pedestal stool's foot at 0.12, below the gate; it is a rare part of the
    # category, not one the prompt asks away, so a stool can still stand on a pedestal and foot.
    config = Config(prompt="a stool", n=8, seed=0, steps=10)
    with torch.no_grad():
        odds = shipped._plain_slot_odds(shipped.net.read(*TextEncoder("cpu").encode(["a stool"])[:2]), 24)
    assert (odds < config.slot_gate).any()
    assert np.array_equal(shipped.sample_slots(config), shipped.sample_slots(Config(**dict(vars(config), slot_gate=0.0))))


def test_structure_first_makes_only_the_training_shapes_structures_and_a_candidate_alone_again(shipped):
    from collections import Counter

    from engine.generate.part_slots import structure_seed
    from engine.generate.part_structures import STRUCTURES
    from engine.generate.slot_codec import decode_slots

    known = {tuple(sorted(s.items())) for s, _ in STRUCTURES["stool"]}
    config = Config(prompt="a stool", n=8, seed=0, steps=10)
    batch = shipped.sample_slots(config)
    for x in batch:
        assert tuple(sorted(Counter(p["label"] for p in decode_slots(x, shipped.stats)).items())) in known
    alone = shipped.sample_slots(Config(**dict(vars(config), n=1, seed=5)))[0]
    assert np.allclose(alone, batch[5], atol=1e-2)
    # A variation keeps its source's structure; an interpolation takes the nearer end's.
    assert structure_seed({"slerp": [5, 99, 0.3]}) == 5 and structure_seed({"slerp": [5, {"slerp": [7, 9, 0.6]}, 0.7]}) == 9


@pytest.mark.parametrize("prompt, edit, part, source_has", [
    ("a dining chair without arms", "with armrests", ("armrest", "arm_support"), False),
    ("a bed with a footboard", "without a footboard", ("footboard",), True),
])
def test_an_edit_adds_or_takes_away_the_part_it_names(shipped, prompt, edit, part, source_has):
    from dataclasses import replace

    from engine.generate.slot_codec import decode_slots

    def shapes_with_part(config):
        return sum(any(p["label"] in part for p in decode_slots(s, shipped.stats)) for s in shipped.sample_slots(config))

    source = Config(prompt=prompt, n=6, seed=0, steps=20)
    edited = shapes_with_part(replace(source, edit=edit))
    if source_has:
        assert shapes_with_part(source) == 6 and edited <= 1
    else:   # (the edit's words added to the prompt gave armrests to none of these six)
        assert shapes_with_part(source) == 0 and edited >= 5


def test_an_edit_keeps_every_part_it_does_not_speak_about(shipped):
    """keep_rest (the default): "with armrests" remakes the arm slots and keeps the rest of each
    chair as it was (to float rounding: the source is denoised in a larger batch); without it
    the whole chair is made again."""
    from dataclasses import replace

    from engine.generate.slots import SLOT_LAYOUT

    layout = [label for label, count in SLOT_LAYOUT["chair"] for _ in range(count)]
    arms = np.array([label in ("arm_support", "armrest") for label in layout] + [False] * (24 - len(layout)))
    source = Config(prompt="a dining chair without arms", n=3, seed=4, steps=12)
    before = shipped.sample_slots(source)
    after = shipped.sample_slots(replace(source, edit="with armrests"))
    remade = shipped.sample_slots(replace(source, edit="with armrests", keep_rest=False))
    assert np.allclose(after[:, ~arms], before[:, ~arms], atol=2e-3)
    assert (after[:, arms, 0] > 0).any() and not (before[:, arms, 0] > 0).any()
    assert not np.allclose(remade[:, ~arms], before[:, ~arms], atol=1e-2)


def test_candidates_that_contradict_the_prompt_are_made_again_and_record_their_seed(shipped):
    from dataclasses import replace

    from engine.generate.fidelity import prompt_check_reading
    from engine.generate.prompt_check import retry_seed

    def wrong(slots, asked):
        return [shipped._contradictions(s, asked) for s in slots]

    # Structure first off: it alone already draws these chairs without casters, and the retries are tested here.
    config = Config(prompt="a desk chair with its casters taken off", n=6, seed=0, steps=20, structure_first=False)
    asked = prompt_check_reading(shipped, config)
    assert asked == {"wheels": False}
    unchecked = shipped.sample_slots(replace(config, prompt_retries=0))       # the plain reading, first tries
    first = shipped.sample_slots(replace(config, noise=json.dumps(list(range(6)))))   # the firm reading, first tries
    slots, recipes = shipped.sample_candidates(config)
    before, after = wrong(first, asked), wrong(slots, asked)
    assert sum(wrong(unchecked, asked)) > sum(before) >= sum(after)
    for k in range(6):
        if not before[k]:     # a first try that has what was asked is kept as it was
            assert recipes[k] == k and np.array_equal(slots[k], first[k])
        else:
            assert recipes[k] in {retry_seed(k, a) for a in range(Config.prompt_retries + 1)}
        if recipes[k] != k:   # a candidate made again comes back from its recorded seed alone
            again = shipped.sample_slots(replace(config, n=1, noise=json.dumps([recipes[k]])))[0]
            assert np.abs(again - slots[k]).max() < 1e-2 and after[k] == 0
    again, again_recipes = shipped.sample_candidates(config)
    assert again_recipes == recipes and np.array_equal(again, slots)


def test_retries_denoised_beside_the_first_tries_choose_as_retries_made_after_them(shipped, monkeypatch):
    import engine.generate.part_slots as part_slots

    assert shipped._tries_ahead(Config(prompt="a round dining table", n=1)) == 1      # a top's shape: ahead
    assert shipped._tries_ahead(Config(prompt="a round dining table", n=2)) == 0      # the batch is full
    assert shipped._tries_ahead(Config(prompt="a stool with three legs", n=1)) == 0   # the structure holds legs
    assert shipped._tries_ahead(Config(prompt="a stool with three legs", n=1, structure_first=False)) == 1
    assert shipped._tries_ahead(Config(prompt="a stool", n=1)) == 0                   # asks nothing
    remade = 0
    # On until a first try is remade, the case the tries ahead are for (seed 11 with the table expert of the
    # thirty-fifth session, which makes the first tries of seeds 0-10 round).
    for seed in range(24):
        config = Config(prompt="a round dining table", n=1, seed=seed, steps=12)
        ahead_slots, ahead_recipes = shipped.sample_candidates(config)
        monkeypatch.setattr(part_slots, "TRIES_BATCH", 1)
        after_slots, after_recipes = shipped.sample_candidates(config)
        monkeypatch.setattr(part_slots, "TRIES_BATCH", 2)
        assert ahead_recipes == after_recipes
        assert np.abs(ahead_slots - after_slots).max() < 1e-3
        remade += ahead_recipes[0] != seed
        if remade:
            break
    assert remade == 1


def test_a_prompt_that_names_a_style_is_denoised_at_the_style_guidance(shipped):
    from dataclasses import replace

    from engine.data.shapes.captions import CATEGORY_NAMES

    def guidance(config):
        return shipped.guidance_for(config, config.prompt)

    tall = Config(prompt="a tall stool", n=2, seed=0, steps=10)
    assert guidance(tall) == 2.0 and guidance(replace(tall, style_guidance=0.0)) == 1.0
    assert guidance(replace(tall, guidance=3.0)) == 3.0                      # never below the guidance asked
    assert shipped.guidance_for(tall, "") == 1.0
    names = [name for names in CATEGORY_NAMES.values() for name in names]   # what `eval generator` samples
    for prompt in names + ["a stool with three legs", "a chair with a solid back", "a kitchen table whose top has "
                           "four corners"]:
        assert guidance(replace(tall, prompt=prompt)) == 1.0, prompt         # nothing a structure cannot hold
    shared = replace(tall, experts=False)   # (an expert that follows firm readings guides away from another side)
    assert np.array_equal(shipped.sample_slots(shared),
                          shipped.sample_slots(replace(shared, guidance=2.0, style_guidance=0.0)))
    assert not np.allclose(shipped.sample_slots(tall), shipped.sample_slots(replace(tall, style_guidance=0.0)))
    # An edit is denoised at its source's guidance, so the parts it keeps are the source's as made.
    edit = replace(tall, edit="with a footrest")
    assert np.array_equal(shipped.sample_slots(edit),
                          shipped.sample_slots(replace(edit, guidance=2.0, style_guidance=0.0)))


def test_a_plain_prompt_asks_for_nothing_and_keeps_its_seeds(shipped):
    from engine.generate.fidelity import prompt_check_reading

    config = Config(prompt="an office chair", n=4, seed=3, steps=10, frame_check=False)   # the prompt check alone
    assert prompt_check_reading(shipped, config) == {}
    slots, recipes = shipped.sample_candidates(config)
    assert recipes == [3, 4, 5, 6]
    assert np.array_equal(slots, shipped.sample_slots(Config(prompt="an office chair", n=4, seed=3, steps=10,
                                                             prompt_retries=0)))


@pytest.mark.parametrize("prompt, mentioned", [
    ("a stool with three legs", {"legs"}), ("an office chair", set()), ("a bed without a headboard", {"headboard"}),
    ("a round dining table", {"shape"}), ("a mug on a saucer", {"saucer"}), ("", set()),
    ("an office chair with armrests and wheels", {"arms", "wheels"}),
])
def test_the_mention_reader_finds_the_attributes_a_prompt_speaks_of(shipped, prompt, mentioned):
    from engine.generate.mention_reader import mentioned_attributes
    from engine.generate.prompt_check import CHECKED
    from engine.generate.text import TextEncoder

    tokens, mask, _ = TextEncoder().encode([prompt])
    found = set(mentioned_attributes(shipped.mentions, tokens, mask)[0])
    assert mentioned <= found and not (found - mentioned) & (set(CHECKED) | {"shape"}), found


def test_a_stool_s_legs_stand_evenly_round_its_seat_and_a_table_s_at_the_corners_of_a_rectangle(shipped):
    def centres(mesh, label):
        return np.array([mesh.vertices[np.unique(mesh.faces[mesh.face_part == i])].mean(0)
                         for i, name in enumerate(mesh.part_names) if name.split("_")[0] == label])

    for prompt, hub in (("a stool with four legs", "seat"), ("a table with four legs", "tabletop")):
        config = Config(prompt=prompt, n=3, seed=0, steps=10, resolution=16, assemble=False, unit_frame=False)
        spreads = {}
        for symmetric in (True, False):
            spread = []
            for mesh in shipped.sample(Config(**dict(vars(config), symmetric=symmetric))):
                legs, top = centres(mesh, "leg"), centres(mesh, hub)
                assert len(legs) == 4 and len(top) == 1
                offsets = np.abs(legs[:, :2] - top[0, :2])       # each leg's offset from the hub's axis
                spread.append(np.ptp(offsets, axis=0).max())    # a leg mesh's centre: its box's, up to meshing
            spreads[symmetric] = max(spread)
        assert spreads[True] < 0.02 and spreads[False] > 0.05, (prompt, spreads)   # 0.02: meshing, not placing


def test_a_negation_the_reader_misses_is_read_from_the_words_and_its_parts_left_out(shipped):
    from engine.generate.slot_codec import decode_slots

    config = Config(prompt="an office chair, arms left off", n=4, seed=0, steps=10)
    tokens, mask, _ = TextEncoder("cpu").encode([config.prompt])
    with torch.no_grad():
        read = shipped.net.read(tokens, mask)
    reader_alone = Config(**dict(vars(config), read_negations=False, phrase_mentions=False))
    assert shipped.prompt_asks(reader_alone, read, tokens, mask).get("arms") is not False   # it does not hear it
    words = Config(**dict(vars(config), phrase_mentions=False))
    assert shipped.prompt_asks(words, read, tokens, mask)["arms"] is False      # the negation words do
    assert shipped.prompt_asks(config, read, tokens, mask)["arms"] is False
    for x in shipped.sample_slots(config):
        assert not {"arm_support", "armrest"} & {p["label"] for p in decode_slots(x, shipped.stats)}


def test_a_paraphrase_the_mention_reader_misses_is_asked_by_its_phrases_and_made(shipped):
    from engine.generate.fidelity import prompt_check_reading
    from engine.generate.slot_codec import decode_slots

    config = Config(prompt="an office chair topped by a cushion for the neck", n=4, seed=0, steps=10)
    assert prompt_check_reading(shipped, Config(**dict(vars(config), phrase_mentions=False))) == {}
    assert prompt_check_reading(shipped, config) == {"headrest": True}
    for x in shipped.sample_slots(config):
        assert "headrest" in {p["label"] for p in decode_slots(x, shipped.stats)}


def test_a_word_the_captions_never_use_makes_the_category_it_names(shipped):
    from engine.generate.category_names import OTHER_NAMES
    from engine.generate.prompt_reader import CATEGORIES

    assert "wardrobe" in OTHER_NAMES["cabinet"] and "windsor chair" in OTHER_NAMES["chair"]
    tokens, mask, _ = TextEncoder("cpu").encode(["a wardrobe", "a windsor chair"])
    with torch.no_grad():
        read = shipped.net.read(tokens, mask)[:, :len(CATEGORIES)].argmax(1).tolist()
    assert [CATEGORIES[i] for i in read] == ["bookshelf", "office_chair"]   # what the reader alone makes of them
    assert shipped.named_category_of("a wardrobe") == "cabinet"
    assert shipped.named_category_of("a windsor chair") == "chair"    # no kind-of exception for an other name
    assert shipped.sample_shapes(Config(prompt="a wardrobe", n=2, seed=0, steps=10))[2] == ["cabinet"] * 2


def test_a_negated_paraphrase_takes_its_part_away(shipped):
    from engine.generate.fidelity import prompt_check_reading
    from engine.generate.slot_codec import decode_slots

    config = Config(prompt="a task seat with the part for resting your head left off", n=4, seed=0, steps=10)
    assert prompt_check_reading(shipped, Config(**dict(vars(config), phrase_negations=False))) == {"headrest": True}
    assert prompt_check_reading(shipped, config) == {"headrest": False}
    for x in shipped.sample_slots(config):
        assert "headrest" not in {p["label"] for p in decode_slots(x, shipped.stats)}


def test_a_negation_of_something_else_leaves_the_part_asked_for(shipped):
    from engine.generate.fidelity import prompt_check_reading
    from engine.generate.slot_codec import decode_slots

    config = Config(prompt="a bed with a board at the foot that is not painted", n=4, seed=0, steps=10)
    assert prompt_check_reading(shipped, Config(**dict(vars(config), negation_reach=False))) == {"footboard": False}
    assert prompt_check_reading(shipped, config) == {"footboard": True}
    for x in shipped.sample_slots(config):
        assert "footboard" in {p["label"] for p in decode_slots(x, shipped.stats)}
    for prompt, asked in [("an office chair, headrest not wanted", {"headrest": False}),   # the negation's own
                          ("a bed with nothing across the end by your toes", {"footboard": False}),
                          ("a teacup resting on a little dish, no pattern on either", {"saucer": True}),
                          ("a bed with a panel behind the pillows, not too wide", {"headboard": True})]:
        assert prompt_check_reading(shipped, Config(prompt=prompt)) == asked, prompt


def test_a_table_top_named_by_a_likeness_is_asked_its_shape(shipped):
    from engine.generate.fidelity import prompt_check_reading

    config = Config(prompt="a table whose top looks like a giant dinner plate", n=3, seed=0, steps=10)
    assert prompt_check_reading(shipped, Config(**dict(vars(config), top_shape=False))) == {}
    assert prompt_check_reading(shipped, config) == {"shape": "round"}
    assert prompt_check_reading(shipped, Config(prompt="a table with a glass top")) == {}


def test_decoded_parts_lose_their_loose_specks_and_broken_ones_are_joined(shipped):
    from engine.generate.part_slots import SPECK_FRACTION, part_quality
    from engine.ops.meshes import face_components

    def piece_shares(mesh):
        """Per part, its pieces' faces over its largest piece's."""
        out = []
        for k in range(len(mesh.part_names)):
            sizes = np.bincount(face_components(mesh.faces[mesh.face_part == k], len(mesh.vertices)))
            sizes = sizes[sizes > 0]
            out.append(sizes / sizes.max())
        return out

    # Lamps: since the label-reading part decoder no part of 16 tables comes out broken; 11 parts of
    # 16 lamps (thin poles, shades) still do.
    # shades and poles meshed by the decoder too
    config = Config(prompt="a lamp", n=16, seed=0, steps=10, profiles=False, tubes=False)
    slots, _, categories = shipped.sample_shapes(config)
    raw = [piece_shares(shipped.decode_as(Config(**dict(vars(config), clean_parts=False)), x, c))
           for x, c in zip(slots, categories)]
    clean = [shipped.decode_as(config, x, c) for x, c in zip(slots, categories)]
    assert any((shares < SPECK_FRACTION).any() for parts in raw for shares in parts)      # specks to drop
    broken = sum((shares >= SPECK_FRACTION).sum() > 1 for parts in raw for shares in parts)
    assert broken > 0                                                                      # large pieces to join
    left_broken = 0
    for mesh, parts in zip(clean, raw):
        after = piece_shares(mesh)
        assert len(after) == len(parts)
        for before, shares in zip(parts, after):
            assert (shares >= SPECK_FRACTION).all() and len(shares) <= (before >= SPECK_FRACTION).sum()
            left_broken += len(shares) > 1
        assert all(quality["watertight"] for quality in part_quality(mesh).values())
    assert left_broken < broken


def test_a_coffee_table_is_a_table_though_the_reader_reads_a_mug(shipped):
    from engine.generate.prompt_reader import CATEGORIES

    config = Config(prompt="a coffee table", n=3, seed=0, steps=10)
    off = Config(**dict(vars(config), named_category=False))
    assert shipped.named_category_of("a coffee table") == "table"
    assert shipped.named_category_of("a table") == "" and shipped.named_category_of("a zorblat") == ""
    assert shipped.named_category_of("a plush chair") == ""         # read as an armchair, a kind of chair
    assert shipped.named_category_of("an executive chair") == ""    # an office chair's other name, and so read
    assert shipped.resolve_category(config).category == "table" and shipped.resolve_category(off) is off
    assert shipped.sample_shapes(off)[2] == ["mug"] * 3          # what the reader alone made of it
    slots, _, categories = shipped.sample_shapes(config)
    assert categories == ["table"] * 3
    chosen = Config(prompt="a coffee table", category="table", n=3, seed=0, steps=10)
    assert np.array_equal(slots, shipped.sample_slots(chosen))   # as if the category were chosen
    tokens, mask, _ = TextEncoder("cpu").encode(["table a coffee table"] * 2)
    with torch.no_grad():
        read = shipped.read_prompt(chosen, tokens, mask)
    assert read[:, :len(CATEGORIES)].tolist() == [[float(c == "table") for c in CATEGORIES]] * 2
    # An interpolation's second prompt is read as it would be as the prompt.
    _, _, second = shipped._second_reading(Config(prompt="a stool", second_prompt="a coffee table", n=2),
                                           TextEncoder("cpu"), 2)
    assert torch.equal(second, read)


def test_stool_seats_come_out_as_wide_as_they_are_deep(shipped):
    """Seen from above a stool's seat is as wide as it is deep with equal_sides (every training
    stool's is); the same candidates without it are not all so. (A table top is made square only when it
    is within 0.88 of it: the shipped weights make some round tables' tops 0.85.)"""
    config = Config(prompt="a stool", n=8, seed=0, steps=10, resolution=40, assemble=False, unit_frame=False)
    ratios = {}
    for equal in (True, False):
        extents = [np.ptp(mesh.vertices[np.unique(mesh.faces[mesh.face_part == i])], axis=0)
                   for mesh in shipped.sample(Config(**dict(vars(config), equal_sides=equal)))
                   for i, name in enumerate(mesh.part_names) if name.split("_")[0] == "seat"]
        ratios[equal] = [min(e[:2]) / max(e[:2]) for e in extents]
    assert len(ratios[True]) >= 6, ratios
    # The median: one stool's seat can be a stray tilted part. Without equal_sides most seats come
    # out near square too (the firm-reading stool expert), but not all.
    assert np.median(ratios[True]) > 0.975, ratios
    assert np.sum(np.asarray(ratios[False]) < 0.95) > np.sum(np.asarray(ratios[True]) < 0.95), ratios


def test_stool_legs_stand_and_feet_are_sized_as_in_training(shipped):
    """With group_spread and proportions every generated stool's legs stand on a ring within the
    training stools' range about its seat, and every pedestal stool's foot is 1.1 times its seat
    across (both within their measured ranges); without them some are not."""
    from engine.generate.group_spread import SPREADS, hubbed_spreads
    from engine.generate.part_proportions import PROPORTIONS, log_ratios

    config = Config(prompt="a stool", n=16, seed=0, steps=10)
    slots, _, categories = shipped.sample_shapes(config)
    outside = {}
    for on in (True, False):
        outside[on] = 0
        for s, category in zip(slots, categories):
            parts = shipped.arranged_parts(s, category, True, True, on, on)
            for key, value in hubbed_spreads(parts, category).items():
                rule = SPREADS["stool"].get(key)
                if rule:
                    outside[on] += bool(np.any(value < np.array(rule[0]) - 1e-6) or np.any(value > np.array(rule[1]) + 1e-6))
            ratio = log_ratios(parts).get("foot|seat")
            if ratio is not None:
                low, high = PROPORTIONS["stool"]["foot|seat"]
                outside[on] += bool(np.any(ratio < np.array(low) - 1e-3) or np.any(ratio > np.array(high) + 1e-3))
    assert outside[True] == 0 and outside[False] >= 3, outside


def test_desk_drawers_sit_flush_on_the_front_of_their_pedestal_with_relations(shipped):
    """With `relations` a generated desk's drawers lie within their nearest side panel's width and
    against its front face (within 0.01 of the shape's longest side); without, none of the 57
    measured did. The rest with (14 of 57; 17 before pedestals and thin panels were read apart)
    have no pedestal within reach, stand against a thin panel, or before a pedestal narrower than
    any training drawer."""
    from engine.generate.part_relations import box_gap, world_faces

    slots, _, categories = shipped.sample_shapes(Config(prompt="a desk with drawers", n=16, seed=0, steps=10))
    off_their_pedestal = {}
    for on in (True, False):
        counts = []
        for s, category in zip(slots, categories):
            parts = shipped.arranged_parts(s, category, True, True, True, True, True, on)
            panels = [world_faces(p) for p in parts if p["label"] == "side_panel"]
            for drawer in (world_faces(p) for p in parts if p["label"] == "drawer" and panels):
                panel = min(panels, key=lambda f: box_gap(drawer, f))
                within = drawer[0, 0] >= panel[0, 0] - 0.005 and drawer[1, 0] <= panel[1, 0] + 0.005
                counts.append(not (within and abs(drawer[1, 1] - panel[0, 1]) <= 0.01))
        off_their_pedestal[on] = (sum(counts), len(counts))
    assert off_their_pedestal[True][1] >= 30, off_their_pedestal
    assert off_their_pedestal[True][0] <= 0.33 * off_their_pedestal[True][1], off_their_pedestal
    assert off_their_pedestal[False][0] >= 0.75 * off_their_pedestal[False][1], off_their_pedestal


def test_bookshelf_shelves_divide_the_height_between_its_panels_with_spans(shipped):
    """With `spans` every generated bookshelf with two or more shelves in one column, one bottom and
    one top panel has its gaps (bottom panel, shelves, top panel) equal within 1% of the shape's
    longest side, as every training bookshelf has; without, few do."""
    from engine.generate.part_relations import world_faces

    slots, _, categories = shipped.sample_shapes(Config(prompt="a bookshelf", n=16, seed=0, steps=10))
    even = {}
    for on in (True, False):
        even[on] = []
        for s, category in zip(slots, categories):
            parts = shipped.arranged_parts(s, category, True, True, True, True, True, True, on)
            bottoms = [world_faces(p)[1, 2] for p in parts if p["label"] == "bottom_panel"]
            tops = [world_faces(p)[0, 2] for p in parts if p["label"] == "top_panel"]
            shelves = sorted(world_faces(p).mean(0)[2] for p in parts if p["label"] == "shelf")
            if len(bottoms) == 1 and len(tops) == 1 and len(shelves) >= 2:
                gaps = np.diff([bottoms[0], *shelves, tops[0]])
                even[on].append(bool(np.ptp(gaps) <= 0.01))
    assert len(even[True]) >= 12 and all(even[True]), even
    assert sum(even[False]) <= 0.5 * len(even[False]), even


def test_the_profile_reader_knows_every_turned_part_and_generated_vessels_come_out_hollow_and_whole(shipped):
    from engine.generate.part_slots import part_quality
    from engine.generate.revolved_parts import REVOLVED

    card = json.load(open(os.path.join(MODELS_DIR, "part_profiles.json")))
    part_vae = json.load(open(os.path.join(MODELS_DIR, "part_vae.json")))
    assert card["part_vae_sha256"] == part_vae["sha256"]
    assert set(shipped.profiles.config.keys) == {f"{c}/{label}" for c, labels in REVOLVED.items() for label in labels}
    for key in ("vase/body", "mug/body", "lamp/lampshade"):   # validation radii within 2% of the box
        assert card["metrics"][key]["outer_mae"] < 0.02 and card["metrics"][key]["hollow_right"] > 0.98
    for prompt, label in (("a vase", "body"), ("a mug", "body"), ("a tall lamp", "lampshade")):
        for mesh in shipped.sample(Config(prompt=prompt, n=2, seed=0, steps=10)):
            assert all(quality["watertight"] for quality in part_quality(mesh).values())
            k = mesh.part_names.index(label)
            faces = mesh.faces[mesh.face_part == k]
            tri = mesh.vertices[faces]
            volume = np.einsum("ij,ij->i", tri[:, 0], np.cross(tri[:, 1], tri[:, 2])).sum() / 6
            used = mesh.vertices[np.unique(faces)]
            radius = np.abs(used[:, :2] - used[:, :2].mean(0)).max()
            cylinder = np.pi * radius ** 2 * np.ptp(used[:, 2])
            assert 0 < volume < 0.35 * cylinder, (prompt, volume / cylinder)   # a thin wall, not a solid


def test_the_tube_reader_knows_every_tubed_part_and_generated_handles_and_poles_come_out_round_and_whole(shipped):
    from engine.generate.part_slots import part_quality
    from engine.generate.part_tubes import POINTS, SEGMENTS, TUBED

    card = json.load(open(os.path.join(MODELS_DIR, "part_tubes.json")))
    part_vae = json.load(open(os.path.join(MODELS_DIR, "part_vae.json")))
    assert card["part_vae_sha256"] == part_vae["sha256"]
    assert set(shipped.tubes.config.keys) == {f"{c}/{label}" for c, labels in TUBED.items() for label in labels}
    assert card["metrics"]["mug/vessel_handle"]["path_error"] < 0.02   # box units
    assert card["metrics"]["vase/vessel_handle"]["path_error"] < 0.2     # its box turns with its proportions
    assert card["metrics"]["lamp/lamp_pole"]["path_error"] < 0.03
    assert all(card["metrics"][key]["radius_mae"] < 0.01 for key in card["metrics"])
    tube_faces = 2 * SEGMENTS * (POINTS + 6 - 1) + 2 * SEGMENTS   # 16 rings along, 3 at each cap, a fan at each end
    for mesh in shipped.sample(Config(prompt="a mug", n=2, seed=0, steps=10)):
        assert all(quality["watertight"] for quality in part_quality(mesh).values())
        handle = mesh.part_names.index("vessel_handle")
        assert (mesh.face_part == handle).sum() == tube_faces   # the tube as read, not the decoder's grid
    for mesh in shipped.sample(Config(prompt="a floor lamp with an arched pole", n=2, seed=0, steps=10)):
        assert all(quality["watertight"] for quality in part_quality(mesh).values())
        poles = [k for k, name in enumerate(mesh.part_names) if name.startswith("lamp_pole")]
        assert poles and all((mesh.face_part == k).sum() == tube_faces for k in poles)


@pytest.mark.parametrize("prompt, category", [("a bed", "bed"), ("a vase", "vase")])
def test_the_shipped_latent_model_makes_the_thing_asked_for_in_closed_labelled_parts(prompt, category):
    """The second model (latent SDF diffusion, trained on this CPU): the decoded voxels' own labels,
    not kept to any category, favour the category asked for in most candidates (one category in 13
    by chance; the shipped weights: beds 7 of 8, vases 6 of 8), and every part is closed."""
    from engine.generate.latent_sdf import Config as LatentConfig
    from engine.generate.latent_sdf import LatentSDFGenerator, favoured_category, part_meshes
    from engine.generate.part_slots import part_quality

    generator = LatentSDFGenerator.load(MODELS_DIR)
    card = json.load(open(os.path.join(MODELS_DIR, "latent_sdf.json")))
    assert card["recipe"]["resolution"] == 32 and card["device"] == "cpu"
    favoured = []
    for latent in generator.sample_latents(LatentConfig(prompt=prompt, n=8, seed=0, steps=20)):
        sdf, logits = generator.decode(latent)
        favoured.append(favoured_category(sdf < 0, logits))
        mesh = part_meshes(sdf, logits, category)
        assert len(mesh.part_names) >= 1
        assert all(quality["watertight"] for quality in part_quality(mesh).values())
    assert favoured.count(category) >= 5, favoured
