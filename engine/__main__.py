"""Command line: python -m engine {info, reconstruct, repair, generate, data, train, eval, serve}
(also installed as `shapesmith`)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="shapesmith", description="Shapesmith engine")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("info", help="versions, devices, capabilities, models")

    rec = sub.add_parser("reconstruct", help="scan (points or mesh) -> watertight mesh")
    rec.add_argument("input", help=".ply, .obj, .xyz or .npz")
    rec.add_argument("-o", "--output", required=True, help=".ply, .obj, .glb or .npz")
    rec.add_argument("--method", default=None, help="reconstruction method (see `info`)")
    rec.add_argument("--resolution", type=int, default=None, help="grid cells along the longest side")
    rec.add_argument("--device", choices=("auto", "cpu", "cuda"), default=None)
    rec.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                     help="any other method parameter, e.g. --param screening=8")
    rec.add_argument("--as-points", action="store_true", help="read a mesh file's vertices as a point cloud")
    rec.add_argument("--preview", action="store_true",
                     help="first write a quick coarse result into OUTPUT's folder/preview, then the full one")
    rec.add_argument("--quiet", action="store_true", help="no progress bar")

    rep = sub.add_parser("repair", help="scanned mesh (holes, flipped faces, fragments) -> one watertight mesh")
    rep.add_argument("input", help=".ply, .obj or .npz mesh")
    rep.add_argument("-o", "--output", required=True, help=".ply, .obj, .glb or .npz")
    rep.add_argument("--tolerance", type=float, default=None,
                     help="how far the result may stray from the scan, as a fraction of the diagonal")
    rep.add_argument("--device", choices=("auto", "cpu", "cuda"), default=None)
    rep.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                     help="any other setting, e.g. --param min_component=0.05")
    rep.add_argument("--preview", action="store_true",
                     help="first write a quick coarse result into OUTPUT's folder/preview, then the full one")
    rep.add_argument("--quiet", action="store_true", help="no progress bar")

    from .data.cli import add_data_parser

    add_data_parser(sub)

    trn = sub.add_parser("train", help="train a shipped model on the procedural library")
    trn.add_argument("model", choices=("part-vae", "generator", "latent-sdf", "mentions", "part-profiles",
                                        "part-tubes"),
                     help="latent-sdf: the second generator (writes latent_sdf_ae.safetensors beside -o); "
                          "mentions: which attributes a prompt speaks of (the generator's prompt check); "
                          "part-profiles: a turned part's cross-section from its code (the generator's lathe parts); "
                          "part-tubes: a swept tube's centreline and radius from its code (handles, lamp poles)")
    trn.add_argument("-o", "--output", required=True, help="weights file (.safetensors); the card goes beside it")
    trn.add_argument("--shapes", type=int, default=None)
    trn.add_argument("--steps", type=int, default=None)
    trn.add_argument("--batch", type=int, default=None)
    trn.add_argument("--lr", type=float, default=None)
    trn.add_argument("--seed", type=int, default=None)
    trn.add_argument("--part-vae", default=None, help="generator, part-profiles, part-tubes: the part auto-encoder's "
                                                             "weights")
    trn.add_argument("--width", type=int, default=None, help="generator: transformer width; part-vae: decoder width")
    trn.add_argument("--depth", type=int, default=None, help="generator: transformer blocks; part-vae: decoder layers")
    trn.add_argument("--frequencies", type=int, default=None, help="part-vae: Fourier bands of the query point")
    trn.add_argument("--code-every-layer", action=argparse.BooleanOptionalAction, default=None,
                     help="part-vae: the code joins every hidden layer of the decoder (or the first alone)")
    trn.add_argument("--radial", action=argparse.BooleanOptionalAction, default=None,
                     help="part-vae: the decoder also reads each query's distance from its box's Z axis "
                          "(turned parts: vase bodies, lampshades)")
    trn.add_argument("--label-dim", type=int, default=None,
                     help="part-vae: the decoder also reads each part's label as a learned vector of this size "
                          "(0: the code alone)")
    trn.add_argument("--encoder-from", default=None,
                     help="part-vae: keep this part auto-encoder's encoder frozen and train a new decoder for its "
                          "codes (a generator trained on them needs no retraining)")
    trn.add_argument("--label-balance", type=float, default=None,
                     help="part-vae: draw training parts with weight count(label)^-B (0: uniform; 1: every label "
                          "as often)")
    trn.add_argument("--heads", type=int, default=None, help="generator: attention heads")
    trn.add_argument("--reader-width", type=int, default=None, help="generator: prompt reader width (0: none)")
    trn.add_argument("--reader-steps", type=int, default=None, help="generator: prompt reader training steps")
    trn.add_argument("--reader-slot-weight", type=float, default=None,
                     help="generator: weight of the reader's filled-slot loss (default 24)")
    trn.add_argument("--reader-members", type=int, default=None,
                     help="generator: prompt readers trained apart and averaged (default 1)")
    trn.add_argument("--reader-token-dropout", type=float, default=None,
                     help="generator: share of caption tokens hidden from the reader in training")
    trn.add_argument("--read-truth-rate", type=float, default=None,
                     help="generator: share of denoiser examples conditioned on the shape's own attributes (default 0.25)")
    trn.add_argument("--reader-from", default=None,
                     help="generator: take the prompt reader of these generator weights as it is (no reader phase)")
    trn.add_argument("--slot-roles", action=argparse.BooleanOptionalAction, default=None,
                     help="generator: an embedding per (category, slot) telling each slot its role (default off)")
    trn.add_argument("--self-condition", action=argparse.BooleanOptionalAction, default=None,
                     help="generator: the denoiser also sees its previous clean estimate (default off)")
    trn.add_argument("--identity-init", type=float, default=None,
                     help="generator: std of the slot position and role embeddings at the start (default 0.02)")
    trn.add_argument("--prediction", choices=("epsilon", "v"), default=None,
                     help="generator: the denoiser's target, the noise or v (default epsilon)")
    trn.add_argument("--snr-gamma", type=float, default=None,
                     help="generator: min-SNR loss weighting with this gamma (default 0: off)")
    trn.add_argument("--whiten", choices=("boxes", "boxes+codes"), default=None,
                     help="generator: standardise each (category, slot) field by its own training spread "
                          "(default: the codec as it is)")
    trn.add_argument("--init-from", default=None,
                     help="generator: start from these generator weights (same sizes) and train them further")
    trn.add_argument("--timesteps-below", type=int, default=None,
                     help="generator: train on the timesteps under this only: a low-noise expert (default 0: all)")
    trn.add_argument("--centre-weight", type=float, default=None,
                     help="generator: weight of the box centres' features in the loss (default 1)")
    trn.add_argument("--categories", default=None,
                     help="generator: train on these categories' shapes only (e.g. table,desk), coded with "
                          "--init-from's statistics: a category fine-tune")
    trn.add_argument("--expert-rank", type=int, default=None,
                     help="generator: with --init-from and --categories, train only a rank-R delta of every "
                          "denoiser weight and save those deltas alone: a category expert (default 0: every weight)")
    trn.add_argument("--ema", type=float, default=None,
                     help="generator: save an exponential moving average of the weights with this decay (default 0: "
                          "the last weights)")
    trn.add_argument("--no-slot-labels", dest="slot_labels", action="store_false", default=None,
                     help="generator: do not tell each slot the label it holds under the category's layout")
    trn.add_argument("--resolution", type=int, default=None, help="latent-sdf: SDF grid nodes a side (32; 64 on a GPU)")
    trn.add_argument("--ae-steps", type=int, default=None, help="latent-sdf: auto-encoder training steps")
    trn.add_argument("--ae-channels", type=int, default=None, help="latent-sdf: auto-encoder width")
    trn.add_argument("--dilation", type=float, default=None,
                     help="latent-sdf: grow the shapes by this many grid spacings (default 0.5; thin parts keep nodes)")
    trn.add_argument("--data-cache", default=None,
                     help="generator: an .npz that keeps the training shapes and captions between runs")

    evl = sub.add_parser("eval", help="measure a model (see BENCHMARKS.md)")
    evl.add_argument("model", choices=("generator", "prompts", "styles"),
                     help="generator: distribution figures per category; prompts: prompt fidelity; "
                          "styles: style adherence (style_adherence.py; -n shapes per prompt)")
    evl.add_argument("--models", default=None, help="folder with generator.safetensors and part_vae.safetensors")
    evl.add_argument("-n", type=int, default=100, help="shapes per set and category (prompts: per prompt)")
    evl.add_argument("--category", action="append", default=None, help="one category (repeatable); default all")
    evl.add_argument("--steps", type=int, default=25)
    evl.add_argument("--guidance", type=float, default=None, help="default: the generator's own")
    evl.add_argument("--method", choices=("part_slots", "latent_sdf"), default="part_slots",
                     help="generator: which model (prompts: part_slots only)")
    evl.add_argument("--prompt-set",
                     choices=("main", "fresh", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                              "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth"),
                     default="main", help="prompts: the main fidelity prompts, or the held-out fresh, third, fourth, "
                                          "fifth, sixth, seventh, eighth, ninth, tenth, eleventh, twelfth, thirteenth "
                                          "or fourteenth set (fidelity.PROMPT_SETS)")
    evl.add_argument("--prompt-retries", type=int, default=None,
                     help="prompts: remake candidates that contradict the prompt up to this many times "
                          "(default: the generator's own; 0: first tries only)")
    evl.add_argument("--noise-scale", type=float, default=None,
                     help="part_slots: sample at this noise scale (default: the generator's own)")
    evl.add_argument("--set", action="append", default=None, metavar="KEY=VALUE",
                     help="another generation setting than its default (repeatable), e.g. symmetric=false, "
                          "unit_frame=false, read_negations=false (part_slots.Config), or for --method latent_sdf "
                          "joined=false, keep_labels=false (latent_sdf.Config)")
    evl.add_argument("-o", "--output", default=None, help="write the figures as JSON")

    gen = sub.add_parser("generate", help="prompt -> part-labelled shapes (a GLB per shape, a node per part)")
    gen.add_argument("prompt", help='e.g. "a tall office chair with armrests"; "" for unconditional')
    gen.add_argument("-n", type=int, default=4, help="how many shapes")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--guidance", type=float, default=None)
    gen.add_argument("--steps", type=int, default=None)
    gen.add_argument("--noise-scale", type=float, default=None,
                     help="part_slots: the starting noise times this, a sampling temperature (default 1)")
    gen.add_argument("--category", default=None, help="prefix the prompt with a category name")
    gen.add_argument("--edit", default=None, help='part_slots: attribute arithmetic, e.g. "with arms" (use the '
                                                  'seed of the shape to change)')
    gen.add_argument("--models", default=None, help="folder with generator.safetensors and part_vae.safetensors")
    gen.add_argument("--method", choices=("part_slots", "latent_sdf"), default="part_slots",
                     help="part_slots (default): part-slot diffusion; latent_sdf: whole-shape latent SDF diffusion")
    gen.add_argument("-o", "--output", required=True, help="output folder")
    gen.add_argument("--preview", action="store_true", help="also write preview.png, a contact sheet")
    gen.add_argument("--set", action="append", default=None, metavar="KEY=VALUE",
                     help="another generation setting than its default (repeatable), e.g. experts=false, "
                          "prompt_retries=0 (part_slots.Config; latent_sdf.Config for --method latent_sdf)")

    srv = sub.add_parser("serve", help="the add-on's transport")
    srv.add_argument("--stdio", action="store_true", required=True)
    srv.add_argument("--parent-pid", type=int, default=None)

    args = parser.parse_args(argv)
    if args.command == "serve":
        from .server import serve_stdio

        return serve_stdio(args.parent_pid)
    if args.command == "info":
        return _info()
    if args.command == "train":
        from .errors import EngineError

        try:
            return _train(args)
        except EngineError as exc:
            print(exc.for_terminal(), file=sys.stderr)
            return 2
    if args.command == "generate":
        return _generate(args)
    if args.command == "eval":
        return _eval(args)
    if args.command == "data":
        from .data.cli import run_data

        return run_data(args)
    return _surface_job(args, "repair" if args.command == "repair" else "reconstruct")


def _installed_models() -> list:
    """The model cards in the models folder: name, file, size, sha256, and whether the file
    still matches its card."""
    from .generate.part_slots import models_dir
    from .train.common import file_sha256

    folder, out = models_dir(), []
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        if not name.endswith(".json"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as fh:
            card = json.load(fh)
        weights = os.path.join(folder, card.get("weights", ""))
        out.append({"model": card.get("model"), "file": weights, "size_mb": card.get("size_mb"),
                    "sha256": card.get("sha256"), "metrics": card.get("metrics", {}),
                    "intact": os.path.isfile(weights) and file_sha256(weights) == card.get("sha256")})
    return out


def _info() -> int:
    from . import __version__
    from .device import describe_devices
    from .registry import capabilities

    try:
        import torch

        torch_version = torch.__version__
    except ImportError:
        torch_version = None
    info = {"engine_version": __version__, "python": sys.version.split()[0], "torch": torch_version,
            "devices": describe_devices(), "capabilities": capabilities(), "models": _installed_models()}
    print(json.dumps(info, indent=1))
    return 0


def _train(args) -> int:
    from dataclasses import replace

    from .train.common import flush_denormals

    if os.path.isdir(args.output):   # else it fails only at the save, after the whole run
        print(f"error: -o {args.output} is a folder; name the weights file in it "
              f"(e.g. {os.path.join(args.output, 'generator.safetensors')})", file=sys.stderr)
        return 2
    flush_denormals()
    names = ("shapes", "steps", "batch", "lr", "seed")
    overrides = {k: getattr(args, k) for k in names if getattr(args, k) is not None}
    log = lambda line: print(line, flush=True)  # noqa: E731
    if args.model == "part-vae":
        from .train.part_vae import PartVAETrainConfig, train_part_vae

        overrides.update({k: getattr(args, k) for k in ("width", "depth", "frequencies", "code_every_layer",
                                                        "radial", "label_dim", "encoder_from", "label_balance")
                          if getattr(args, k) is not None})
        card = train_part_vae(args.output, replace(PartVAETrainConfig(), **overrides), log=log)
    elif args.model == "mentions":
        from .train.mentions import MentionTrainConfig, train_mentions

        overrides.update({k: getattr(args, k) for k in ("width",) if getattr(args, k) is not None})
        card = train_mentions(args.output, replace(MentionTrainConfig(), **overrides), log=log)
    elif args.model == "part-profiles":
        from .train.part_profiles import ProfileTrainConfig, train_part_profiles

        if not args.part_vae:
            print("error: train part-profiles needs --part-vae WEIGHTS", file=sys.stderr)
            return 2
        overrides.update({k: getattr(args, k) for k in ("width",) if getattr(args, k) is not None})
        card = train_part_profiles(args.output, replace(ProfileTrainConfig(part_vae=args.part_vae), **overrides),
                                   log=log)
    elif args.model == "part-tubes":
        from .train.part_tubes import TubeTrainConfig, train_part_tubes

        if not args.part_vae:
            print("error: train part-tubes needs --part-vae WEIGHTS", file=sys.stderr)
            return 2
        overrides.update({k: getattr(args, k) for k in ("width",) if getattr(args, k) is not None})
        card = train_part_tubes(args.output, replace(TubeTrainConfig(part_vae=args.part_vae), **overrides), log=log)
    elif args.model == "latent-sdf":
        from .train.latent_sdf import LatentSDFTrainConfig, train_latent_sdf

        overrides.update({k: getattr(args, k) for k in ("resolution", "ae_steps", "ae_channels", "width", "heads",
                                                        "dilation")
                          if getattr(args, k) is not None})
        card = train_latent_sdf(args.output, replace(LatentSDFTrainConfig(), **overrides), log=log,
                                data_cache=args.data_cache)
    else:
        from .train.generator import GeneratorTrainConfig, train_generator

        if not args.part_vae:
            print("error: train generator needs --part-vae WEIGHTS", file=sys.stderr)
            return 2
        named = ("width", "depth", "heads", "reader_width", "reader_steps", "reader_slot_weight",
                 "reader_members", "reader_token_dropout", "read_truth_rate", "slot_labels", "slot_roles", "reader_from",
                 "self_condition", "identity_init", "prediction", "snr_gamma", "whiten", "init_from", "ema", "timesteps_below",
                 "centre_weight", "categories", "expert_rank")
        overrides.update({k: getattr(args, k) for k in named if getattr(args, k) is not None})
        card = train_generator(args.output, replace(GeneratorTrainConfig(part_vae=args.part_vae), **overrides),
                               log=log, data_cache=args.data_cache)
    if "sha256" in card:
        print(f"wrote {args.output} ({card['size_mb']} MB, sha256 {card['sha256'][:12]}...): "
              f"{card.get('metrics', {})}")
    if int(os.environ.get("WORLD_SIZE", "1")) > 1:
        # Each rank has saved what it had to and left its process group (train/common.finish_run),
        # yet a gloo rank has aborted once at exit in CI after that ("terminate called without an
        # active exception": a C++ thread destroyed while joinable), failing a finished run. Where
        # is not known; the interpreter's teardown is the usual place, so a rank leaves without it.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    return 0


def _generate(args) -> int:
    from .errors import EngineError
    from .formats import read_input
    from .jobs import JobContext, run_job
    from .progress import ProgressBar

    if args.models:
        os.environ["SHAPESMITH_MODELS"] = os.path.abspath(args.models)
    params = {"prompt": args.prompt, "n": args.n, "seed": args.seed}
    params.update({k: getattr(args, k) for k in ("guidance", "steps", "category", "edit", "noise_scale")
                   if getattr(args, k) is not None})
    try:
        params.update(_settings(args.set or [], _generator_config(args.method)))
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    output = os.path.abspath(args.output)
    bar = ProgressBar()
    started = time.time()
    try:
        manifest_path = run_job("generate", args.method, params, {}, output, JobContext(bar.update),
                                object_format="glb")
    except EngineError as exc:
        bar.finish()
        print(exc.for_terminal(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ncancelled", file=sys.stderr)
        return 130
    bar.finish()
    with open(manifest_path, encoding="utf-8") as fh:
        objects = json.load(fh)["objects"]
    for obj in objects:
        print(f"{obj['file'] or obj['name'] + ' (empty)'}: {', '.join(obj['part_names']) or '(no parts)'}")
    print(f"{len(objects)} shapes in {time.time() - started:.1f} s -> {output} (result.json beside them)")
    if args.preview:
        from .data.shapes.pictures import write_contact_sheet

        shown = [obj for obj in objects if obj["file"]]
        shapes = [read_input(os.path.join(output, obj["file"]), kind="mesh") for obj in shown]
        prompt = objects[0]["provenance"]["prompt"] if objects else args.prompt
        sheet = write_contact_sheet(os.path.join(output, "preview.png"), shapes, columns=min(4, max(1, len(shapes))),
                                    captions=[f"{prompt!r} seed {obj['provenance'].get('seed')}" for obj in shown])
        print(f"preview: {sheet}")
    return 0


def _eval(args) -> int:
    from .generate.evaluate import evaluate_generator
    from .generate.part_slots import PartSlotGenerator, models_dir
    from .train.common import pin_threads

    pin_threads()
    if args.method == "latent_sdf":
        if args.model in ("prompts", "styles") or args.noise_scale is not None:
            option = " --noise-scale" if args.noise_scale is not None else ""
            print(f"error: eval {args.model}{option} is for the part_slots model only", file=sys.stderr)
            return 2
    from .generate.latent_sdf import LatentSDFGenerator

    model = LatentSDFGenerator if args.method == "latent_sdf" else PartSlotGenerator
    settings = {} if args.noise_scale is None else {"noise_scale": args.noise_scale}
    try:
        settings.update(_settings(args.set or [], _generator_config(args.method)))
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    generator = model.load(args.models or models_dir())
    log = lambda line: print(line, flush=True)  # noqa: E731
    if args.model == "prompts":
        from .generate.fidelity import PROMPT_SETS, evaluate_fidelity

        results = evaluate_fidelity(generator, args.n, steps=args.steps, guidance=args.guidance,
                                    prompts=PROMPT_SETS[args.prompt_set], retries=args.prompt_retries, log=log,
                                    settings=settings)
    elif args.model == "styles":
        from .generate.style_adherence import evaluate_styles

        results = evaluate_styles(generator, args.n, steps=args.steps, guidance=args.guidance, log=log,
                                  settings=settings)
    else:
        results = evaluate_generator(generator, args.category, args.n, steps=args.steps, guidance=args.guidance,
                                     log=log, settings=settings)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=1)
    return 0


_COMMAND_OWN_SETTINGS = {"prompt", "n", "seed", "steps", "guidance", "category"}


def _generator_config(method: str):
    """The settings class of a generation method: part_slots.Config or latent_sdf.Config."""
    if method == "latent_sdf":
        from .generate.latent_sdf import Config

        return Config
    from .generate.part_slots import Config

    return Config


def _settings(items: list, config_class=None) -> dict:
    """["KEY=VALUE", ...] -> {key: value} for the fields of the generator's Config (part_slots.Config
    where None), each value read as its field's type; ValueError naming the key for an unknown key
    or a value of the wrong type."""
    from dataclasses import fields

    config_class = config_class or _generator_config("part_slots")
    types = {f.name: f.type for f in fields(config_class)}
    out = {}
    for item in items:
        key, _, value = item.partition("=")
        if key in _COMMAND_OWN_SETTINGS:
            raise ValueError(f"--set {key}: the command sets this itself (-n, --seed, --steps, --guidance, --category)")
        if key not in types:
            raise ValueError(f"--set {key}: no such generation setting (one of "
                             f"{', '.join(sorted(set(types) - _COMMAND_OWN_SETTINGS))})")
        kind = str(types[key])
        if kind == "bool":
            if value.lower() not in ("true", "false", "1", "0", "on", "off"):
                raise ValueError(f"--set {key}: {value!r} is not true or false")
            out[key] = value.lower() in ("true", "1", "on")
        else:
            try:
                out[key] = {"int": int, "float": float}.get(kind, str)(value)
            except ValueError:
                raise ValueError(f"--set {key}: {value!r} is not a{'n' if kind == 'int' else ''} {kind}") from None
    return out


def _part(mesh, i):
    faces = mesh.faces[mesh.face_part == i]
    return mesh.vertices, faces


def _parse_value(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return text


def _surface_job(args, task: str) -> int:
    """reconstruct or repair: one input file -> one mesh file and its report."""
    from .errors import EngineError
    from .jobs import JobContext, run_job
    from .registry import DEFAULT_METHODS

    params = {}
    for item in args.param:
        if "=" not in item:
            print(f"error: --param needs NAME=VALUE, got {item!r}", file=sys.stderr)
            return 2
        name, value = item.split("=", 1)
        params[name] = _parse_value(value)
    if getattr(args, "resolution", None) is not None:
        params["resolution"] = args.resolution
    if getattr(args, "tolerance", None) is not None:
        params["tolerance"] = args.tolerance
    if args.device is not None:
        params["device"] = args.device
    output = os.path.abspath(args.output)
    kind = "points" if getattr(args, "as_points", False) or not _has_faces(args.input) else "mesh"
    if task == "repair":
        kind = "mesh"
    from .progress import ProgressBar

    bar = None if args.quiet else ProgressBar()
    def announce(path):
        if bar:
            bar.finish()
        print(f"preview: {os.path.join(os.path.dirname(path), os.path.basename(output))}")

    ctx = JobContext(bar.update if bar else None, on_preview=announce)
    started = time.time()
    try:
        manifest = run_job(task, getattr(args, "method", None) or DEFAULT_METHODS[task], params,
                           {kind: os.path.abspath(args.input)}, os.path.dirname(output), ctx,
                           object_file=os.path.basename(output),
                           manifest_name=os.path.splitext(os.path.basename(output))[0] + ".result.json",
                           preview=args.preview)
    except EngineError as exc:
        if bar:
            bar.finish()
        print(exc.for_terminal(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ncancelled", file=sys.stderr)
        return 130
    if bar:
        bar.finish()
    with open(manifest, encoding="utf-8") as fh:
        quality = json.load(fh)["objects"][0]["quality"]
    print(f"wrote {output} in {time.time() - started:.1f} s: {quality['faces']} faces, "
          f"watertight={quality['watertight']}, manifold={quality['manifold']}, components={quality['components']}")
    print(f"report: {manifest}")
    return 0


def _has_faces(path: str) -> bool:
    """A cheap look at the input: does it carry faces? (The reader decides for real.)"""
    ext = os.path.splitext(path)[1].lower()
    try:
        if ext == ".ply":
            with open(path, "rb") as fh:
                head = fh.read(4096)
            for line in head.split(b"end_header")[0].splitlines():
                words = line.split()
                if len(words) == 3 and words[:2] == [b"element", b"face"]:
                    return int(words[2]) > 0
            return False
        if ext == ".obj":
            with open(path, encoding="utf-8", errors="replace") as fh:
                return any(line.startswith("f ") for line in fh)
        if ext == ".npz":
            import numpy as np

            with np.load(path) as z:
                return "faces" in z.files and "points" not in z.files
    except (OSError, ValueError):
        return False
    return False


if __name__ == "__main__":
    sys.exit(main())
