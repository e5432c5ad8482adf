"""Train the part-slot diffusion generator (DDPM objective, classifier-free guidance dropout).

Two phases: the prompt reader (prompt_reader.py) learns to read each caption's category,
attributes and filled slots (`reader_steps`); then it is frozen, its features for every caption
are computed once, and the denoiser learns with them (`steps`).

    python -m engine train generator -o engine/models/generator.safetensors
    torchrun --nproc_per_node=N -m engine train generator -o ...   (DistributedDataParallel:
        gloo on CPU, NCCL on GPUs; each rank draws its own batches, gradients are averaged)
A checkpoint beside the output (<name>.ckpt.pt) is written every `checkpoint_every` steps and
picked up again by the same command, so an interrupted run resumes. `--data-cache FILE.npz`
keeps the training shapes and captions between runs of one recipe (training_examples).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass


@dataclass
class GeneratorTrainConfig:
    """The recipe."""
    part_vae: str = ""            # weights of the part auto-encoder (its sha256 goes in the card)
    shapes: int = 4000            # training shapes
    captions_per_shape: int = 6
    steps: int = 7000
    batch: int = 64
    lr: float = 6e-4
    width: int = 128
    depth: int = 6
    heads: int = 4
    cond_dropout: float = 0.1     # probability of an empty prompt (the unconditional branch)
    reader_width: int = 128       # the prompt reader's width (0: no reader, tokens only)
    reader_steps: int = 1500
    reader_lr: float = 1e-3
    reader_batch: int = 128
    read_truth_rate: float = 0.25     # share of the denoiser's examples conditioned on the shape's own
                                      # category, attributes and filled slots instead of the caption's reading
    reader_slot_weight: float = 24.0  # weight of the filled-slot loss (a mean over 24 slots): at 1.0 the slot
                                      # odds stayed near the training odds whatever the prompt said
    reader_members: int = 1       # readers trained one after another (other seeds) and averaged (3 and
                                  # token dropout 0.25 were tried: BENCHMARKS.md, seventh session)
    reader_token_dropout: float = 0.0  # share of a caption's tokens hidden from the reader in training (never
                                       # all): it must read the rest of the sentence, not key on one word
    slot_labels: bool = True      # each slot told the label it holds under the read category's layout
    reader_from: str = ""         # a trained generator whose prompt reader is taken as it is (no reader phase):
                                  # the denoiser retrained against a fixed reader, free of the reader's
                                  # retraining noise (which moved fidelity by 24 of 240 samples; BENCHMARKS.md)
    slot_roles: bool = False      # each slot told its own (category, slot) role: an office chair's right and
                                  # left arm supports are no longer interchangeable (trained in the eighth
                                  # session, not shipped yet: BENCHMARKS.md)
    self_condition: bool = False  # the denoiser also sees its previous clean-slot estimate (part_slot_net.py);
                                  # half the batches learn with it
    identity_init: float = 0.02   # std of the slot position and role embeddings at the start (NetConfig)
    snr_gamma: float = 0.0        # min-SNR loss weighting (Hang et al. 2023): each example's clean-value error
                                  # weighted by min(SNR_t, gamma), so the nearly clean timesteps, whose
                                  # targets are easy, no longer dominate; 0: the plain mean squared error
    prediction: str = "epsilon"   # the denoiser's target: "epsilon" (the noise) or "v" (sqrt(ab) eps - sqrt(1 - ab)
                                  # x_0), a well-scaled target at high noise, where an eps error is magnified
                                  # 1 / sqrt(ab) times in the clean estimate (here v lowered MMD and coverage
                                  # both: BENCHMARKS.md, twelfth session)
    whiten: str = ""              # "boxes" or "boxes+codes": each (category, slot) field standardised by its own
                                  # spread in the training shapes (slot_whitening.py), so the denoiser decides
                                  # proportions across the schedule, not in its last steps; "": the codec as it is
    init_from: str = ""           # a trained generator of the same sizes whose denoiser (and reader) this run starts
                                  # from and trains on (a fresh learning-rate schedule): more steps for shipped weights
    timesteps_below: int = 0      # train on the timesteps t < this only (0: all): a low-noise expert, which
                                  # sampling hands the last steps to (part_slots.py's refiner; eDiff-I's
                                  # experts, Balaji et al. 2022), all its width spent where parts are placed
    centre_weight: float = 1.0    # the squared error on the box centres' features weighted this many times: they are
                                  # 3 of a slot's 35 features, and the denoiser's centres crowd toward the
                                  # average shape in the last steps (twentieth session); 8 placed parts more
                                  # precisely but covered fewer shapes (BENCHMARKS.md, twenty-first session)
    categories: str = ""          # train on these categories' shapes only ("table" or "table,desk"; `shapes` of them,
                                  # in turn), coded with init_from's slot statistics: a category fine-tune
    expert_rank: int = 0          # with init_from and categories: train only a rank-r delta of every denoiser weight
                                  # (W + B A, low_rank.py) and its biases, and save those alone: an expert the
                                  # generator uses for those categories (part_slots.py); 0: every weight
    ema: float = 0.0              # decay of an exponential moving average of the weights, saved in their place
                                  # (common.WeightAverage; 0: the last weights)
    seed: int = 0
    threads: int = 0
    checkpoint_every: int = 500
    half_weights: bool = True     # store the weights as float16 (half the file; loaded back as float32)


def _distributed():
    import torch.distributed as dist

    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world > 1 and not dist.is_initialized():
        import torch

        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    rank = dist.get_rank() if world > 1 else 0
    return rank, world


def take_reader(model, path: str) -> str:
    """Load the prompt reader of the generator weights at `path` into `model` (same reader sizes);
    returns that file's sha256. A typed error for weights without a reader or of other sizes."""
    from ..errors import EngineError
    from .common import load_weights

    state, _, card = load_weights(path)
    reader = {k[len("reader."):]: v for k, v in state.items() if k.startswith("reader.")}
    if not reader:
        raise EngineError("BAD_PARAMS", f"{os.path.basename(path)} has no prompt reader to take.",
                          "Give the weights of a generator trained with a reader (--reader-width > 0).")
    try:
        model.reader.load_state_dict(reader)
    except RuntimeError:
        raise EngineError("BAD_PARAMS", f"The prompt reader in {os.path.basename(path)} has other sizes than this "
                          "recipe's.", "Use the same --reader-width and --reader-members as that model.") from None
    return card["sha256"]


