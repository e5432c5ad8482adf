"""The offline sentence encoder: shapes, the empty prompt, limits, negations kept apart."""

import pytest
import torch

from engine.errors import EngineError
from engine.generate.text import EMBED_DIM, MAX_PROMPT_CHARS, TextEncoder


@pytest.fixture(scope="module")
def encoder():
    return TextEncoder(max_tokens=16)


def test_encodes_tokens_masks_and_unit_sentence_vectors(encoder):
    tokens, mask, pooled = encoder.encode(["a tall office chair with armrests", "", "chair " * 100])
    assert tokens.shape == (3, 16, EMBED_DIM) and mask.shape == (3, 16) and pooled.shape == (3, EMBED_DIM)
    assert mask[0].sum() == 10  # [CLS] a tall office chair with arm ##rest ##s [SEP]
    assert mask[1].sum() == 0 and (tokens[1] == 0).all() and (pooled[1] == 0).all()  # unconditional
    assert mask[2].all()  # truncated to max_tokens
    assert torch.allclose(pooled[[0, 2]].norm(dim=1), torch.ones(2), atol=1e-5)
    assert (tokens[0][~mask[0]] == 0).all()
    again = encoder.encode(["a tall office chair with armrests"])
    assert torch.allclose(again[0][0], tokens[0], atol=1e-5)  # alone or in a padded batch


def test_with_and_without_differ_in_the_tokens(encoder):
    tokens, mask, pooled = encoder.encode(["a chair with arms", "a chair without arms"])
    assert float(pooled[0] @ pooled[1]) > 0.7  # the sentence vectors are close, as the issue warns
    assert (tokens[0, 3] - tokens[1, 3]).norm() > 1.0  # but "with" and "without" tokens are not


def test_bad_prompts_are_refused(encoder):
    with pytest.raises(EngineError, match="at most"):
        encoder.encode(["x" * (MAX_PROMPT_CHARS + 1)])
    with pytest.raises(EngineError, match="must be text"):
        encoder.encode([None])


def test_a_lone_prompt_encoded_again_comes_from_the_recent_encodings_unchanged_by_its_callers(encoder):
    from engine.generate import text

    first = encoder.encode(["a low stool with a footrest"])
    first[0].zero_()                                    # a caller writing into what it got
    key = ("cpu", 16, "a low stool with a footrest")
    assert key in text._RECENT
    again = encoder.encode(["a low stool with a footrest"])
    fresh = encoder._encode(["a low stool with a footrest"])
    assert all(torch.equal(a, b) for a, b in zip(again, fresh))
    for k in range(text._RECENT_SIZE + 1):
        encoder.encode([f"a stool number {k}"])
    assert key not in text._RECENT and len(text._RECENT) == text._RECENT_SIZE   # the oldest go first
    with pytest.raises(EngineError):
        encoder.encode(["x" * (MAX_PROMPT_CHARS + 1)])   # checked before the cache is looked at
