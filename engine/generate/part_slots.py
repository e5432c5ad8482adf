"""Text -> part-labelled shapes with the part-slot diffusion model (the default generator).

    gen = PartSlotGenerator.load("engine/models")
    shapes = gen.sample(Config(prompt="a tall office chair with armrests", n=4, seed=0))
    # [PartMesh]: one mesh per shape, face_part indexes part_names ("seat", "leg_0", ...)

Steps: encode the prompt, draw each candidate's parts list from the training shapes' structures
(structure_first; part_structures.py), denoise K slot vectors from Gaussian noise with DDIM
(deterministic for a seed) and classifier-free guidance with those parts held, decode each existing
slot's label and box, arrange the boxes (symmetry, relations ...: arranged_parts), decode its
geometry code with the part auto-encoder on a small grid (turned parts revolved: revolved_parts.py),
mesh it (marching cubes) and place it in its box, then move any part that touches nothing onto its
nearest neighbour (assembly.py). Shapes come out in the normalised frame (Z up, longest side about
1).

Starting noise. Candidate k of a request starts from the noise of seed + k, so a candidate is
reproduced by its own seed with n = 1. Where the prompt speaks of parts (three legs, no arms, a
round top: prompt_check.py), the reading is made firm there and a candidate whose part structure
still contradicts it is made again from another seed, up to `prompt_retries` times, and so is one
whose parts reach out of the shape's frame (frame_check: the box around its part boxes over
FRAME_LIMIT); its provenance records the seed it came from. (A lone candidate whose top's shape is
asked has its first retry denoised in the same batch as its first try: the same choice, one pass
fewer.) The `noise` setting replaces that with one recipe per candidate, a small JSON grammar: an
integer is the noise of that seed; {"slerp": [A, B, t]} is the spherical interpolation of recipes A
and B at t in [0, 1]. Variations of a result are slerp(its recipe, a fresh seed, strength); an
interpolation between two results is slerp(recipe A, recipe B, t) with deterministic DDIM, and
`second_prompt` blends the guided prediction of the first prompt into the second's across the
candidates. Noise: (K, D) float32, times `noise_scale` (a sampling temperature, 1 by default;
BENCHMARKS.md, twelfth session), or `plain_noise_scale` for a prompt that names only a category
(effective_noise_scale).
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
import threading
from dataclasses import dataclass

import numpy as np

from ..config import from_dict, param
from ..errors import EngineError, bad_input
from ..registry import MethodResult

MODELS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "models")
TRIES_BATCH = 2   # candidates and their retries denoised together where first tries often fail (_tries_ahead)
ASKS_NOT_SETTLED_BY_STRUCTURE = ("shape",)   # prompt-check attributes a drawn part structure does not fix
STYLES = ("height", "back_height")   # styles given style_guidance: the proportions a structure cannot hold, where
# it was measured to help (style_adherence.py); not leg styles, edges or tops, whose mentions are often heard in
# prompts that do not ask them ("a top with four corners" is heard as speaking of rounded edges)
MAX_SAMPLES = 64
FIRM_READ_RATE = 0.5   # structure_attributes: an expert trained on at least this share of truth readings follows them
EXPERT_CONFIDENCE = 0.9   # a batch goes to its category's expert where every row reads that category this surely
MAX_RECIPE_DEPTH = 16
MAX_HALF_EXTENT = 0.75
MAX_CENTRE = 1.0
SPECK_FRACTION = 0.1   # clean_parts: a decoded part's pieces of fewer faces than this times its largest's go
CLOSING_SIZES = (3, 5)  # clean_parts: grey-scale closings (voxels) tried on a part left in several large pieces
FRAME_LIMIT = 1.3   # frame_extent beyond which a candidate is made again (frame_check): every training shape's
# longest side is 1 and its part boxes reach at most 1.16 (vases' handles; 60 train shapes of each category);
# at the default noise scale 8 of 64 generated tables passed 1.3 (frame_extents.py; BENCHMARKS.md, twelfth session)
# The procedural library's categories (engine.data.shapes.CATEGORIES; a test keeps them equal).
# Spelled out so that listing capabilities imports nothing heavy.
CATEGORY_CHOICES = ("", "chair", "armchair", "stool", "office_chair", "sofa", "table", "desk", "bed",
                    "bookshelf", "cabinet", "lamp", "vase", "mug")


@dataclass
class Config:
    """Settings of text-to-shape generation with the part-slot diffusion model."""

    prompt: str = param("", "What to make, e.g. 'a tall office chair with armrests'. Empty: any shape the "
                            "model knows (unconditional).")
    category: str = param("", "Only make shapes of this category (its name goes before the prompt and the "
                              "reading is made certain of it). Empty: as the prompt says.", choices=CATEGORY_CHOICES)
    named_category: bool = param(True, "With no category chosen: where the prompt names one category (\"a coffee "
                                       "table\": a table; \"a wardrobe\": a cabinet, by one of the names "
                                       "the captions never use) and the prompt reader reads another (a mug, "
                                       "by \"coffee\"), make the named one, as if it were chosen "
                                       "(category_names.py); off: the reader's category.")
    n: int = param(4, "How many candidates to make.", minimum=1, maximum=MAX_SAMPLES)
    seed: int = param(0, "Seed of the first candidate; candidate k uses seed + k (another seed when that shape "
                         "lacks what the prompt asks for: see prompt_retries). The same seed and settings "
                         "give the same shapes.", minimum=0, maximum=2 ** 31 - 1)
    guidance: float = param(1.0, "How closely to follow the prompt (classifier-free guidance): 0 ignores it, "
                                 "1 is the plain conditional model (the prompt check holds the parts the prompt "
                                 "speaks of), higher follows it more strictly and varies less.",
                            minimum=0.0, maximum=20.0)
    style_guidance: float = param(2.0, "Guidance where the prompt speaks of proportions the part structure "
                                       "cannot hold (tall, low, high-backed, low-backed: the prompt check's "
                                       "mention reader hears them), if higher than guidance: at guidance 1 such "
                                       "words were followed in fewer samples. Where the category's expert follows "
                                       "firm readings, it guides away from the bare category name with the same "
                                       "parts and attributes but the style the structure's (an empty prompt "
                                       "would guide the whole reading, and the style hardly moved). An edit keeps "
                                       "its source prompt's. 0: guidance for every prompt.",
                                  minimum=0.0, maximum=20.0)
    steps: int = param(25, "Denoising steps (DDIM): fewer is faster, more is a little more faithful.",
                       minimum=1, maximum=1000)
    noise_scale: float = param(1.0, "Advanced: the starting noise times this (a sampling temperature). Above 1 the "
                                    "candidates vary more, and more of them come out malformed (at 1.15, parts far "
                                    "outside the shape in a fifth to two fifths of them); below 1 they crowd towards "
                                    "the most typical shapes. Measured in BENCHMARKS.md.", minimum=0.5, maximum=2.0)
    epsilon_scale: float = param(1.0, "Advanced: the predicted noise is divided by this at every denoising step "
                                      "(epsilon scaling against exposure bias, Ning et al. 2024): above 1 the "
                                      "denoiser takes away less of what it reads as noise.", minimum=0.5, maximum=2.0)
    plain_noise_scale: float = param(1.15, "The noise scale for a prompt that only names a category ('a chair', "
                                           "'an office chair', or none), where noise_scale is 1: such a prompt asks "
                                           "for variety, and at 1.15 the candidates cover a quarter more of the real "
                                           "shapes (BENCHMARKS.md, fourteenth session). A prompt with any other "
                                           "words keeps noise_scale, which follows asked styles better.",
                                     minimum=0.5, maximum=2.0)
    resolution: int = param(40, "Part detail: meshing grid cells along the shape's longest side (each part is "
                                "meshed at that spacing in its own box, with at least 10 nodes a side, 64 for the "
                                "thin-walled lampshades and 48 for vessel bodies). Higher: "
                                "smoother parts, slower.", minimum=8, maximum=256)
    assemble: bool = param(True, "Move parts that touch nothing until they touch their nearest part, and legs, "
                                 "feet and casters that end just above the floor down onto it.")
    symmetric: bool = param(True, "Place repeated parts as the training shapes of the category do: a stool's legs "
                                  "evenly round a ring, a table's legs at the corners of a rectangle, arms as "
                                  "mirror images (part_symmetry.py); off: each part where the denoiser put it.")
    equal_sides: bool = param(True, "Make the box sides equal that the category's training parts have equal: round "
                                    "and square seats and tops seen from above, legs and spokes in section "
                                    "(equal_sides.py); off: each side as the denoiser made it.")
    proportions: bool = param(True, "Keep each part's size relative to each other part's within the range the "
                                    "category's training shapes have (a pedestal stool's foot 1.1 times its seat "
                                    "across), moving the sizes the least (part_proportions.py); off: each box as "
                                    "the denoiser sized it.")
    group_spread: bool = param(True, "Move a group of repeated parts that stands further from (or nearer to) its "
                                     "hub than any training shape's to the nearest spread the training shapes "
                                     "have, and draw one that reaches past its hub's decoded shape (legs past a "
                                     "round top's rim) in under it (group_spread.py); off: as the denoiser "
                                     "spread it.")
    upright: bool = param(True, "Turn square to the shape the boxes of parts that stand square in every training "
                                "shape of the category (tabletops, panels, drawers, shelves, seats), however "
                                "the denoiser tilted them (upright_boxes.py); off: each box as the denoiser "
                                "turned it.")
    relations: bool = param(True, "Move the faces of parts onto where the category's training shapes always have "
                                  "them relative to their neighbours: a desk's drawers flush on the front of their "
                                  "pedestal, its side panels from the floor to the top's underside, a handle "
                                  "centred on its drawer (part_relations.py); off: each box as the denoiser "
                                  "placed it.")
    spans: bool = param(True, "Space a stack of parts over the span the category's training shapes always give "
                              "it: a bookshelf's shelves dividing the height between its bottom and top panels "
                              "evenly, a cabinet's drawers tiling its front (stack_spans.py); off: the stack as "
                              "the denoiser spaced it.")
    revolve: bool = param(True, "Decode the parts that are turned on a lathe in every training shape of the "
                                "category (a lampshade, a vase's body, a pedestal) as surfaces of revolution: the "
                                "decoder's profile averaged over every angle about the upright (revolved_parts.py); "
                                "off: the decoder's occupancy as it is (a mug's thin body comes out torn).")
    profiles: bool = param(True, "Mesh the hollow turned parts (a lampshade, a vase's or a mug's body, a footrest "
                                 "ring) as exact surfaces of revolution of the cross-section the installed profile "
                                 "reader reads off their codes (part_profiles.py): thin walls whole; off: the part "
                                 "auto-encoder's occupancy (revolved where `revolve` is on).")
    tubes: bool = param(True, "Mesh the parts that are tubes or rods, some bent, in every training shape of the "
                              "category (a mug's or a vase's handle, a lamp's pole) as exact round tubes along the "
                              "centreline the installed tube reader reads off their codes (part_tubes.py): whole, "
                              "not torn; off: the part auto-encoder's occupancy.")
    clean_parts: bool = param(True, "Make each decoded part one piece, as every training part is: drop its loose "
                                    "specks (pieces of fewer faces than a tenth of its largest piece) and close "
                                    "the gaps of one broken along its length (a thin leg); off: every piece the "
                                    "decoder's grid gives.")
    unit_frame: bool = param(True, "Scale and centre each candidate as the training shapes are: its bounding box "
                                   "centred at the origin, its longest side 1 (the proportions are the model's); "
                                   "off: the size and place the parts were decoded at.")
    refiner: bool = param(True, "Where the models folder has a low-noise expert (refiner.safetensors: the denoiser "
                                "trained further on the nearly clean steps only), it takes the steps under its "
                                "range; off: the one denoiser takes every step.")
    experts: bool = param(True, "Where the models folder has a category expert for the category the prompt reads "
                                "(generator_expert_<category>.safetensors: a low-rank fine-tune of the denoiser "
                                "on that category's shapes), it denoises the steps it was trained on (under "
                                "`expert_below` where that is set); off: the shared denoiser alone.")
    expert_below: int = param(0, "A category expert takes the denoising steps under this timestep (of 1,000) and "
                                 "the shared denoiser the rest; 0: every step the expert was trained on. An expert "
                                 "trained under a timestep alone (--timesteps-below) never takes the steps above it: "
                                 "the chair expert takes the steps under 250 (the structure drawn as widely as "
                                 "by the shared denoiser; one taking every step covered fewer chairs), the "
                                 "table, desk, cabinet, armchair, lamp, vase and mug experts every step.",
                          minimum=0, maximum=1000)
    union: bool = param(False, "Also return each candidate fused into one watertight mesh.")
    noise: str = param("", "Advanced (used by Variations and Interpolate): a JSON list with one starting-noise "
                           "recipe per candidate; an integer is a seed, {\"slerp\": [A, B, t]} blends two recipes.")
    second_prompt: str = param("", "Interpolate: blend from the prompt (first candidate) to this prompt (last "
                                   "candidate). Empty: one prompt for all.")
    blend: str = param("", "Advanced: a JSON list with the weight (0 to 1) of the second prompt for each candidate. "
                           "Empty: from 0 to 1 across the candidates.")
    edit: str = param("", "Attribute arithmetic ('with arms', 'without wheels'): the prompt's reading moved "
                          "where these words change the reading of a plain shape of its category, the rest "
                          "kept; with the same seed the shape stays as close as the model allows. Empty: no edit.")
    keep_rest: bool = param(True, "With an edit: remake only the parts that embody what it changes (the arms for "
                                  "'with arms', the top for 'with a round top') and keep every other part of the "
                                  "shape as it was; off: the whole shape is made again from the edited reading. "
                                  "An edit of the whole shape ('taller') always remakes all of it.")
    prompt_retries: int = param(3, "The prompt check: where the prompt speaks of parts (three legs, no arms, a "
                                   "round top), denoise from that made certain, and make a candidate whose parts "
                                   "still contradict it again from another seed, up to this many times (the frame "
                                   "check's tries too); 0: both checks are off. With explicit noise (Variations, "
                                   "Interpolate) nothing is made again; not with an edit or a second prompt.",
                               minimum=0, maximum=10)
    read_negations: bool = param(True, "The prompt check also reads negated parts from the prompt's words (\"arms "
                                       "left off\", \"casters absent\": negation_scope.py), which the sentence "
                                       "encoder places near their opposites; off: only the prompt reader's reading.")
    phrase_mentions: bool = param(True, "The prompt check also takes a prompt to speak of the part attribute whose "
                                        "caption phrases its sentence is nearest (\"six levels of shelving\", \"a "
                                        "cushion for the neck\": phrase_mentions.py), which the mention reader, "
                                        "trained on the captions' words, misses; off: the mention reader alone.")
    phrase_negations: bool = param(True, "With read_negations and phrase_mentions: a negation whose words name no "
                                         "part (\"the part for resting your head left off\", \"nothing at the "
                                         "head\") takes away the part the prompt is heard to speak of, where "
                                         "those words speak of it too (phrase_mentions.negated_by_scope); off: "
                                         "only negated part nouns are read.")
    negation_reach: bool = param(True, "With read_negations: a part the reading takes away though no negation's "
                                       "words are about it (\"a bed with a board at the foot that is not "
                                       "painted\": the sentence encoder moves the whole reading) is asked as the "
                                       "prompt without its negated clauses asks it (\"a bed with a board at the "
                                       "foot\"); off: as read.")
    place_counts: bool = param(True, "The prompt check also reads counts said by where the parts stand (\"a leg "
                                     "at each corner\": four legs, \"a door on either side\": two doors; "
                                     "count_words.py), which the prompt reader does not; off: counts as read.")
    numbered_counts: bool = param(True, "The prompt check also reads a count said by a number before another word "
                                        "for the part (\"two loops\" for a vase's handles, \"three skinny "
                                        "pegs\": count_words.py); off: counts as read.")
    top_shape: bool = param(True, "With phrase_mentions: where a table prompt names its top and says what it is "
                                  "like (\"a top like a giant dinner plate\", \"a boxy slab with four "
                                  "corners\"), ask a round top or a cornered one: by its corners where it "
                                  "speaks of them (\"no corners at all\": round), else where the blended odds "
                                  "of either reach 0.65, else by the thing it is likened to, read alone "
                                  "(phrase_mentions.named_top_shape); off: only a top shape the phrases hear.")
    phrase_weight: float = param(0.5, "With phrase_mentions: the weight of the prompt's similarity to each value's "
                                      "caption phrases (\"twin doors\" to \"with two doors\") in the value the "
                                      "check asks for, against the prompt reader's odds; 0: the reader's alone.",
                                 minimum=0.0, maximum=1.0)
    frame_check: bool = param(True, "Make a candidate whose parts reach out beyond the shape (the box around its "
                                    "parts' boxes more than 1.3 times the shape's size; every training shape's "
                                    "is at most 1.16), or that has a part centred outside it (dropped: a table "
                                    "without its top), again from another seed, within prompt_retries tries. Not "
                                    "with explicit noise (Variations, Interpolate), an edit or a second prompt.")
    structure_first: bool = param(True, "Draw each candidate's parts list (which parts it has: three legs and a "
                                        "footrest, a pedestal and its foot) from the training shapes' own, "
                                        "weighted by what the prompt asks, before denoising the parts; off: the "
                                        "denoiser decides which parts exist. Not with an edit or a second prompt.")
    structure_attributes: bool = param(True, "With structure_first: read the prompt's attributes again given the "
                                             "drawn parts list (a lamp drawn with one pole is an arched lamp, a "
                                             "chair drawn with arm supports has arms; structure_attributes.py), so "
                                             "that the denoiser is not told one structure and another's "
                                             "attributes, for the categories whose expert learned to follow such "
                                             "a reading (trained on the shapes' own readings in at least half its "
                                             "examples, on every step); off: the prompt reader's attributes as "
                                             "read.")
    draw_attributes: bool = param(True, "With structure_attributes: draw each candidate's attributes from that "
                                        "reading (a firm reading, as the training shapes' own are), by its "
                                        "structure seed; off: the reading's probabilities, which such an expert "
                                        "averages over (fewer kinds of shape).")
    slot_gate: float = param(0.15, "Leave a part out when the prompt reader's odds that the prompt wants it are "
                                   "below this (e.g. armrests for 'no armrests'); 0: the denoiser decides alone.",
                             minimum=0.0, maximum=0.5)
    device: str = param("auto", "Where the model runs: auto (CUDA when present), cpu or cuda.",
                        choices=("auto", "cpu", "cuda"))


class PartSlotGeneration:
    """The registered method: generate / part_slots."""

    task = "generate"
    name = "part_slots"
    summary = "Part-slot diffusion: shapes from a prompt, one labelled mesh per part (seat, back, legs ...)."
    Config = Config
    stages = {"load": 0.15, "denoise": 0.45, "decode": 0.4}
    needs_input = False

    @staticmethod
    def parse_config(params: dict) -> Config:
        config = from_dict(Config, params)
        validate(config)
        return config

    @staticmethod
    def run(inputs: dict, config: Config, ctx) -> MethodResult:
        from ..device import select_device

        if inputs:
            raise bad_input("Generation takes no input files.", "Send the prompt in the parameters.")
        ctx.stage("load", "Loading the generator")
        generator = cached_generator(models_dir(), str(select_device(config.device)))
        ctx.stage("denoise", "Denoising")
        slots, recipes, categories = generator.sample_shapes(config, progress=lambda f, m: ctx.report(f, m),
                                                             check=ctx.check)
        ctx.stage("decode", "Meshing the parts")

        def decode(k):
            from .assembly import union_mesh

            mesh = generator.decode_as(config, slots[k], categories[k])
            return mesh, lambda: union_mesh(mesh.vertices, mesh.faces)

        return candidate_result(config, "part_slots", generator.model_sha256, decode, len(slots), ctx, recipes,
                                generator.expert_provenance(config))


def candidate_result(config, model: str, model_sha256: str, decode, count: int, ctx, recipes=None,
                     extra: dict | None = None) -> MethodResult:
    """The objects of a generate job (shared by every generate method): per candidate k,
    `decode(k)` gives (PartMesh, fuse), fuse() the (vertices, faces) of the whole shape as one
    watertight mesh (asked for only with config.union); each object carries its quality report
    and its provenance (prompt, noise recipe, seed, guidance, steps, model and its sha256).
    `recipes`: each candidate's noise recipe where it is not the config's (a candidate made again);
    `extra`: more provenance, the same for every candidate (a low-noise expert's sha256)."""
    from ..ops.meshes import quality_report
    from ..structures import PartMesh

    objects, names, info = [], [], []
    recipes, weights = recipes or noise_recipes(config), prompt_weights(config)
    for k in range(count):
        ctx.check()
        ctx.report(k / count, f"shape {k + 1}/{count}")
        mesh, fuse = decode(k)
        provenance = {"prompt": full_prompt(config), "edit": getattr(config, "edit", ""),
                      "second_prompt": config.second_prompt,
                      "prompt_weight": weights[k], "noise": recipes[k], "guidance": config.guidance,
                      "style_guidance": getattr(config, "style_guidance", 0.0), "steps": config.steps,
                      "model": model, "model_sha256": model_sha256, **(extra or {})}
        if hasattr(config, "noise_scale"):
            provenance["noise_scale"] = effective_noise_scale(config)
        if isinstance(recipes[k], int):
            provenance["seed"] = recipes[k]
        objects.append((mesh, {**quality_report(mesh.vertices, mesh.faces), "parts": part_quality(mesh)}))
        names.append(f"shape_{k}")
        info.append(provenance)
        if config.union and len(mesh.faces):
            v, f = fuse()
            objects.append((PartMesh(v, f, np.zeros(len(f), np.int64), ["union"]), quality_report(v, f)))
            names.append(f"shape_{k}_union")
            info.append(provenance)
    return MethodResult(objects, names, {"model_sha256": model_sha256, **(extra or {})}, object_info=info)


def part_quality(mesh) -> dict:
    """{part name: {"watertight": bool, "faces": int}} for every part of a PartMesh."""
    from ..ops.meshes import quality_report

    out = {}
    for i, name in enumerate(mesh.part_names):
        q = quality_report(mesh.vertices, mesh.faces[mesh.face_part == i])
        out[name] = {"watertight": q["watertight"], "faces": q["faces"]}
    return out


def full_prompt(config: Config) -> str:
    """The prompt the model reads: the category's name before the user's words."""
    if not config.category:
        return config.prompt.strip()
    from ..data.shapes.captions import CATEGORY_NAMES

    return f"{CATEGORY_NAMES[config.category][0]} {config.prompt}".strip()


def names_only_a_category(prompt: str) -> bool:
    """Is the prompt empty or a category's name (captions.CATEGORY_NAMES), perhaps after an article?"""
    from ..data.shapes.captions import CATEGORY_NAMES

    words = re.findall(r"[a-z]+", prompt.lower())
    if words and words[0] in ("a", "an", "the", "some"):
        words = words[1:]
    return not words or " ".join(words) in {re.sub(r"[^a-z]+", " ", name.lower()).strip()
                                            for names in CATEGORY_NAMES.values() for name in names}


def effective_noise_scale(config: Config) -> float:
    """The starting noise's scale: plain_noise_scale where noise_scale is 1 and the prompt (and a
    second prompt, if any) only names a category, else noise_scale. An edit is judged by its
    source prompt, so a shape and its edit start from the same noise."""
    plain = names_only_a_category(full_prompt(config)) and (not config.second_prompt
                                                            or names_only_a_category(config.second_prompt))
    return config.plain_noise_scale if config.noise_scale == 1.0 and plain else config.noise_scale


def edited_prompt(config: Config) -> str:
    """The words the denoiser attends to: the prompt, then the edit's words."""
    return ", ".join(t for t in (full_prompt(config), config.edit.strip()) if t)


def noise_recipes(config: Config) -> list:
    """One starting-noise recipe per candidate (see the module docstring)."""
    if not config.noise:
        return [config.seed + k for k in range(config.n)]
    return json.loads(config.noise)


def prompt_weights(config: Config) -> list:
    """Per candidate, the weight of `second_prompt` (0 for all without one)."""
    if not config.second_prompt:
        return [0.0] * config.n
    if config.blend:
        return [float(w) for w in json.loads(config.blend)]
    return [k / max(config.n - 1, 1) for k in range(config.n)]


def check_recipe(recipe, depth: int = 0) -> None:
    if depth > MAX_RECIPE_DEPTH:
        raise bad_input(f"A noise recipe is nested more than {MAX_RECIPE_DEPTH} deep.")
    if isinstance(recipe, bool) or not isinstance(recipe, (int, dict)):
        raise bad_input("A noise recipe is a seed (a whole number) or {\"slerp\": [A, B, t]}.")
    if isinstance(recipe, int):
        if not 0 <= recipe <= 2 ** 31 - 1 + MAX_SAMPLES:
            raise bad_input(f"A noise seed must be between 0 and 2^31 - 1; got {recipe}.")
        return
    pair = recipe.get("slerp")
    if set(recipe) != {"slerp"} or not isinstance(pair, list) or len(pair) != 3:
        raise bad_input("A noise recipe is a seed (a whole number) or {\"slerp\": [A, B, t]}.")
    t = pair[2]
    if isinstance(t, bool) or not isinstance(t, (int, float)) or not 0.0 <= t <= 1.0:
        raise bad_input(f"A slerp weight must be a number between 0 and 1; got {str(t)[:20]}.")
    check_recipe(pair[0], depth + 1)
    check_recipe(pair[1], depth + 1)


def structure_seed(recipe) -> int:
    """The seed a recipe draws its part structure with (part_structures.draw_structure): a seed's
    own; a blend takes the structure of the recipe it is nearer (a variation keeps its source's
    parts, an interpolation switches halfway)."""
    if isinstance(recipe, int):
        return recipe
    a, b, t = recipe["slerp"]
    return structure_seed(a if float(t) < 0.5 else b)


def recipe_noise(recipe, shape: tuple):
    """The starting noise (shape) float32 tensor of a recipe."""
    import torch

    if isinstance(recipe, int):
        return torch.randn(shape, generator=torch.Generator().manual_seed(recipe))
    a_recipe, b_recipe, t = recipe["slerp"]
    return slerp(recipe_noise(a_recipe, shape), recipe_noise(b_recipe, shape), float(t))


def slerp(a, b, t: float):
    """Spherical interpolation of two noise tensors (keeps a Gaussian sample's norm; linear
    interpolation would shrink it towards the mean, which diffusion sampling turns into blobs)."""
    cos = float((a * b).sum() / (a.norm() * b.norm()).clamp(min=1e-12))
    theta = math.acos(max(-1.0, min(1.0, cos)))
    if theta < 1e-6:
        return (1 - t) * a + t * b
    return (math.sin((1 - t) * theta) * a + math.sin(t * theta) * b) / math.sin(theta)


def models_dir() -> str:
    """The folder of the installed weights; SHAPESMITH_MODELS overrides it (your own training)."""
    return os.environ.get("SHAPESMITH_MODELS") or MODELS_DIR


_CACHE_LOCK = threading.Lock()
_CACHE: dict = {}


def cached_generator(folder: str, device: str) -> "PartSlotGenerator":
    """The generator loaded once per (folder, device) and kept for the next job (a warm engine
    answers in seconds; loading the weights and the sentence encoder takes several)."""
    key = (os.path.abspath(folder), device)
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = PartSlotGenerator.load(folder, device)
        return _CACHE[key]


class PartSlotGenerator:
    def __init__(self, net, part_decoder, stats, scheduler, model_sha256: str, device: str = "cpu", mentions=None,
                 whitening=None, refiner=None, experts=None, profiles=None, tubes=None):
        self.net, self.part_decoder, self.stats, self.scheduler = net, part_decoder, stats, scheduler
        self.profiles = profiles   # part_profiles' reader of turned parts' cross-sections, or None
        self.tubes = tubes   # part_tubes' reader of swept tubes' centrelines, or None
        self.experts = experts or {}   # {category: (low_rank.delta_state, sha256, trained below t)}: load_experts
        self._expert_nets = {}
        self.model_sha256 = model_sha256
        self.refiner = refiner   # (low-noise expert net, the timesteps it takes: t < this, its sha256) or None
        self.device = device
        self.mentions = mentions   # the mention reader of the prompt check (None: no check)
        self.whitening = whitening   # slot_whitening.SlotWhitening the denoiser works in (None: codec vectors)

    @classmethod
    def load(cls, folder: str = MODELS_DIR, device: str = "cpu") -> "PartSlotGenerator":
        """The installed generator and part auto-encoder (sha256 checked against their cards); the
        auto-encoder must be the one the generator was trained with, or a decoder trained anew for
        its codes (card `codes_of`: train part-vae --encoder-from)."""
        from ..train.common import load_weights
        from .part_slot_net import NetConfig, PartSlotDenoiser
        from .part_vae import load_part_vae
        from .scheduler import DiffusionScheduler, SchedulerConfig
        from .slot_codec import CodecStats

        state, meta, card = load_weights(os.path.join(folder, "generator.safetensors"))
        vae, vae_card = load_part_vae(os.path.join(folder, "part_vae.safetensors"), device)
        trained_codes = meta.get("part_vae_codes_of", meta.get("part_vae_sha256"))   # whose codes it learned
        if meta.get("part_vae_sha256") != vae_card["sha256"] and trained_codes != vae_card.get("codes_of",
                                                                                                vae_card["sha256"]):
            raise EngineError("MODEL_MISSING", "The generator was trained with another part auto-encoder than the "
                              "one installed.", "Reinstall Shapesmith or retrain both models.")
        net = PartSlotDenoiser(NetConfig(**json.loads(meta["net"])))
        net.load_state_dict(state)
        sched = DiffusionScheduler(SchedulerConfig(**json.loads(meta["scheduler"])))
        net.eval().to(device)
        whitening = None
        if "whitening" in meta:
            from .slot_whitening import SlotWhitening

            whitening = SlotWhitening.from_dict(json.loads(meta["whitening"]))
        return cls(net, vae.decoder, CodecStats.from_dict(json.loads(meta["codec"])), sched, card["sha256"], device,
                   load_mention_reader(folder, device), whitening, load_refiner(folder, meta, device),
                   load_experts(folder, card["sha256"]), load_profile_reader(folder, vae_card["sha256"], device),
                   load_tube_reader(folder, vae_card["sha256"], device))

    def denoiser_for(self, t: int, config: Config | None = None, category: str = ""):
        """The network that denoises timestep t: the low-noise expert under its range (where one is
        installed and `config` does not turn it off), else the expert of `category` (where one is
        installed and `config` does not turn it off, under config.expert_below and under the steps it
        was trained on), else the denoiser."""
        if self.refiner is not None and (config is None or config.refiner) and int(t) < self.refiner[1]:
            return self.refiner[0]
        if category not in self.experts or (config is not None and not config.experts):
            return self.net
        below = [b for b in (0 if config is None else config.expert_below, self.experts[category][2]) if b > 0]
        return self.expert_net(category) if int(t) < min(below, default=1000) else self.net

    def expert_net(self, category: str):
        """The denoiser with `category`'s expert deltas added (low_rank.apply_delta_state), made on
        first use and kept."""
        if category not in self._expert_nets:
            import copy

            from .low_rank import apply_delta_state

            net = copy.deepcopy(self.net)
            try:
                net.load_state_dict(apply_delta_state(self.net.state_dict(), self.experts[category][0]))
            except (KeyError, RuntimeError):
                raise EngineError("MODEL_MISSING", f"The installed expert for {category} does not fit the installed "
                                  "generator.", "Reinstall Shapesmith, or retrain the expert over this generator "
                                  "(train generator --expert-rank R --categories C).") from None
            self._expert_nets[category] = net.eval()
        return self._expert_nets[category]

    def follows_firm_readings(self, config: Config, category: str) -> bool:
        """Whether `category`'s denoising follows a firm reading of the prompt on every step: its
        expert (used: config.experts, config.expert_below 0) trained on every timestep with at
        least FIRM_READ_RATE of its examples conditioned on the shapes' own category, attributes and
        filled slots (train generator --read-truth-rate). Trained so a quarter of the time, the
        experts hardly told one structure's attributes from another's (structure_attributes.py)."""
        expert = self.experts.get(category)
        return bool(config.experts and not config.expert_below and expert is not None and expert[2] == 0
                    and expert[3] >= FIRM_READ_RATE)

    def expert_category(self, *reads) -> str:
        """The category whose expert denoises a batch with these readings (n, F) (None ones
        skipped): the category every row reads at EXPERT_CONFIDENCE or more, where an expert for
        it is installed; "" otherwise (the shared denoiser)."""
        from .prompt_reader import CATEGORIES

        rows = [r[:, :len(CATEGORIES)] for r in reads if r is not None]
        if not self.experts or not rows:
            return ""
        odds = np.concatenate([r.detach().cpu().numpy() for r in rows])
        best = odds.argmax(1)
        if (best != best[0]).any() or odds.max(1).min() < EXPERT_CONFIDENCE:
            return ""
        category = CATEGORIES[int(best[0])]
        return category if category in self.experts else ""

    def expert_provenance(self, config: Config) -> dict:
        """What a result records of the experts that may have denoised it: the low-noise expert's
        sha256 and range, the category experts' sha256 ({} where none is installed or used)."""
        out = {}
        if self.refiner is not None and config.refiner:
            out.update(refiner_sha256=self.refiner[2], refiner_below=self.refiner[1])
        if self.experts and config.experts:
            out["experts_sha256"] = {c: expert[1] for c, expert in sorted(self.experts.items())}
        return out

    def sample_slots(self, config: Config, progress=None, check=None) -> np.ndarray:
        """(n, K, D) denoised slot vectors, candidates that contradict the prompt made again."""
        return self.sample_shapes(config, progress, check)[0]

    def sample_candidates(self, config: Config, progress=None, check=None) -> tuple:
        """((n, K, D) slot vectors, [noise recipe per candidate]): sample_shapes without the categories."""
        return self.sample_shapes(config, progress, check)[:2]

    def sample_shapes(self, config: Config, progress=None, check=None) -> tuple:
        """((n, K, D) slot vectors, [noise recipe per candidate], [category of each candidate: the
        slot layout its labels follow, which decode() needs to place repeated parts]). Where the prompt asks for
        something the part structure can say (prompt_asks), every candidate is denoised from the
        reading made firm there (prompt_check.firm_reading), and one whose parts still contradict
        it is made again from its retry seeds, up to config.prompt_retries times, as is one whose
        parts reach out of its frame (config.frame_check; not with explicit noise: Variations and
        Interpolate keep theirs); it keeps its try with the fewest faults (_faults), the earliest
        among equals. A candidate is made again alone by its recorded noise recipe."""
        from dataclasses import replace

        from .prompt_check import retry_seed

        validate(config)
        config = self.resolve_category(config)
        recipes = noise_recipes(config)
        ahead = self._tries_ahead(config)
        if ahead:   # the first retries denoised in the first batch, beside the first tries
            seeds = recipes + [retry_seed(config.seed + k, a) for a in range(1, ahead + 1) for k in range(config.n)]
            both, asked, kinds = self._denoise(replace(config, n=len(seeds), noise=json.dumps(seeds)), seeds, progress,
                                               check)
            slots, spare = both[:config.n], both[config.n:].reshape(ahead, config.n, *both.shape[1:])
            categories, spare_categories = kinds[:config.n], kinds[config.n:]
        else:
            slots, asked, categories = self._denoise(config, recipes, progress, check)
        frame = config.frame_check and not (config.noise or config.edit or config.second_prompt)
        if not (asked or frame) or config.noise:
            return slots, recipes, categories
        wrong = [self._faults(s, asked, frame) for s in slots]
        for attempt in range(1, config.prompt_retries + 1):
            redo = [k for k, w in enumerate(wrong) if w]
            if not redo:
                break
            seeds = [retry_seed(config.seed + k, attempt) for k in redo]
            if attempt <= ahead:
                again = spare[attempt - 1, redo]
                again_categories = [spare_categories[(attempt - 1) * config.n + k] for k in redo]
            else:
                if progress:
                    progress(1.0, f"{len(redo)} shape(s) lack what the prompt asks for or reach out of their frame: "
                                  f"try {attempt + 1}")
                again, _, again_categories = self._denoise(replace(config, n=len(redo), noise=json.dumps(seeds)), seeds,
                                                           None, check)
            for k, seed, s, category in zip(redo, seeds, again, again_categories):
                w = self._faults(s, asked, frame)
                if w < wrong[k]:
                    slots[k], recipes[k], wrong[k], categories[k] = s, seed, w, category
        return slots, recipes, categories

    def read_prompt(self, config: Config, tokens, mask):
        """The prompt reader's reading (n, F) of these tokens, its category block one-hot on the
        config's category where one is chosen or named (resolve_category): the name put before the
        prompt is not always enough ("table a round coffee table" still reads as a chair or a desk
        in some rows), and the slot layout, the structures drawn and the labels follow the
        category read."""
        read = self.net.read(tokens.to(self.device), mask.to(self.device))
        if read is not None and config.category:
            from .prompt_reader import CATEGORIES

            read = read.clone()
            read[:, :len(CATEGORIES)] = 0.0
            read[:, CATEGORIES.index(config.category)] = 1.0
        return read

    def resolve_category(self, config: Config) -> Config:
        """The config with its category set to the one its prompt names where none is chosen and
        the prompt reader reads another (named_category_of); the config as it is otherwise. A
        pure function of the prompt, so an edit, a variation or an interpolation of a shape
        resolves as the shape was made."""
        if not config.named_category or config.category:
            return config
        from dataclasses import replace

        named = self.named_category_of(config.prompt)
        return replace(config, category=named) if named else config

    def named_category_of(self, prompt: str) -> str:
        """The category the prompt names (category_names.named_category) where the prompt reader
        reads another that the named thing cannot be a kind of (category_names.may_be_a_kind_of);
        "" where it names none, several, the one read, or a head noun the category read shares."""
        from .category_names import may_be_a_kind_of, named_category

        named = named_category(prompt) if self.net.reader is not None else None
        if named is None or named not in CATEGORY_CHOICES:
            return ""
        import torch

        from .prompt_reader import CATEGORIES
        from .text import TextEncoder

        tokens, mask, _ = TextEncoder(self.device).encode([prompt.strip()])
        with torch.no_grad():
            read = self.net.read(tokens.to(self.device), mask.to(self.device))[0]
        read_category = CATEGORIES[int(read[:len(CATEGORIES)].argmax())]
        return "" if read_category == named or may_be_a_kind_of(prompt, read_category) else named

    def _second_reading(self, config: Config, encoder, n: int):
        """(tokens (n, L, 384), mask (n, L), reading (n, F)) of an interpolation's second prompt,
        its category resolved as it would be were it the prompt (resolve_category)."""
        from dataclasses import replace

        import torch

        second = self.resolve_category(replace(config, prompt=config.second_prompt, category=""))
        tokens, mask, _ = encoder.encode([full_prompt(second)] * n)
        with torch.no_grad():
            return tokens, mask, self.read_prompt(second, tokens, mask)

    def _tries_ahead(self, config: Config) -> int:
        """How many retries of every candidate to denoise beside its first try, within a batch of
        TRIES_BATCH: where the prompt check asks for what a drawn part structure does not settle
        (a round or square top is the tabletop's geometry, which often fails its first try), as a
        second batch row costs far less on a CPU than a second pass; 0 elsewhere (where the
        structure holds the asked parts, first tries pass and a larger batch would only cost)."""
        import torch

        from .text import TextEncoder

        ahead = min(config.prompt_retries, TRIES_BATCH // config.n - 1)
        if ahead <= 0 or config.noise or self.net.reader is None:
            return 0
        tokens, mask, _ = TextEncoder(self.device).encode([edited_prompt(config)])
        with torch.no_grad():
            read = self.read_prompt(config, tokens, mask)
        asked = self.prompt_asks(config, read, tokens, mask)
        unsettled = asked if not config.structure_first else [k for k in asked if k in ASKS_NOT_SETTLED_BY_STRUCTURE]
        return ahead if unsettled else 0

    def guidance_for(self, config: Config, prompt: str) -> float:
        """The guidance a prompt is denoised with: config.style_guidance where the mention reader
        hears it speak of a style in STYLES (a height, a back height) and that is the higher,
        config.guidance otherwise. An edit is denoised at its source prompt's guidance (its kept
        parts are the source's as the source was made), an interpolation's second prompt at its own."""
        if config.style_guidance <= config.guidance or self.mentions is None or not prompt:
            return config.guidance
        from .mention_reader import mentioned_attributes
        from .text import TextEncoder

        tokens, mask, _ = TextEncoder(self.device).encode([prompt])
        mentioned = mentioned_attributes(self.mentions, tokens.to(self.device), mask.to(self.device))[0]
        return config.style_guidance if any(a in STYLES for a in mentioned) else config.guidance

    def prompt_asks(self, config: Config, read, tokens, mask) -> dict:
        """What the prompt asks for that the part structure can say (prompt_check.asked_attributes);
        empty where the check does not apply (prompt_retries 0, no reader, no mention reader, an
        empty prompt, an edit or a second prompt). `read`: the prompt's reading (n, F); `tokens`,
        `mask`: its encoding (n, L, 384), (n, L)."""
        if (not config.prompt_retries or read is None or self.mentions is None or not full_prompt(config)
                or config.edit or config.second_prompt):
            return {}
        from .mention_reader import mentioned_attributes
        from .prompt_check import CATEGORY_CHECKS, asked_attributes
        from .prompt_reader import CATEGORIES

        reading = read[0].cpu().numpy()
        category = CATEGORIES[int(reading[:len(CATEGORIES)].argmax())]
        mentioned = set(mentioned_attributes(self.mentions, tokens[:1].to(self.device), mask[:1].to(self.device))[0])
        if config.phrase_mentions and CATEGORY_CHECKS.get(category):
            from .phrase_mentions import spoken_of

            mentioned |= spoken_of(full_prompt(config), category, CATEGORY_CHECKS[category], self.device)
            if config.phrase_weight > 0:
                from .phrase_mentions import blend_reading

                reading = blend_reading(reading, category, full_prompt(config),
                                        mentioned & set(CATEGORY_CHECKS[category]), config.phrase_weight, self.device)
        asked = asked_attributes(category, reading, mentioned)
        if config.numbered_counts and CATEGORY_CHECKS.get(category):
            from .count_words import numbered_counts

            asked.update(numbered_counts(full_prompt(config), CATEGORY_CHECKS[category]))
        if config.place_counts and CATEGORY_CHECKS.get(category):
            from .count_words import place_counts

            asked.update(place_counts(full_prompt(config), CATEGORY_CHECKS[category]))
        if config.top_shape and config.phrase_mentions and category == "table" and "shape" not in asked:
            from .phrase_mentions import named_top_shape

            shape = named_top_shape(full_prompt(config), read[0].cpu().numpy(), config.phrase_weight, self.device)
            asked.update({"shape": shape} if shape else {})
        if config.read_negations:
            from .negation_scope import negated_attributes

            by_words = {key: value for key, value in negated_attributes(full_prompt(config)).items()
                        if key in CATEGORY_CHECKS.get(category, ())}
            if config.phrase_negations and config.phrase_mentions and CATEGORY_CHECKS.get(category):
                from .phrase_mentions import negated_by_scope

                by_words.update(negated_by_scope(full_prompt(config), category, mentioned, CATEGORY_CHECKS[category],
                                                 self.device))
            asked.update(by_words)
            if config.negation_reach:
                asked = self._outside_negations(config, category, asked, set(by_words))
        return asked

    def _outside_negations(self, config: Config, category: str, asked: dict, by_words: set) -> dict:
        """`asked` with each part asked away that no negation's words take away (not in `by_words`)
        asked as the prompt without its negated clauses asks it, where that asks for the part: "a
        bed with a board at the foot that is not painted" was read as no footboard ("not" moves the
        whole sentence's reading); "a bed, a board at the foot" asks for one. Where the prompt
        without them no longer speaks of the part ("an office chair, headrest not wanted" -> "an
        office chair"), the negation was about it, and the part stays away. A part the first
        reading did not ask at all is asked as well where the words kept ask for it ("a teacup
        resting on a little dish, no pattern on either"). The words kept are read as they are
        where they read as the same category, with its name before them otherwise (the name
        before them moves some readings: "bed a bed, a panel behind the pillows" asks a
        footboard, "a bed, a panel behind the pillows" a headboard)."""
        from dataclasses import replace

        import torch

        from .negation_scope import NEGATIVE_VALUE, negation_clauses
        from .prompt_check import CATEGORY_CHECKS
        from .prompt_reader import CATEGORIES
        from .text import TextEncoder

        doubtful = [key for key in CATEGORY_CHECKS.get(category, ()) if key in NEGATIVE_VALUE and key not in by_words
                    and asked.get(key, NEGATIVE_VALUE[key]) == NEGATIVE_VALUE[key]]
        negated, kept = negation_clauses(config.prompt) if doubtful else ([], "")
        if not negated or not kept:
            return asked
        as_kept = replace(config, prompt=kept, negation_reach=False)
        # "gliding on little wheels" alone reads no office chair: then its name goes before the words
        for plain in (as_kept, replace(as_kept, category=category)):
            tokens, mask, _ = TextEncoder(self.device).encode([full_prompt(plain)])
            with torch.no_grad():
                read = self.read_prompt(plain, tokens, mask)
            if CATEGORIES[int(read[0, :len(CATEGORIES)].argmax())] == category:
                break
        again = self.prompt_asks(plain, read, tokens, mask)
        return {**asked, **{key: again[key] for key in doubtful
                            if key in again and again[key] != NEGATIVE_VALUE[key]}}

    def _faults(self, slot_vectors: np.ndarray, asked: dict, frame: bool) -> int:
        """A candidate's (K, D) faults: the asked attributes it contradicts, plus one if `frame` and
        its parts reach out of the shape's frame (frame_extent over FRAME_LIMIT) or a filled slot's
        box is centred beyond it (plausible_box), which placed_parts drops: 1-7% of each
        category's candidates from its plain prompt lost every part of a label so (a table its top,
        a chair its seat, a lamp its shade), 2 of 100 vases their one body (empty shapes)."""
        wrong = self._contradictions(slot_vectors, asked) if asked else 0
        if frame:
            from .slot_codec import decode_slots

            filled = decode_slots(slot_vectors, self.stats)
            parts = [p for p in filled if plausible_box(p["centre"])]
            wrong += len(parts) < len(filled) or not parts or frame_extent(parts) > FRAME_LIMIT
        return int(wrong)

    def placed_parts(self, slot_vectors: np.ndarray) -> list:
        """One shape's (K, D) slots -> the parts decode() meshes (decode_slots dicts), those whose
        box centre is plausible."""
        from .slot_codec import decode_slots

        return [p for p in decode_slots(slot_vectors, self.stats) if plausible_box(p["centre"])]

    def _contradictions(self, slot_vectors: np.ndarray, asked: dict) -> int:
        """How many of the asked attributes one candidate's slots (K, D) contradict."""
        from .prompt_check import contradictions
        from .slot_codec import decode_slots

        parts = decode_slots(slot_vectors, self.stats)
        grid = None
        tops = [p for p in parts if p["label"] == "tabletop"]
        if "shape" in asked and tops:
            import torch

            from .part_vae import decode_box_grids

            code = torch.tensor(np.asarray(tops[0]["code"])[None], dtype=torch.float32)
            grid = decode_box_grids(self.part_decoder, code, [(24, 24, 24)], labels=["tabletop"])[0]
        return contradictions(parts, asked, grid)

    def _firm_reading(self, config: Config, read, tokens, mask) -> tuple:
        """(the reading (n, F) made firm where the prompt asks (prompt_check.firm_reading), what it
        asks); the reading as it is where it asks for nothing. `tokens`, `mask`: the prompt's."""
        import torch

        from .prompt_check import firm_reading
        from .slots import MAX_SLOTS

        asked = self.prompt_asks(config, read, tokens, mask)
        if not asked:
            return read, asked
        firm = firm_reading(read[0].cpu().numpy(), asked, MAX_SLOTS)
        return torch.from_numpy(firm).to(read.dtype).to(read.device).expand(len(read), -1), asked

    def _denoise(self, config: Config, recipes: list, progress=None, check=None) -> tuple:
        """((n, K, D) slot vectors from these noise recipes, what the prompt asks for (prompt_asks):
        the reading they were denoised from is made firm there, [category whose slot layout each
        shape's labels follow])."""
        from dataclasses import replace

        import torch

        from .slot_codec import SLOT_DIM
        from .slots import MAX_SLOTS
        from .text import TextEncoder

        validate(config)
        n = config.n
        encoder = TextEncoder(self.device)
        tokens, mask, _ = encoder.encode([edited_prompt(config)] * n)
        weights = torch.tensor(prompt_weights(config), dtype=torch.float32).view(n, 1, 1)
        second = self._second_reading(config, encoder, n) if config.second_prompt else None
        dev = self.device
        asked = {}
        with torch.no_grad():
            if config.edit and self.net.reader is not None:
                read = self._edited_reading(encoder, config)
            else:
                read, asked = self._firm_reading(config, self.read_prompt(config, tokens, mask), tokens, mask)
            second_read = second[2] if second is not None else None
        x = effective_noise_scale(config) * torch.stack([recipe_noise(r, (MAX_SLOTS, SLOT_DIM)) for r in recipes])
        keep = None
        if config.edit and config.keep_rest and read is not None and second is None:
            # Read in a batch of n, as generating the source alone does: a batch of one reads
            # differently in the last bits, and the kept parts would drift from the source's.
            source_tokens, source_mask, _ = encoder.encode([full_prompt(config)] * n)
            with torch.no_grad():   # as the source shape was made: firm where its prompt asks
                source_read = self.read_prompt(config, source_tokens, source_mask)
                source_read = self._firm_reading(replace(config, edit=""), source_read, source_tokens, source_mask)[0]
            keep = self._kept_slots(source_read[0].cpu(), read[0].cpu())   # one prompt: one scope for all
            if keep is not None:    # the source shape is denoised beside the edited one, from the same noise
                tokens, mask = torch.cat([source_tokens, tokens]), torch.cat([source_mask, mask])
                read, x = torch.cat([source_read, read]), torch.cat([x, x])
        # The bare category name's slot odds, read once for the structure draw and the gate.
        plain = self._plain_slot_odds(read, MAX_SLOTS) if read is not None and full_prompt(config) else None
        drawn = None   # (rows, K): +1 / -1 the exists flags of drawn structures (structure first), 0 where free
        away_read = None
        if config.structure_first and plain is not None and second is None:
            # With a kept source, its half is drawn as the source alone was (the edited half follows
            # its kept slots); otherwise every candidate draws from its own reading.
            rows = n if keep is not None else len(read)
            drawn_read, held, away_read = self._structures_drawn(read[:rows], recipes, plain, config)
            if held is not None:
                read = torch.cat([drawn_read, read[rows:]])
                drawn = torch.cat([held, torch.zeros(len(read) - rows, held.shape[1])])
                if keep is not None:
                    source_read = drawn_read
        guidance = self.guidance_for(config, full_prompt(config))
        away = None   # (tokens, mask, reading) style guidance guides away from, where not the empty prompt
        if away_read is not None and keep is None and guidance == config.style_guidance > config.guidance:
            away = self._bare_category(encoder, read, len(x)) + (away_read,)
        second_guidance = self.guidance_for(config, config.second_prompt) if second is not None else None
        self.scheduler.set_timesteps(config.steps, "ddim")
        expert = self.expert_category(read, second_read) if config.experts else ""
        x0 = None   # the previous step's clean estimate (self-conditioning; None before the first)
        with torch.no_grad():
            for i, t in enumerate(self.scheduler.timesteps):
                if check:
                    check()
                tt = torch.full((len(x),), int(t), dtype=torch.int64, device=dev)
                x0_in = self._self_condition(x0)
                net = self.denoiser_for(t, config, expert)
                out = net.guided(x.to(dev), tt, tokens.to(dev), mask.to(dev), guidance, read, x0_in,
                                 None if away is None else tuple(a.to(dev) for a in away)).cpu()
                if second is not None:
                    out_b = net.guided(x.to(dev), tt, second[0].to(dev), second[1].to(dev),
                                       second_guidance, second_read, x0_in).cpu()
                    out = (1 - weights) * out + weights * out_b
                eps = self.scheduler.epsilon_from(out, t, x, net.config.prediction) / config.epsilon_scale
                if drawn is not None:   # each drawn slot's exists flag held at its value
                    eps[..., 0] = torch.where(drawn != 0, self.scheduler.noise_for(x[..., 0], t, drawn), eps[..., 0])
                x0 = self.scheduler.predicted_x0(eps, t, x, clip=3.0)
                x = self.scheduler.step(eps, t, x, clip=3.0)
                if keep is not None:
                    x[n:, keep] = x[:n, keep]
                    x0[n:, keep] = x0[:n, keep]
                if progress:
                    progress((i + 1) / len(self.scheduler.timesteps), f"step {i + 1}/{len(self.scheduler.timesteps)}")
        if keep is not None:
            x, read = x[n:], read[n:]
        x = x.numpy()
        if read is not None and config.slot_gate > 0 and full_prompt(config):
            odds = read[:, -x.shape[1]:].cpu()
            if keep is not None:   # kept slots keep the source's gate
                odds = torch.where(keep, source_read[:, -x.shape[1]:].cpu(), odds)
            if second_read is not None:
                odds = (1 - weights.view(n, 1)) * odds + weights.view(n, 1) * second_read[:, -x.shape[1]:].cpu()
            x = gate_slots(x, odds.numpy(), config.slot_gate, plain[:x.shape[1]])
        x, categories = self._labels_under_layouts(x, read)
        if self.whitening is not None:
            x = self.whitening.unwhiten(x, categories)
        return x, asked, categories

    def _bare_category(self, encoder, read, n: int) -> tuple:
        """(tokens, mask) (n, L, 384), (n, L) of the bare name of the category `read` (n, F) names
        (its first row's most likely category)."""
        from ..data.shapes.captions import CATEGORY_NAMES
        from .prompt_reader import CATEGORIES

        category = CATEGORIES[int(read[0, :len(CATEGORIES)].argmax())]
        tokens, mask, _ = encoder.encode([CATEGORY_NAMES[category][0]] * n)
        return tokens, mask

    def _plain_slot_odds(self, read, slots: int) -> np.ndarray:
        """(slots,) the filled-odds the reader gives a plain shape of the category `read` (n, F)
        names (its first row's most likely category): the bare category name's reading."""
        import torch

        from .text import TextEncoder

        tokens, mask = self._bare_category(TextEncoder(self.device), read, 1)
        with torch.no_grad():
            plain = self.net.read(tokens.to(self.device), mask.to(self.device))
        return plain[0, -slots:].cpu().numpy()

    def _structures_drawn(self, read, recipes: list, plain: np.ndarray, config: Config | None = None):
        """(the reading (n, F) with each candidate's filled-slot odds set to a structure drawn for it
        (part_structures.draw_structure_index, by its recipe's structure seed) and, with
        config.structure_attributes where the category's denoising follows firm readings
        (follows_firm_readings), its attributes read again given that structure
        (structure_attributes.py), the drawn exists flags (n, K) +1 / -1); (the reading, None) where
        the reader is not sure of a category with known structures; the side style guidance guides
        away from where the attributes were read again (the same rows with each style in STYLES
        left as the structure has it: structure_attributes.structure_shares), else None).
        `plain`: the bare category name's slot odds (K,)."""
        import torch

        from .part_structures import STRUCTURES, draw_structure_index, structure_pattern
        from .prompt_reader import CATEGORIES

        categories = read[0, :len(CATEGORIES)].cpu().numpy()
        category = CATEGORIES[int(categories.argmax())]
        if categories.max() < 0.5 or category not in STRUCTURES:
            return read, None, None
        slots = len(plain)
        rows = np.array(read.cpu().numpy())   # its own rows: a shared reading is one row expanded (firm_reading)
        picks = [draw_structure_index(category, row[-slots:], plain, structure_seed(r)) for row, r in zip(rows, recipes)]
        drawn = np.stack([structure_pattern(category, STRUCTURES[category][pick][0], slots) for pick in picks])
        firm = config is not None and config.structure_attributes and self.follows_firm_readings(config, category)
        if firm:
            from .structure_attributes import attributes_given_structure

            seeds = [structure_seed(r) if config.draw_attributes else None for r in recipes]
            rows = np.stack([attributes_given_structure(row, category, pick, seed)
                             for row, pick, seed in zip(rows, picks, seeds)])
        rows[:, -slots:] = drawn
        out = torch.from_numpy(rows.astype(np.float32)).to(read.device)
        away = None
        if firm:
            from .structure_attributes import STRUCTURE_ATTRIBUTES, structure_shares

            if any(style in row for row in STRUCTURE_ATTRIBUTES[category] for style in STYLES):
                away = np.stack([structure_shares(row, category, pick, STYLES) for row, pick in zip(rows, picks)])
                away = torch.from_numpy(away.astype(np.float32)).to(read.device)
        return out, torch.from_numpy(np.where(drawn, 1.0, -1.0).astype(np.float32)), away

    def _self_condition(self, x0):
        """The previous step's clean estimate on the device for a self-conditioned denoiser, else None."""
        if x0 is None or not self.net.config.self_condition:
            return None
        return x0.to(self.device)

    @staticmethod
    def _kept_slots(source_read, edited_read):
        """(K,) bool: the slots an edit keeps from the source shape, given the two readings (F,)
        (edit_scope: all but those of the parts embodying the attribute it moves most), or None
        to remake every slot."""
        import torch

        from .edit_scope import edit_scope
        from .prompt_reader import CATEGORIES
        from .slots import MAX_SLOTS

        source, edited = source_read.numpy(), edited_read.numpy()
        category = CATEGORIES[int(source[:len(CATEGORIES)].argmax())]
        scope = edit_scope(category, source, edited, MAX_SLOTS)
        return None if scope is None else torch.from_numpy(~scope)

    def _edited_reading(self, encoder, config: Config):
        """(n, F): the prompt's reading moved where the edit's words change the reading of a
        plain shape of the read category (prompt_reader.edited_features)."""
        from ..data.shapes.captions import CATEGORY_NAMES
        from .prompt_reader import CATEGORIES, edited_features

        tokens, mask, _ = encoder.encode([full_prompt(config)])
        read = self.read_prompt(config, tokens, mask)
        plain = CATEGORY_NAMES[CATEGORIES[int(read[0, :len(CATEGORIES)].argmax())]][0]
        tokens, mask, _ = encoder.encode([plain, f"{plain} {config.edit.strip()}"])
        both = self.net.read(tokens.to(self.device), mask.to(self.device))
        return edited_features(read, both[:1], both[1:]).expand(config.n, -1)

    @staticmethod
    def _labels_under_layouts(x: np.ndarray, read) -> tuple:
        """(n, K, D) each shape's labels set from its category's slot layout
        (slot_codec.snap_labels_to_layout), the category read from the prompt where the reader is
        sure of it; (n,) those categories."""
        from .prompt_reader import CATEGORIES
        from .slot_codec import snap_labels_to_layout

        odds = [None] * len(x) if read is None else [dict(zip(CATEGORIES, r[:len(CATEGORIES)].tolist()))
                                                      for r in read.cpu()]
        snapped = [snap_labels_to_layout(s, o) for s, o in zip(x, odds)]
        return np.stack([s for s, _ in snapped]), [c for _, c in snapped]

    def arranged_parts(self, slot_vectors: np.ndarray, category: str | None = None, symmetric: bool = True,
                       equal_sides: bool = False, proportions: bool = False, group_spread: bool = False,
                       upright: bool = False, relations: bool = False, spans: bool = False) -> list:
        """One shape's (K, D) slots -> the parts decode() meshes (decode_slots dicts), arranged as
        asked: boxes the category always has square turned square (upright_boxes), repeated parts
        snapped symmetric (part_symmetry), sizes kept within the training proportions
        (part_proportions), sides made equal (equal_sides), groups' spreads kept within the
        training ranges (group_spread; with `symmetric` only), in that order; with `relations`, the
        faces of parts then moved onto the category's relations between labels (part_relations) and
        the repeated parts snapped symmetric again; with `spans`, last, stacks spaced over their spans
        (stack_spans). `category`: the
        slot layout the labels follow (None: the one they agree with best)."""
        parts = self.placed_parts(slot_vectors)
        if not (symmetric or equal_sides or proportions or group_spread or upright or relations or spans):
            return parts
        from .equal_sides import equalize_sides
        from .part_symmetry import symmetrize
        from .slot_codec import snap_labels_to_layout

        category = category or snap_labels_to_layout(slot_vectors)[1]
        if upright:
            from .upright_boxes import straighten_boxes

            parts = straighten_boxes(parts, category)
        parts = symmetrize(parts, category) if symmetric else parts
        if proportions:
            from .part_proportions import fit_proportions

            parts = fit_proportions(parts, category)
        parts = equalize_sides(parts, category) if equal_sides else parts
        if relations:
            from .part_relations import relate_parts

            parts = relate_parts(parts, category)
            parts = symmetrize(parts, category) if symmetric else parts
        if symmetric and group_spread:   # measured against the hub's final sides
            from .group_spread import clamp_spreads

            parts = clamp_spreads(parts, category)
        if spans:   # last: a stack's span is its partners' faces, whatever moved them (it keeps its column)
            from .stack_spans import span_stacks

            parts = span_stacks(parts, category)
        return parts

    def decode(self, slot_vectors: np.ndarray, resolution: int = 40, assemble: bool = True, symmetric: bool = True,
               category: str | None = None, unit_frame: bool = False, equal_sides: bool = False,
               group_spread: bool = False, proportions: bool = False, clean_parts: bool = False,
               upright: bool = False, relations: bool = False, revolve: bool = False, spans: bool = False,
               profiles: bool = False, tubes: bool = False):
        """One shape's (K, D) slots -> PartMesh (parts named label, label_0, label_1 ...); `symmetric`:
        repeated parts snapped onto the arrangement of `category` (part_symmetry.symmetrize; None:
        the layout its labels agree with best, which cannot tell a stool from a chair without a back);
        `unit_frame`: the mesh scaled and centred into the shape frame (assembly.to_unit_frame);
        `equal_sides`: box sides the category's parts have equal made equal (equal_sides.py);
        `group_spread`: a symmetric group's spread about its hub kept within the training range,
        and its members drawn in under the hub's decoded shape (group_spread.py; with `symmetric`
        only); `proportions`: the parts' sizes relative to each other kept within the training
        ranges (part_proportions.py); `clean_parts`: each part made one piece where it can be
        (one_piece_mesh: specks dropped, gaps closed); `upright`: boxes the category's training
        parts always have square to the axes turned square (upright_boxes.py); `relations`: faces of
        parts moved onto the category's relations between labels (part_relations.py); `revolve`: the
        parts the category's training shapes always turn on a lathe decoded as surfaces of
        revolution (revolved_parts.py); `spans`: stacks of parts spaced over their spans
        (stack_spans.py); `profiles`: the hollow turned parts meshed from the cross-section the profile
        reader reads off their codes (profile_meshes); `tubes`: the swept tubes meshed along the
        centreline the tube reader reads off their codes (tube_meshes)."""
        import torch

        from ..structures import PartMesh
        from .part_vae import decode_box_grids, fewest_nodes, mesh_from_logits, part_grid_shape
        from .slots import box_to_world

        if category is None and (symmetric or equal_sides or proportions or group_spread or upright or relations
                                 or revolve or spans):
            from .slot_codec import snap_labels_to_layout

            category = snap_labels_to_layout(slot_vectors)[1]
        parts = self.arranged_parts(slot_vectors, category, symmetric, equal_sides, proportions, group_spread, upright,
                                    relations, spans)
        for p in parts:  # no part of a shape with longest side 1 is larger; bounds an untrained model's grids
            p["half"] = np.minimum(p["half"], MAX_HALF_EXTENT)
        if not parts:
            return PartMesh(np.zeros((0, 3)), np.zeros((0, 3), np.int64), np.zeros(0, np.int64), [])
        codes = torch.tensor(np.stack([p["code"] for p in parts]), dtype=torch.float32)
        logits = decode_box_grids(self.part_decoder, codes,
                                  [part_grid_shape(p["half"], 1.0 / resolution, minimum=fewest_nodes(p["label"]))
                                   for p in parts],
                                  labels=[p["label"] for p in parts])
        if revolve and category:
            from .revolved_parts import revolve_parts

            logits = revolve_parts(parts, [np.asarray(grid) for grid in logits], category)
        if symmetric and group_spread:   # a group's members under their hub's decoded shape
            from .group_spread import bring_under_hubs

            parts = bring_under_hubs(parts, logits, category)
        turned = self.profile_meshes(parts, category) if profiles and category else {}
        if tubes and category:
            turned.update(self.tube_meshes(parts, category))
        verts, faces, face_part, labels, offset = [], [], [], [], 0
        for i, (p, grid) in enumerate(zip(parts, logits)):
            mesh = turned[i] if i in turned else mesh_from_logits(grid)
            if mesh is None:
                continue
            if clean_parts and i not in turned:
                mesh = one_piece_mesh(np.asarray(grid), mesh)
            v = box_to_world(mesh[0], p["centre"], p["half"], p["rotation"])
            if np.linalg.det(p["rotation"]) < 0:
                mesh = (mesh[0], mesh[1][:, ::-1])
            verts.append(v)
            faces.append(mesh[1] + offset)
            face_part.append(np.full(len(mesh[1]), len(labels)))
            labels.append(p["label"])
            offset += len(v)
        if not verts:
            return PartMesh(np.zeros((0, 3)), np.zeros((0, 3), np.int64), np.zeros(0, np.int64), [])
        mesh = PartMesh(np.concatenate(verts), np.concatenate(faces), np.concatenate(face_part), instance_names(labels))
        if assemble:
            from .assembly import attach_floating_parts, level_ground_parts, seat_legs_under_tops

            mesh.vertices, _ = seat_legs_under_tops(mesh.vertices, mesh.faces, mesh.face_part, mesh.part_names)
            mesh.vertices, _ = attach_floating_parts(mesh.vertices, mesh.faces, mesh.face_part)
            mesh.vertices, _ = level_ground_parts(mesh.vertices, mesh.faces, mesh.face_part, mesh.part_names)
        if unit_frame:
            from .assembly import to_unit_frame

            mesh.vertices = to_unit_frame(mesh.vertices)
        return mesh

    def profile_meshes(self, parts: list, category: str) -> dict:
        """{index: (vertices, faces) in box coordinates} of the parts whose category and label the
        profile reader knows and whose cross-section it reads hollow at some height (a vessel's
        body, a lampshade, a footrest ring): that cross-section turned about their box's upright
        axis (part_profiles.py). Solid turned parts (legs, pedestals, a lamp's base) stay with the
        part decoder, which draws them whole already: with their legs meshed from profiles,
        generated sofas measured 4.5 points of 1-NNA further from the test shapes (BENCHMARKS.md,
        thirtieth session). A part whose profile has no outer radius stays with the decoder too.
        {} without a reader."""
        if self.profiles is None:
            return {}
        from .part_profiles import profile_mesh
        from .revolved_parts import revolution_axis

        known = set(self.profiles.config.keys)
        chosen = [i for i, p in enumerate(parts) if f"{category}/{p['label']}" in known]
        if not chosen:
            return {}
        read = self.profiles.profiles(np.stack([parts[i]["code"] for i in chosen]),
                                      [f"{category}/{parts[i]['label']}" for i in chosen])
        out = {i: profile_mesh(profile, revolution_axis(parts[i]["rotation"]))
               for i, profile in zip(chosen, read) if profile[:, 2].any()}
        return {i: mesh for i, mesh in out.items() if mesh is not None}

    def tube_meshes(self, parts: list, category: str) -> dict:
        """{index: (vertices, faces) in box coordinates} of the parts whose category and label the
        tube reader knows (part_tubes.TUBED: a mug's or a vase's handle, a lamp's pole): a round tube
        along the centreline and of the radius it reads off their codes, turned to face the other
        parts (part_tubes.facing_path). {} without a reader."""
        if self.tubes is None:
            return {}
        from .part_tubes import facing_path, tube_mesh

        def box_of(part):
            return part["centre"], part["half"], part["rotation"]

        known = set(self.tubes.config.keys)
        chosen = [i for i, p in enumerate(parts) if f"{category}/{p['label']}" in known]
        if not chosen:
            return {}
        paths, radii = self.tubes.tubes(np.stack([parts[i]["code"] for i in chosen]),
                                        [f"{category}/{parts[i]['label']}" for i in chosen])
        out = {}
        for i, path, radius in zip(chosen, paths, radii):
            others = [box_of(p) for j, p in enumerate(parts) if j != i]
            out[i] = tube_mesh(facing_path(path, box_of(parts[i]), others), radius, parts[i]["half"])
        return {i: mesh for i, mesh in out.items() if mesh is not None}

    def sample(self, config: Config, progress=None, check=None) -> list:
        slots, _, categories = self.sample_shapes(config, progress, check)
        return [self.decode_as(config, s, c) for s, c in zip(slots, categories)]

    def decode_as(self, config: Config, slot_vectors: np.ndarray, category: str | None = None):
        """decode() with the meshing and placement settings of `config`."""
        return self.decode(slot_vectors, config.resolution, config.assemble, config.symmetric, category,
                           config.unit_frame, config.equal_sides, config.group_spread, config.proportions,
                           config.clean_parts, config.upright, config.relations, config.revolve, config.spans,
                           config.profiles, config.tubes)


def one_piece_mesh(logits: np.ndarray, mesh: tuple) -> tuple:
    """A decoded part's mesh (vertices, faces in box coordinates) of its logits grid, cleaned: its
    pieces of fewer faces than SPECK_FRACTION of the largest's dropped, and where several large
    pieces stay (a thin leg broken along its length), the grid's gaps closed (grey-scale closing,
    CLOSING_SIZES voxels, the first that leaves one piece) and meshed again; the pieces as they are
    where no closing joins them. Every library part is one piece."""
    from scipy import ndimage

    from ..ops.meshes import drop_small_components, face_components
    from .part_vae import mesh_from_logits

    vertices, faces, _ = drop_small_components(mesh[0], mesh[1], SPECK_FRACTION)
    if len(faces) == 0 or face_components(faces, len(vertices)).max() == 0:
        return vertices, faces
    for size in CLOSING_SIZES:
        closed = mesh_from_logits(ndimage.grey_closing(logits, size=size))
        if closed is None:
            continue
        closed = drop_small_components(closed[0], closed[1], SPECK_FRACTION)[:2]
        if face_components(closed[1], len(closed[0])).max() == 0:
            return closed
    return vertices, faces


def load_refiner(folder: str, generator_meta: dict, device: str = "cpu"):
    """(the low-noise expert in the folder's refiner.safetensors, the timesteps it takes (t < this),
    its sha256), sha256 checked; None where there is none. It must work on the generator's slots
    (the same codec statistics and prediction) and read the generator's prompt readings."""
    from ..train.common import load_weights
    from .part_slot_net import NetConfig, PartSlotDenoiser
    from .slot_codec import CodecStats

    path = os.path.join(folder, "refiner.safetensors")
    if not os.path.exists(path):
        return None
    state, meta, card = load_weights(path)
    config = NetConfig(**json.loads(meta["net"]))
    main = NetConfig(**json.loads(generator_meta["net"]))
    below = int(meta.get("timesteps_below", "0"))
    stats = [CodecStats.from_dict(json.loads(m["codec"])) for m in (meta, generator_meta)]
    if (not stats[0].same_as(stats[1]) or config.prediction != main.prediction
            or config.reader_width != main.reader_width or not 0 < below or "whitening" in meta):
        raise EngineError("MODEL_MISSING", "The installed low-noise expert (refiner.safetensors) does not fit the "
                          "installed generator.", "Reinstall Shapesmith, or retrain the expert from this generator "
                          "(train generator --init-from ... --timesteps-below T).")
    net = PartSlotDenoiser(config)
    net.load_state_dict(state)
    return net.eval().to(device), below, card["sha256"]


def load_experts(folder: str, generator_sha256: str) -> dict:
    """{category: (delta state, sha256, the timestep it was trained under, 0 for all, the share of its
    examples conditioned on the shapes' own reading: read_truth_rate)} of the category experts in
    the folder (generator_expert_*.safetensors, `train generator --expert-rank R
    --categories C [--timesteps-below T]`), sha256 checked; a typed error for one trained over
    other generator weights than the installed ones."""
    import glob

    from ..train.common import load_weights

    experts = {}
    for path in sorted(glob.glob(os.path.join(folder, "generator_expert_*.safetensors"))):
        state, meta, card = load_weights(path)
        if meta.get("base_sha256") != generator_sha256 or "expert_of" not in meta:
            raise EngineError("MODEL_MISSING", f"{os.path.basename(path)} was trained over other generator weights "
                              "than the installed ones.", "Reinstall Shapesmith, or retrain the expert over this "
                              "generator (train generator --expert-rank R --categories C).")
        for category in json.loads(meta["expert_of"]):
            experts[category] = (state, card["sha256"], int(meta.get("timesteps_below", "0")),
                                 float(card.get("recipe", {}).get("read_truth_rate", 0.25)))
    return experts


def load_profile_reader(folder: str, part_vae_sha256: str, device: str = "cpu"):
    """The profile reader of turned parts (part_profiles.py; the folder's part_profiles.safetensors,
    sha256 checked), None where there is none; a typed error for one that reads the codes of
    another part auto-encoder than the installed one."""
    from .part_profiles import ProfileConfig, profile_reader_class
    from .part_readers import load_keyed_reader

    return load_keyed_reader(folder, "part_profiles.safetensors", ProfileConfig, profile_reader_class(),
                             part_vae_sha256, "train part-profiles", device)


def load_tube_reader(folder: str, part_vae_sha256: str, device: str = "cpu"):
    """The tube reader of swept parts (part_tubes.py; the folder's part_tubes.safetensors, sha256
    checked), None where there is none; a typed error as load_profile_reader's."""
    from .part_readers import load_keyed_reader
    from .part_tubes import TubeConfig, tube_reader_class

    return load_keyed_reader(folder, "part_tubes.safetensors", TubeConfig, tube_reader_class(), part_vae_sha256,
                             "train part-tubes", device)


def load_mention_reader(folder: str, device: str = "cpu"):
    """The mention reader of the prompt check (sha256 checked): the folder's mentions.safetensors,
    else the installed one (it reads prompts only, so any generator can use it); None when
    neither exists, which turns the check off."""
    from ..train.common import load_weights
    from .mention_reader import MentionConfig, MentionReader

    for path in (os.path.join(folder, "mentions.safetensors"), os.path.join(MODELS_DIR, "mentions.safetensors")):
        if os.path.exists(path):
            state, meta, _ = load_weights(path)
            reader = MentionReader(MentionConfig(**json.loads(meta["config"])))
            reader.load_state_dict(state)
            return reader.eval().to(device)
    return None


def gate_slots(x: np.ndarray, odds: np.ndarray, gate: float, plain_odds: np.ndarray | None = None) -> np.ndarray:
    """Slots (n, K, D) with every slot whose filled-odds (n, K) are below `gate` made empty
    (exists flag -1): the reader's confident "not there" overrules the denoiser, which in 2 to
    7 of 10 samples still filled a slot read at odds 0.05 (an arm support on "a dining chair,
    no armrests whatsoever"). With `plain_odds` (K,), the odds of a plain shape of the category,
    a slot is only gated where the prompt also wants it less than half as much as a plain shape:
    a rare part of the category (a pedestal stool's foot, read at 0.12 for "a stool") is the
    prompt leaving it open, not asking it away; gating it made "a stool" never have a foot."""
    below = odds < gate
    if plain_odds is not None:
        below &= odds < 0.5 * np.asarray(plain_odds)
    out = x.copy()
    out[..., 0] = np.where(below, -1.0, out[..., 0])
    return out


def frame_extent(parts: list) -> float:
    """The longest side of the box around these parts' boxes (decode_slots dicts: centre, half,
    rotation), 0 for none: about 1 for a well-formed shape (the shape frame's longest side)."""
    if not parts:
        return 0.0
    signs = np.array(list(itertools.product((-1.0, 1.0), repeat=3)))
    corners = np.concatenate([p["centre"] + (signs * p["half"]) @ np.asarray(p["rotation"]).T for p in parts])
    return float((corners.max(0) - corners.min(0)).max())


def plausible_box(centre) -> bool:
    """Shapes are centred with their longest side 1, so every part's centre lies within +-0.5;
    a slot whose box centre is beyond +-MAX_CENTRE, twice that (where the sampler's x0 clipping
    leaves the slots it could not resolve, at +-1.5), is not a part, and is dropped."""
    return bool(np.all(np.abs(np.asarray(centre)) <= MAX_CENTRE))


def instance_names(labels: list) -> list:
    """['leg', 'seat', 'leg'] -> ['leg_0', 'seat', 'leg_1']."""
    counts = {label: labels.count(label) for label in labels}
    seen: dict = {}
    names = []
    for label in labels:
        k = seen.get(label, 0)
        seen[label] = k + 1
        names.append(label if counts[label] == 1 else f"{label}_{k}")
    return names


def validate(config: Config) -> None:
    """The Config's own ranges and choices (also for a Config built in code, not parsed), then
    what they cannot say: prompts, noise recipes, blend weights."""
    from ..config import to_dict

    from_dict(type(config), to_dict(config))
    check_request(config)


def check_request(config) -> None:
    """What a generation Config's fields cannot say (shared by every generate method): the
    prompts, the noise recipes, the blend weights."""
    from .text import check_prompt

    check_prompt(config.prompt)
    check_prompt(config.second_prompt)
    check_prompt(getattr(config, "edit", ""))
    if config.noise:
        try:
            recipes = json.loads(config.noise)
        except ValueError:
            raise bad_input("The noise setting is not valid JSON.") from None
        if not isinstance(recipes, list) or len(recipes) != config.n:
            raise bad_input(f"The noise setting must be a list of {config.n} recipes, one per shape.")
        for recipe in recipes:
            check_recipe(recipe)
    if config.blend:
        try:
            weights = json.loads(config.blend)
        except ValueError:
            raise bad_input("The blend setting is not valid JSON.") from None
        if not isinstance(weights, list) or len(weights) != config.n or not all(
                isinstance(w, (int, float)) and not isinstance(w, bool) and 0 <= w <= 1 for w in weights):
            raise bad_input(f"The blend setting must be a list of {config.n} numbers between 0 and 1.")