def take_weights(model, path: str, stats) -> str:
    """Load the whole generator at `path` (denoiser and reader) into `model`; returns its sha256.
    A typed error for weights of other sizes, or made on other codec statistics (another part
    auto-encoder or data)."""
    from ..errors import EngineError
    from ..generate.slot_codec import CodecStats
    from .common import load_weights

    state, meta, card = load_weights(path)
    if "codec" not in meta or not CodecStats.from_dict(json.loads(meta["codec"])).same_as(stats):
        raise EngineError("BAD_PARAMS", f"{os.path.basename(path)} was trained on other slot statistics than this "
                          "run's data.", "Start from weights trained with the same part auto-encoder and data.")
    try:
        model.load_state_dict({k: v.float() for k, v in state.items()})
    except RuntimeError:
        raise EngineError("BAD_PARAMS", f"{os.path.basename(path)} has other sizes than this recipe's.",
                          "Use the recipe that model was trained with (its card's recipe).") from None
    return card["sha256"]


def category_list(categories: str) -> list:
    """The recipe's `categories` ("table,desk") as a list of category names ([] for "")."""
    return [c.strip() for c in categories.split(",") if c.strip()]


def check_fine_tune(config: GeneratorTrainConfig) -> None:
    """Typed errors for a category fine-tune or low-rank expert the recipe cannot run."""
    from ..data.shapes import CATEGORIES
    from ..errors import EngineError

    unknown = [c for c in category_list(config.categories) if c not in CATEGORIES]
    if unknown:
        raise EngineError("BAD_PARAMS", f"Unknown categories: {', '.join(unknown)}.",
                          f"Use some of {', '.join(CATEGORIES)}.")
    if config.expert_rank < 0:
        raise EngineError("BAD_PARAMS", f"The expert rank must be 0 or more, not {config.expert_rank}.",
                          "Use 0 to train every weight.")
    if config.expert_rank and not config.categories:
        raise EngineError("BAD_PARAMS", "A low-rank expert is trained for some categories, and none were given.",
                          "Give --categories (e.g. table).")
    if (config.categories or config.expert_rank) and not config.init_from:
        raise EngineError("BAD_PARAMS", "A category fine-tune or a low-rank expert needs trained weights to start "
                          "from.", "Give --init-from WEIGHTS (the generator it fine-tunes).")


