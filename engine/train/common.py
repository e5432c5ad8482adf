"""Shared training plumbing: thread pinning, saving weights with a model card, loading them back
with their hash checked, and the pieces every diffusion training loop repeats (a batch of
captions with the prompt dropped for classifier-free guidance, an optimiser step, a resumable
checkpoint)."""

from __future__ import annotations

import hashlib
import json
import os
import time

from ..errors import EngineError


def pin_threads(threads: int = 0) -> int:
    """Pin torch's intra-op threads (0: the cores this process may use); oversubscribed threads
    on small shared machines make small steps many times slower."""
    import torch

    if threads <= 0:
        threads = int(os.environ.get("SHAPESMITH_THREADS", 0)) or len(os.sched_getaffinity(0))
    torch.set_num_threads(threads)
    return threads


def flush_denormals() -> None:
    """Flush denormal floats to zero in this process: late in a training run they made each CPU
    step of the part decoder about three times slower (0.58 s against 0.20 s on an Intel Xeon;
    BENCHMARKS.md, twenty-fourth session). For a process that only trains (`engine train`):
    scipy's k-d tree queries have crashed in a process flushing them."""
    import numpy as np
    import torch

    for kind in (np.float32, np.float64):   # numpy caches its float limits; worked out under flushing they warn
        np.finfo(kind).smallest_subnormal
    torch.set_flush_denormal(True)


def file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def save_model(model, path: str, card: dict, metadata: dict, dtype=None) -> dict:
    """Weights (a model's, or a dict of tensors) to `path` (safetensors; floating tensors cast to
    `dtype` when given, e.g. float16 to halve the file: load_state_dict casts them back), the card
    with the file's sha256 to <path without ext>.json; returns the card as written."""
    from safetensors.torch import save_file

    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tensors = model if isinstance(model, dict) else model.state_dict()
    state = {k: v.detach().contiguous().cpu() for k, v in tensors.items()}
    if dtype is not None:
        state = {k: v.to(dtype) if v.is_floating_point() else v for k, v in state.items()}
    save_file(state, path, metadata={k: str(v) for k, v in metadata.items()})
    card = dict(card, weights=os.path.basename(path), sha256=file_sha256(path),
                size_mb=round(os.path.getsize(path) / 1e6, 2))
    with open(os.path.splitext(path)[0] + ".json", "w", encoding="utf-8") as fh:
        json.dump(card, fh, indent=1)
    return card


def write_npz(path: str, **arrays) -> None:
    """A compressed .npz written whole or not at all (through a temporary file of this process:
    runs side by side may share a data cache)."""
    import numpy as np

    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as fh:
        np.savez_compressed(fh, **arrays)
    os.replace(tmp, path)


def load_weights(path: str) -> tuple[dict, dict, dict]:
    """(state dict, safetensors metadata, card), refusing a missing, corrupt or tampered file."""
    from safetensors import safe_open

    card_path = os.path.splitext(path)[0] + ".json"
    if not os.path.exists(path) or not os.path.exists(card_path):
        raise EngineError("MODEL_MISSING", f"The model file {os.path.basename(path)} or its card is missing.",
                          "Reinstall Shapesmith, or train it with `python -m engine train`.")
    with open(card_path, encoding="utf-8") as fh:
        card = json.load(fh)
    if file_sha256(path) != card.get("sha256"):
        raise EngineError("MODEL_MISSING", f"The model file {os.path.basename(path)} does not match its card's "
                          "sha256: it is damaged or was changed.", "Reinstall Shapesmith or retrain the model.")
    try:
        with safe_open(path, framework="pt") as fh:
            state = {k: fh.get_tensor(k) for k in fh.keys()}
            metadata = fh.metadata() or {}
    except Exception as exc:  # safetensors raises its own error types
        raise EngineError("MODEL_MISSING", f"The model file {os.path.basename(path)} cannot be read: {exc}.") from None
    return state, metadata, card


def caption_batch(tokens, mask, caption_ids, idx, gen, cond_dropout: float):
    """(tokens (B, L, D) float, mask (B, L), pick (B,)) for the shapes `idx` (B,): one of each
    shape's captions at random (`caption_ids` (N, C) rows of caption indices), the prompt emptied
    (all-zero tokens, no mask) for a `cond_dropout` share of them: the unconditional branch."""
    import torch

    pick = caption_ids[idx, torch.randint(0, caption_ids.shape[1], (len(idx),), generator=gen)]
    tok, msk = tokens[pick].float(), mask[pick].clone()
    drop = torch.rand(len(idx), generator=gen) < cond_dropout
    tok[drop] = 0
    msk[drop] = False
    return tok, msk, pick


