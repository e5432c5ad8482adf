"""The cached dataset: contents, resumability, identical bytes on a rebuild, refusals."""

import json
import os

import numpy as np
import pytest

from engine.data.shapes import shape_for_index
from engine.data.shapes.dataset import DatasetConfig, ShapeDataset, build_dataset, shard_path
from engine.data.shapes.samples import derive_samples
from engine.errors import EngineError

CONFIG = DatasetConfig(split="val", count=23, shard_size=10, resolutions=(16,), surface_count=256, near_count=256)


def test_build_contents_resume_and_identical_bytes(tmp_path):
    out = str(tmp_path / "ds")
    calls = []
    result = build_dataset(out, CONFIG, workers=1, progress=lambda d, t: calls.append((d, t)))
    assert result == {"dir": out, "shards": 3, "built": 3, "count": 23}
    assert calls[-1] == (23, 23)
    ds = ShapeDataset(out)
    assert len(ds) == 23 and ds.shards == 3
    records, arrays = ds.shard(2)
    assert [r["index"] for r in records] == [20, 21, 22]
    assert arrays["sdf_16"].shape == (3, 16, 16, 16) and arrays["surface_points"].shape == (3, 256, 3)
    # A cached shape is exactly the one generated on demand.
    shape = shape_for_index("val", 21)
    assert records[1]["caption"] == shape.caption and records[1]["category"] == shape.category
    fresh = derive_samples(shape, CONFIG.sample_config(), seed=10_000_000 + 21)
    assert all(np.array_equal(fresh[k], arrays[k][1]) for k in fresh)
    # Resume: only the missing shard is rebuilt, with the same bytes.
    before = open(shard_path(out, 1), "rb").read()
    mtime0 = os.path.getmtime(shard_path(out, 0))
    os.remove(shard_path(out, 1))
    with pytest.raises(EngineError, match="incomplete"):
        ShapeDataset(out)
    result = build_dataset(out, CONFIG, workers=1)
    assert result["built"] == 1
    assert os.path.getmtime(shard_path(out, 0)) == mtime0
    assert open(shard_path(out, 1), "rb").read() == before


def test_two_workers_write_the_same_shards(tmp_path):
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    build_dataset(a, CONFIG, workers=1)
    build_dataset(b, CONFIG, workers=2)
    for k in range(3):
        assert open(shard_path(a, k), "rb").read() == open(shard_path(b, k), "rb").read()
        assert json.load(open(shard_path(a, k, "json"))) == json.load(open(shard_path(b, k, "json")))


def test_refusals(tmp_path):
    out = str(tmp_path / "ds")
    build_dataset(out, DatasetConfig(split="val", count=2, shard_size=2, resolutions=(8,), surface_count=64,
                                     near_count=64), workers=1)
    with pytest.raises(EngineError, match="other settings"):
        build_dataset(out, DatasetConfig(split="val", count=4, shard_size=2, resolutions=(8,)), workers=1)
    with pytest.raises(EngineError, match="Unknown split"):
        build_dataset(str(tmp_path / "x"), DatasetConfig(split="holdout"))
    with pytest.raises(EngineError, match="not a Shapesmith dataset"):
        ShapeDataset(str(tmp_path))