def add_expert_deltas(model, rank: int) -> None:
    """Freeze the whole model and parametrise every weight of the denoiser (not the prompt reader)
    as W + B A of this rank (low_rank.add_low_rank): only the deltas and the denoiser's biases train."""
    from ..generate.low_rank import add_low_rank

    model.requires_grad_(False)
    for name, child in model.named_children():
        if name != "reader":
            add_low_rank(child, rank)


def reader_targets_for(x, categories, attributes) -> dict:
    """Per shape: category index, attribute value indices (IGNORE where it has none), filled
    slots (from the exists flag of its slot vectors)."""
    import torch

    from ..generate.prompt_reader import reader_targets

    rows = [reader_targets(c, a) for c, a in zip(categories, attributes)]
    return {"category": torch.tensor([r[0] for r in rows]), "attributes": torch.tensor([r[1] for r in rows]),
            "slots": torch.as_tensor(x[:, :, 0] > 0)}


def drop_tokens(mask, rate: float, gen):
    """mask (B, L) bool with each real token hidden with probability `rate`; a caption keeps at
    least one (its first) real token."""
    import torch

    if rate <= 0:
        return mask
    kept = mask & (torch.rand(mask.shape, generator=gen) >= rate)
    first = mask.float().argmax(dim=1)
    kept[torch.arange(len(mask)), first] |= mask[torch.arange(len(mask)), first]
    return kept


def train_reader(reader, tokens, mask, caption_ids, targets, config, gen, device, world, rank, log, started) -> list:
    """Phase one: the prompt reader on random (shape, caption) pairs; returns [(step, loss)]."""
    import torch

    from ..generate.prompt_reader import reader_loss

    net = reader
    if world > 1:
        net = torch.nn.parallel.DistributedDataParallel(reader, device_ids=[device.index] if device.type == "cuda" else None)
    opt = torch.optim.AdamW(reader.parameters(), lr=config.reader_lr, weight_decay=0.01)
    history = []
    reader.train()
    for step in range(config.reader_steps):
        for g in opt.param_groups:
            g["lr"] = config.reader_lr * min(1.0, (step + 1) / 100)
        shape = torch.randint(0, len(caption_ids), (config.reader_batch,), generator=gen)
        pick = caption_ids[shape, torch.randint(0, caption_ids.shape[1], (config.reader_batch,), generator=gen)]
        batch_targets = {k: v[shape].to(device) for k, v in targets.items()}
        seen = drop_tokens(mask[pick], config.reader_token_dropout, gen)
        loss = reader_loss(net(tokens[pick].float().to(device), seen.to(device)), batch_targets,
                           config.reader_slot_weight)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 50 == 0 or step == config.reader_steps - 1:
            history.append((step, loss.item()))
            if rank == 0:
                log(f"reader step {step:5d}  loss {loss.item():.4f}  {time.time() - started:.0f} s")
    return history


