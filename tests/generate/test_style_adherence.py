"""The style-adherence measure: its classifier on analytic shapes and on real library shapes, and
the eval end to end on the tiny generator."""

import numpy as np
import pytest

from engine.generate.style_adherence import (STYLE_PROMPTS, real_shapes, classify, evaluate_styles, proportion,
                                             proportion_medians, real_accuracy, same_class, style_from_labels)


def test_proportion_is_height_over_the_larger_footprint_side():
    corners = np.array([[x, y, z] for x in (0, 0.4) for y in (0, 0.25) for z in (0, 1.0)])
    assert proportion(corners) == pytest.approx(2.5)
    assert proportion(corners[:, [2, 1, 0]]) == pytest.approx(0.4)   # lying down


def test_classes_from_proportions_and_labels():
    medians = {"low": 1.0, "medium": 1.5, "tall": 1.9}
    assert classify("height", np.array([[0, 0, 0], [0.5, 0.5, 0.6]]), set(), medians) == "low"
    assert classify("height", np.array([[0, 0, 0], [0.5, 0.5, 0.95]]), set(), medians) == "tall"
    assert style_from_labels("leg_style", {"seat", "pedestal", "foot"}) == "pedestal"
    assert style_from_labels("leg_style", {"seat", "leg"}) == "legs"
    assert style_from_labels("back_style", {"back_post", "back_rail"}) == "ladder"
    assert style_from_labels("back_style", {"back_post", "back_rail", "back_slat"}) == "slats"
    assert style_from_labels("back_style", {"back_panel", "back_post"}) == "panel"
    assert same_class("back_style", "slats", "spindles") and not same_class("back_style", "panel", "ladder")
    assert same_class("leg_style", "legs", "turned") and not same_class("leg_style", "pedestal", "turned")


@pytest.mark.parametrize("category", ["stool", "chair"])
def test_the_classifier_reads_real_test_shapes_right(category):
    train, test = real_shapes(category, "train", 60), real_shapes(category, "test", 40)
    for prompt, cat, attribute, value in STYLE_PROMPTS:
        if cat != category:
            continue
        medians = proportion_medians(train, attribute) if attribute in ("height", "back_height") else {}
        accuracy = real_accuracy(test, attribute, value, medians)
        assert accuracy is not None and accuracy >= 0.75, (prompt, accuracy)


def test_the_eval_runs_on_a_generator_and_reports_rates(tiny_models):
    from engine.generate.part_slots import PartSlotGenerator

    gen = PartSlotGenerator.load(str(tiny_models[0]))
    lines = []
    out = evaluate_styles(gen, samples=2, steps=3, reference=6, log=lines.append)
    assert len(out["prompts"]) == len(STYLE_PROMPTS) and lines[-1].startswith("style adherence")
    for row in out["prompts"]:
        assert 0.0 <= row["rate"] <= 1.0 and 0.0 <= row["plain_rate"] <= 1.0


def test_the_eval_samples_with_the_settings_it_is_given(tiny_models):
    from engine.generate.fidelity import evaluate_fidelity
    from engine.generate.part_slots import PartSlotGenerator

    gen = PartSlotGenerator.load(str(tiny_models[0]))
    seen = []
    for name in ("sample", "sample_slots"):
        real = getattr(gen, name)
        setattr(gen, name, lambda config, *a, _real=real, **k: seen.append(config) or _real(config, *a, **k))
    evaluate_styles(gen, samples=1, steps=2, reference=2, log=lambda s: None, settings={"noise_scale": 1.2})
    evaluate_fidelity(gen, samples=1, steps=2, prompts=[("a stool with three legs", {"legs": 3})],
                      log=lambda s: None, settings={"noise_scale": 0.8})
    assert len(seen) > len(STYLE_PROMPTS)
    assert {c.noise_scale for c in seen[:-1]} == {1.2} and seen[-1].noise_scale == 0.8


def test_eval_refuses_a_noise_scale_for_the_latent_model():
    import subprocess
    import sys

    from tests.conftest import ROOT

    proc = subprocess.run([sys.executable, "-m", "engine", "eval", "generator", "--method", "latent_sdf",
                           "--noise-scale", "1.1"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and "part_slots model only" in proc.stderr


def test_eval_set_reads_each_setting_as_its_type_and_refuses_unknown_or_own_keys():
    import subprocess
    import sys

    from engine.__main__ import _settings
    from tests.conftest import ROOT

    assert _settings(["symmetric=false", "unit_frame=1", "noise_scale=1.1", "prompt_retries=0"]) == \
        {"symmetric": False, "unit_frame": True, "noise_scale": 1.1, "prompt_retries": 0}
    from engine.generate.latent_sdf import Config as LatentConfig

    assert _settings(["joined=false", "keep_labels=on"], LatentConfig) == {"joined": False, "keep_labels": True}
    with pytest.raises(ValueError, match="no such generation setting"):
        _settings(["symmetric=false"], LatentConfig)                     # the latent model's own settings only
    for bad, says in (("nope=1", "no such generation setting"), ("symmetric=maybe", "not true or false"),
                      ("prompt_retries=1.5", "not an int"), ("steps=3", "sets this itself")):
        with pytest.raises(ValueError, match=says):
            _settings([bad])
    for extra in (["--set", "nope=1"], ["--method", "latent_sdf", "--set", "symmetric=false"]):
        proc = subprocess.run([sys.executable, "-m", "engine", "eval", "generator", "-n", "1", *extra], cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 2 and proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr
