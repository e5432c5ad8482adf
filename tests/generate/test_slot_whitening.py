"""Per-slot whitening against statistics computed by hand on a small synthetic set."""

import numpy as np
import pytest

from engine.generate.slot_codec import SLOT_DIM
from engine.generate.slot_whitening import FIELDS, MIN_FILLED, SCALE_FLOOR, SlotWhitening


def synthetic_slots(seed: int = 0):
    """Two categories, 3 slots: slot 0 always filled (its fields spread), slot 1 filled in a few
    stools only, slot 2 never; a constant field (a centred part's x) in slot 0 of tables."""
    rng = np.random.default_rng(seed)
    n = 40
    x = np.zeros((n, 3, SLOT_DIM), np.float32)
    x[..., 0] = -1
    categories = ["stool"] * 20 + ["table"] * 20
    x[:, 0, 0] = 1
    x[:, 0, 1:] = rng.normal(0.3, 0.1, (n, SLOT_DIM - 1))
    x[20:, 0, 7] = 0.0                       # table slot 0: its centre x never moves
    x[:MIN_FILLED - 1, 1, 0] = 1             # too few stools fill slot 1 for statistics of its own
    x[:MIN_FILLED - 1, 1, 1:] = 0.7
    return x, categories


def test_fit_gives_each_category_and_slot_its_own_mean_and_spread():
    x, categories = synthetic_slots()
    w = SlotWhitening.fit(x, categories, "boxes")
    lo, hi = FIELDS["boxes"]
    assert w.categories == ("stool", "table") and w.mean.shape == (2, 3, hi - lo)
    for c, rows in ((0, slice(0, 20)), (1, slice(20, 40))):
        by_hand = x[rows, 0, lo:hi].astype(np.float64)
        assert np.allclose(w.mean[c, 0], by_hand.mean(0), atol=1e-6)
        assert np.allclose(w.scale[c, 0], np.maximum(by_hand.std(0), SCALE_FLOOR), atol=1e-6)
    assert w.scale[1, 0, 0] == SCALE_FLOOR and w.mean[1, 0, 0] == 0          # the constant field: the floor
    assert np.all(w.mean[:, 1:] == 0) and np.all(w.scale[:, 1:] == 1)       # too few or no filled slots: as is
    z = w.whiten(x, categories)
    stools = z[:20, 0, lo:hi]
    assert np.allclose(stools.mean(0), 0, atol=1e-5) and np.allclose(stools.std(0), 1, atol=1e-4)


def test_whitening_moves_only_filled_slots_fields_and_comes_back_exactly():
    x, categories = synthetic_slots()
    for fields in FIELDS:
        w = SlotWhitening.fit(x, categories, fields)
        lo, hi = FIELDS[fields]
        z = w.whiten(x, categories)
        assert np.array_equal(z[..., :lo], x[..., :lo]) and np.array_equal(z[..., hi:], x[..., hi:])
        assert np.all(z[:, 2] == x[:, 2])                                  # empty slots stay as they were
        assert not np.allclose(z[:, 0, lo:hi], x[:, 0, lo:hi])
        back = w.unwhiten(z, categories)
        filled = x[..., 0] > 0
        assert np.allclose(back[filled], x[filled], atol=1e-5)
        assert x.dtype == z.dtype == back.dtype == np.float32


def test_an_unknown_category_is_left_as_it_is_and_the_dict_round_trips():
    x, categories = synthetic_slots()
    w = SlotWhitening.fit(x, categories)
    assert np.array_equal(w.whiten(x[:2], ["lamp", "lamp"]), x[:2])
    assert np.array_equal(w.unwhiten(x[:2], ["lamp", None]), x[:2])
    again = SlotWhitening.from_dict(w.to_dict())
    assert again.categories == w.categories and again.fields == w.fields
    assert np.array_equal(again.mean, w.mean) and np.array_equal(again.scale, w.scale)
    with pytest.raises(ValueError, match="unknown whitening fields"):
        SlotWhitening.fit(x, categories, "everything")