def training_examples(part_vae, codes_sha256: str, config: GeneratorTrainConfig, cache: str | None, write: bool,
                      log=print):
    """generator_examples for the recipe, read from `cache` (.npz) when it was made for the same
    shapes, captions, caption vocabulary, seed and part codes (`codes_sha256`: the part
    auto-encoder whose encoder made them; a decoder retrained for its codes reads the same), else
    made (and written there when `write`).
    The data phase is the same for every such recipe and is most of a GPU run's time."""
    import numpy as np

    from ..data.shapes.captions import vocabulary_digest
    from ..generate.generator_data import generator_examples
    from .common import load_weights, write_npz
    from ..generate.slot_codec import CodecStats

    key = {"shapes": config.shapes, "captions_per_shape": config.captions_per_shape, "seed": config.seed,
           "part_vae_sha256": codes_sha256, "vocabulary": vocabulary_digest()}
    stats = None
    if config.categories:   # a subset's own statistics differ from the weights it fine-tunes
        _, meta, card = load_weights(config.init_from)
        stats = CodecStats.from_dict(json.loads(meta["codec"]))
        key.update(categories=category_list(config.categories), stats_of=card["sha256"])
    if cache and os.path.exists(cache):
        with np.load(cache, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            if meta["key"] == key:
                log(f"data from {cache}")
                return (z["x"], meta["captions"], meta["categories"], CodecStats.from_dict(meta["stats"]),
                        meta["attributes"])
        log(f"{cache} was made for another recipe ({meta['key']}): making the data again")
    x, captions, categories, stats, attributes = generator_examples(part_vae, "train", config.shapes,
                                                                    config.captions_per_shape, config.seed, stats,
                                                                    category_list(config.categories))
    if cache and write:
        meta = {"key": key, "captions": captions, "categories": categories, "stats": stats.to_dict(),
                "attributes": attributes}
        write_npz(cache, x=x, meta=np.array(json.dumps(meta)))
    return x, captions, categories, stats, attributes


def self_condition_input(model, sched, xt, t, tokens, mask, read, gen):
    """(B, K, D) the self-conditioning input of a training batch: for a random half of the
    examples the model's own clean estimate with none given (no gradient, clipped as in
    sampling), zeros for the rest (as at the first sampling step)."""
    import torch

    use = (torch.rand(len(xt), generator=gen) < 0.5).nonzero()[:, 0].to(xt.device)
    x0 = torch.zeros_like(xt)
    if len(use):
        with torch.no_grad():
            r = None if read is None else read[use]
            out = model(xt[use], t[use], tokens[use], mask[use], r)
            eps = sched.epsilon_from(out, t[use], xt[use], model.config.prediction)
            x0[use] = sched.predicted_x0(eps, t[use], xt[use], clip=3.0)
    return x0


def denoiser_target(sched, prediction: str, x0, noise, t):
    """What the denoiser learns to output for x_t = add_noise(x0, noise, t): the noise, or v."""
    return noise if prediction == "epsilon" else sched.velocity(x0, noise, t)


def loss_weights(sched, prediction: str, t, snr_gamma: float):
    """(B,) per-example loss weights: ones, or with min-SNR weighting (snr_gamma > 0) those that
    make the loss min(SNR_t, gamma) times the squared clean-value error, SNR_t = ab / (1 - ab):
    that error is the squared eps error over SNR_t, or the squared v error over SNR_t + 1."""
    import torch

    if snr_gamma <= 0:
        return torch.ones(len(t), device=t.device)
    ab = sched.alpha_bar.to(t.device)[t].float()
    snr = ab / (1 - ab)
    return snr.clamp(max=snr_gamma) / (snr if prediction == "epsilon" else snr + 1)


def centre_feature_weights(centre_weight: float):
    """(SLOT_DIM,) loss weights of a slot's features: the box centre's three `centre_weight`, the
    rest 1 (slot_codec's layout; whitening keeps it)."""
    import torch

    from ..generate.slot_codec import LABEL_BITS, SLOT_DIM

    weights = torch.ones(SLOT_DIM)
    weights[1 + LABEL_BITS:1 + LABEL_BITS + 3] = centre_weight
    return weights


def train_generator(out_path: str, config: GeneratorTrainConfig, log=print, data_cache: str | None = None) -> dict:
    import torch

    from ..errors import EngineError
    from ..generate.part_slot_net import NetConfig, PartSlotDenoiser
    from ..generate.part_vae import load_part_vae
    from ..generate.scheduler import PREDICTIONS, DiffusionScheduler, SchedulerConfig
    from ..generate.slot_codec import SLOT_DIM
    from ..generate.text import TextEncoder
    from ..generate.prompt_reader import features_from_targets
    from .common import (WeightAverage, caption_batch, cosine_lr, finish_run, load_weights, optimizer_step, pin_threads,
                         save_checkpoint)

    if config.prediction not in PREDICTIONS:
        raise EngineError("BAD_PARAMS", f"Unknown prediction {config.prediction!r}.",
                          f"Use one of {', '.join(PREDICTIONS)}.")
    if config.whiten:
        from ..generate.slot_whitening import FIELDS

        if config.whiten not in FIELDS:
            raise EngineError("BAD_PARAMS", f"Unknown whitening {config.whiten!r}.", f"Use one of {', '.join(FIELDS)}.")
    check_fine_tune(config)
    if not config.centre_weight > 0:
        raise EngineError("BAD_PARAMS", f"The centre weight must be above 0, not {config.centre_weight}.",
                          "Use 1 for the plain loss.")
    rank, world = _distributed()
    pin_threads(config.threads)
    device = torch.device(f"cuda:{rank % torch.cuda.device_count()}" if torch.cuda.is_available() else "cpu")
    started = time.time()
    part_vae, vae_card = load_part_vae(config.part_vae)
    codes_of = vae_card.get("codes_of", vae_card["sha256"])   # a decoder retrained for its codes reads the same data
    x, captions, categories, stats, attributes = training_examples(part_vae, codes_of, config, data_cache,
                                                                   write=rank == 0, log=log)
    flat = sorted({c for cs in captions for c in cs})
    index = {c: i for i, c in enumerate(flat)}
    caption_ids = torch.tensor([[index[c] for c in cs] for cs in captions])
    tokens, mask, _ = TextEncoder(device.type).encode(flat)
    tokens = tokens.half()
    log(f"rank {rank}/{world}: {len(x)} shapes, {len(flat)} captions, {time.time() - started:.0f} s")
    whitening = None
    if config.whiten:
        from ..generate.slot_whitening import SlotWhitening

        whitening = SlotWhitening.fit(x, categories, config.whiten)
        x = whitening.whiten(x, categories)
    x = torch.from_numpy(x)
    net_config = NetConfig(slot_dim=SLOT_DIM, width=config.width, depth=config.depth, heads=config.heads,
                           slots=x.shape[1], reader_width=config.reader_width, reader_members=config.reader_members,
                           slot_labels=config.slot_labels and config.reader_width > 0,
                           slot_roles=config.slot_roles and config.reader_width > 0,
                           self_condition=config.self_condition, identity_init=config.identity_init,
                           prediction=config.prediction)
    torch.manual_seed(config.seed)   # the same initial weights for the same recipe (DDP copies rank 0's anyway)
    model = PartSlotDenoiser(net_config).to(device)
    sched = DiffusionScheduler(SchedulerConfig())
    ckpt = os.path.splitext(out_path)[0] + ".ckpt.pt"
    step0 = 0
    reader_history = []
    reader_sha256 = init_sha256 = None
    targets = reader_targets_for(x, categories, attributes) if model.reader is not None else None
    gen = torch.Generator().manual_seed(config.seed * 1000 + rank)
    saved = torch.load(ckpt, map_location="cpu", weights_only=True) if os.path.exists(ckpt) else None
    if config.expert_rank:   # the deltas go onto the weights they fine-tune, before a checkpoint of them loads
        init_sha256 = take_weights(model, config.init_from, stats)
        reader_sha256 = load_weights(config.reader_from)[2]["sha256"] if config.reader_from else None
        base = {k: v.detach().clone() for k, v in model.state_dict().items()}
        add_expert_deltas(model, config.expert_rank)
        log(f"a rank-{config.expert_rank} delta of {config.init_from}'s denoiser weights trains")
    if saved is not None:  # tensors and plain data only
        model.load_state_dict(saved["model"])
        gen.set_state(saved["gen"][rank] if rank < len(saved["gen"]) else saved["gen"][0])
        step0 = saved["step"]
        reader_history = saved.get("reader_history", [])
        reader_sha256 = load_weights(config.reader_from)[2]["sha256"] if config.reader_from else None
        log(f"resuming at step {step0}")
    elif config.init_from and not config.expert_rank:
        init_sha256 = take_weights(model, config.init_from, stats)
        log(f"denoiser and reader taken from {config.init_from}")
        reader_sha256 = load_weights(config.reader_from)[2]["sha256"] if config.reader_from else None
    elif config.expert_rank:
        pass   # taken above
    elif model.reader is not None and config.reader_from:
        reader_sha256 = take_reader(model, config.reader_from)
        log(f"prompt reader taken from {config.reader_from}")
    elif model.reader is not None:
        members = model.reader.members if config.reader_members > 1 else [model.reader]
        for i, member in enumerate(members):
            if len(members) > 1:
                log(f"reader {i + 1} of {len(members)}")
            reader_history += train_reader(member, tokens, mask, caption_ids, targets, config, gen, device, world,
                                           rank, log, started)
    reads = None
    if model.reader is not None:
        model.reader.requires_grad_(False)
        model.reader.eval()
        with torch.no_grad():
            reads = torch.cat([model.read(tokens[i:i + 1024].float().to(device), mask[i:i + 1024].to(device)).cpu()
                               for i in range(0, len(tokens), 1024)])
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=config.lr, weight_decay=0.0)
    if saved is not None:
        opt.load_state_dict(saved["opt"])
        init_sha256 = saved.get("init_sha256")
    average = WeightAverage(model, config.ema, saved.get("ema") if saved is not None else None)
    ddp = model
    if world > 1:
        ddp = torch.nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    feature_weights = centre_feature_weights(config.centre_weight).to(device)
    history = []
    for step in range(step0, config.steps):
        lr = cosine_lr(config.lr, step, config.steps, warmup=200)
        for g in opt.param_groups:
            g["lr"] = lr
        idx = torch.randint(0, len(x), (config.batch,), generator=gen)
        tok, msk, pick = caption_batch(tokens, mask, caption_ids, idx, gen, config.cond_dropout)
        x0 = x[idx]
        noise = torch.randn(x0.shape, generator=gen)
        t = sched.sample_timesteps(config.batch, gen, below=config.timesteps_below)
        xt = sched.add_noise(x0, noise, t)
        read = None if reads is None else reads[pick]
        if read is not None and config.read_truth_rate > 0:   # no extra draw otherwise: older recipes replay
            truth = torch.rand(config.batch, generator=gen) < config.read_truth_rate
            read[truth] = features_from_targets(read[truth], {k: v[idx[truth]] for k, v in targets.items()})
        read = None if read is None else read.to(device)
        xt, t, tok, msk = xt.to(device), t.to(device), tok.to(device), msk.to(device)
        x0_prev = self_condition_input(model, sched, xt, t, tok, msk, read, gen) if config.self_condition else None
        pred = ddp(xt, t, tok, msk, read, x0_prev)
        target = denoiser_target(sched, config.prediction, x0, noise, t.cpu()).to(device)
        per_example = (feature_weights * (pred - target) ** 2).flatten(1).mean(1)
        loss = (loss_weights(sched, config.prediction, t, config.snr_gamma) * per_example).mean()
        optimizer_step(opt, loss, model.parameters())
        average.update(model)
        if step % 50 == 0 or step == config.steps - 1:
            history.append((step, loss.item()))
            if rank == 0:
                log(f"step {step:5d}  loss {loss.item():.4f}  lr {lr:.2e}  {time.time() - started:.0f} s")
        if (step + 1) % config.checkpoint_every == 0 and step + 1 < config.steps:
            save_checkpoint(ckpt, {"model": model.state_dict(), "opt": opt.state_dict(), "step": step + 1,
                                   "reader_history": reader_history, "ema": average.state(),
                                   "init_sha256": init_sha256}, gen, world, rank)
    ranks_agree = True
    if world > 1:
        import torch.distributed as dist

        digest = float(sum(p.detach().double().sum() for p in model.parameters()))
        digests = [None] * world
        dist.all_gather_object(digests, digest)
        ranks_agree = all(d == digests[0] for d in digests)
    average.apply(model)
    card = {"model": "generator", "family": "part-slot diffusion", "ranks_agree": ranks_agree,
            "data": (f"{config.shapes} procedural shapes of {config.categories} (each in turn)" if config.categories
                     else f"procedural shapes 0..{config.shapes - 1}") + f" of the train split, "
                    f"{config.captions_per_shape} captions each (one category-only)",
            "recipe": asdict(config), "architecture": asdict(net_config), "scheduler": asdict(SchedulerConfig()),
            "part_vae_sha256": vae_card["sha256"], "processes": world, "device": device.type,
            "reader_from": {"file": os.path.basename(config.reader_from), "sha256": reader_sha256} if config.reader_from
            else None,
            "init_from": {"file": os.path.basename(config.init_from), "sha256": init_sha256} if config.init_from
            else None,
            "wall_time_s": round(time.time() - started, 1), "history": history, "reader_history": reader_history,
            "parameters": int(sum(p.numel() for p in model.parameters()))}
    metadata = {"net": json.dumps(asdict(net_config)), "codec": json.dumps(stats.to_dict()),
                "scheduler": json.dumps(asdict(SchedulerConfig())), "part_vae_sha256": vae_card["sha256"],
                "part_vae_codes_of": vae_card.get("codes_of", vae_card["sha256"])}
    if config.timesteps_below:
        metadata["timesteps_below"] = str(config.timesteps_below)
    if whitening is not None:
        metadata["whitening"] = json.dumps(whitening.to_dict())
    del ddp   # finish_run collects the DDP wrapper while its process group lives (common.finish_run)
    if config.expert_rank:   # only what the fine-tune changed, served over the weights it started from
        from ..generate.low_rank import delta_state

        card.update(model="generator expert", categories=category_list(config.categories),
                    parameters=int(sum(p.numel() for p in model.parameters() if p.requires_grad)))
        metadata.update(expert_of=json.dumps(category_list(config.categories)), base_sha256=init_sha256,
                        rank=str(config.expert_rank))
        return finish_run(delta_state(model, base), out_path, card, metadata, ckpt, world, rank, config.half_weights)
    return finish_run(model, out_path, card, metadata, ckpt, world, rank, config.half_weights)