def optimizer_step(opt, loss, parameters, max_norm: float = 1.0) -> None:
    """Backward, gradients clipped to `max_norm`, one step."""
    import torch

    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(parameters, max_norm)
    opt.step()


def save_checkpoint(path: str, state: dict, gen, world: int, rank: int) -> None:
    """Rank 0 writes `state` plus every rank's random-generator state (gathered over the process
    group when there are several), atomically, so a resumed run draws what it would have drawn."""
    import torch

    gens = [gen.get_state()]
    if world > 1:
        import torch.distributed as dist

        gens = [None] * world
        dist.all_gather_object(gens, gen.get_state())
    if rank == 0:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)   # as save_model: -o may name a new folder
        torch.save({**state, "gen": gens}, path + ".tmp")
        os.replace(path + ".tmp", path)


def finish_run(model, out_path: str, card: dict, metadata: dict, checkpoint: str, world: int, rank: int,
               half_weights: bool) -> dict:
    """Rank 0 saves the trained model with its card (float16 when `half_weights`) and deletes the
    run's checkpoint; every rank waits for that, then leaves the process group. Returns the card as
    written (as given on other ranks)."""
    import torch

    if rank == 0:
        card = save_model(model if isinstance(model, dict) else model.cpu(), out_path, card,
                          dtype=torch.float16 if half_weights else None, metadata=metadata)
        if os.path.exists(checkpoint):
            os.remove(checkpoint)
    if world > 1:
        import gc

        import torch.distributed as dist

        # The callers drop their DistributedDataParallel wrappers before this, so whatever of them
        # waits for the collector goes here, while the group still runs, not in the teardown. (A rank
        # aborted once more at exit in CI with the group destroyed; the cause is not known: 0 in
        # 100 runs here. The CLI's ranks now leave without the interpreter's teardown (__main__),
        # and the test runs them with faulthandler to show where, should it recur.)
        gc.collect()
        dist.barrier()
        # A gloo group left for the interpreter's teardown has aborted a rank at exit ("terminate called
        # without an active exception", about one run in twelve on 2 loaded cores), after its work was done.
        dist.destroy_process_group()
    return card


class WeightAverage:
    """An exponential moving average of a model's floating-point weights (Polyak averaging, as
    DDPM samples from): decay min(`decay`, (1 + n) / (10 + n)) after n updates, so the first
    updates are not held to the random start. decay 0: no average (`apply` leaves the model)."""

    def __init__(self, model, decay: float, state: dict | None = None):
        self.decay, self.updates = decay, 0
        self.average = {k: v.detach().clone() for k, v in model.state_dict().items() if v.is_floating_point()}
        if state is not None:
            self.updates = int(state["updates"])
            self.average = {k: v.to(self.average[k].device) for k, v in state["average"].items()}

    def update(self, model) -> None:
        import torch

        if not self.decay:
            return
        self.updates += 1
        decay = min(self.decay, (1 + self.updates) / (10 + self.updates))
        with torch.no_grad():
            for k, v in model.state_dict().items():
                if k in self.average:
                    self.average[k].lerp_(v.detach(), 1 - decay)

    def state(self) -> dict:
        return {"updates": self.updates, "average": {k: v.cpu() for k, v in self.average.items()}}

    def apply(self, model) -> None:
        """Put the average into the model's weights (once training is over)."""
        if self.decay and self.updates:
            model.load_state_dict({**model.state_dict(), **self.average})


def train_on_draws(model, count: int, batch_loss, steps: int, batch: int, lr: float, seed: int, log,
                   started: float, weight_decay: float = 0.01, every: int = 100, name: str = "loss") -> list:
    """The plain loop of the small models (the mention reader, the profile reader): AdamW for
    `steps` steps with a cosine learning rate (cosine_lr), each on `batch` example indices drawn
    from range(count) by a generator seeded with `seed`; batch_loss(indices, generator) -> the
    loss. Returns the history [(step, loss)], logged every `every` steps and at the last."""
    import torch

    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    gen = torch.Generator().manual_seed(seed)
    history = []
    model.train()
    for step in range(steps):
        for g in opt.param_groups:
            g["lr"] = cosine_lr(lr, step, steps)
        loss = batch_loss(torch.randint(0, count, (batch,), generator=gen), gen)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % every == 0 or step == steps - 1:
            history.append((step, round(loss.item(), 6)))
            log(f"step {step:5d}  {name} {loss.item():.5f}  {time.time() - started:.0f} s")
    model.eval()
    return history


def cosine_lr(base: float, step: int, total: int, warmup: int = 100) -> float:
    """Linear warm-up over `warmup` steps, then cosine decay to zero at `total`."""
    import math

    return float(base * min(1.0, (step + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * step / total)))
