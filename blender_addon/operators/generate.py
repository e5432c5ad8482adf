# SPDX-License-Identifier: GPL-3.0-or-later
"""Generation operators: shapes from the prompt, variations of a result, an interpolation
between two results, a result remade with words added to its prompt, and keeping one candidate.

Results land at the 3D cursor as candidates in a row (blender/build_objects.build_candidates).
Every part object stores its candidate's provenance as JSON in `shapesmith_shape` (prompt,
noise recipe, seed, guidance, steps, model hash), which is all Variations and Interpolate
need: they work on objects of a .blend file saved and opened again.
"""

import json
import random

import bpy

from ..blender.build_objects import build_candidates, remove_collection_tree
from ..client.service import Job, get_service
from ..io import exchange
from .jobs import JobOperator, engine_hello, job_folder, method_and_params, select_only, submit, unfinished_result

SHAPE_KEY = "shapesmith_shape"


def shape_provenance(obj) -> dict | None:
    """The candidate provenance stored on a generated part object, or None."""
    if obj is None or SHAPE_KEY not in obj:
        return None
    try:
        shape = json.loads(obj[SHAPE_KEY])
    except (TypeError, ValueError):
        return None
    return shape if isinstance(shape, dict) and "noise" in shape else None


def selected_candidates(context) -> list:
    """[(candidate key, provenance)] of the distinct generated shapes among the selected objects,
    the active object's first."""
    objects = [context.active_object] + [o for o in context.selected_objects if o != context.active_object]
    seen, out = set(), []
    for obj in objects:
        shape = shape_provenance(obj)
        if shape is None:
            continue
        key = (obj.get("shapesmith_job_collection"), obj.get("shapesmith_candidate"))
        if key not in seen:
            seen.add(key)
            out.append((key, shape))
    return out


def start_generation(operator, context, params: dict, label: str, method: str = "") -> Job | None:
    """Submit a generate job: the panel's settings overlaid with `params`, with `method` (a
    generated shape's own model, for its variations) or else the panel's choice."""
    from ..properties import GENERATE_PARAMS

    hello = engine_hello(operator, context)
    if hello is None:
        return None
    if "generate" not in hello.get("capabilities", {}):
        operator.report({"ERROR"}, "This engine cannot generate shapes; update the Shapesmith engine.")
        return None
    settings = context.scene.shapesmith.generate
    method, defaults = method_and_params(context, hello, "generate", settings, GENERATE_PARAMS, method)
    if defaults.get("category") == "any":
        defaults["category"] = ""
    job_id, folder = job_folder(context, "generate")
    return submit(job_id, "generate", method, {**defaults, **params}, {}, folder, {"label": label})


def finish_generation(operator, context, job: Job) -> set:
    unfinished = unfinished_result(operator, context, job, "Generation")
    if unfinished:
        return unfinished
    try:
        objects, manifest = exchange.load_result(job.manifest)
    except (OSError, ValueError, KeyError) as exc:
        operator.report({"ERROR"}, f"The engine's result could not be read: {exc}")
        return {"CANCELLED"}
    created = build_candidates(context, job.meta["label"], objects, manifest, context.scene.cursor.matrix.copy(),
                               {"job_id": job.id})
    select_only(context, created)
    empty = len(manifest.get("objects", [])) - len(objects)
    text = f"Made {len(objects)} shape(s) for {job.meta['label']}" + (f"; {empty} came out empty." if empty else ".")
    context.window_manager.shapesmith_status.last_message = text
    operator.report({"INFO"} if objects else {"WARNING"}, text)
    get_service().forget(job.id)
    return {"FINISHED"}


def params_from_shape(shape: dict, settings, n: int, noise: list, prompt: str | None = None) -> dict:
    """A request that samples like the stored shape did (its prompt, guidance, steps and noise
    scale) from the given noise recipes. A part-slot shape stored before the noise scale existed
    was made at 1; the latent SDF model has none."""
    params = {"prompt": shape.get("prompt", "") if prompt is None else prompt, "category": "", "n": n,
              "noise": json.dumps(noise), "guidance": shape.get("guidance", settings.guidance),
              "steps": shape.get("steps", settings.steps)}
    if shape.get("model", "part_slots") == "part_slots":
        params["noise_scale"] = shape.get("noise_scale", 1.0)
    if shape.get("edit"):
        params["edit"] = shape["edit"]
    return params


class GenerationOperator(JobOperator):
    def finish(self, context, job):
        return finish_generation(self, context, job)


class ActiveShapeOperator(GenerationOperator):
    """Works on the active object's generated shape."""

    @classmethod
    def poll(cls, context):
        return shape_provenance(context.active_object) is not None


class SHAPESMITH_OT_generate(GenerationOperator, bpy.types.Operator):
    """Generate shapes from the prompt, one object per part, as candidates side by side at the 3D cursor"""

    bl_idname = "shapesmith.generate"
    bl_label = "Generate"
    bl_options = {"REGISTER", "UNDO"}

    def start(self, context):
        prompt = context.scene.shapesmith.generate.prompt.strip()
        return start_generation(self, context, {}, f"'{prompt[:48]}'" if prompt else "unconditional")


class SHAPESMITH_OT_variations(ActiveShapeOperator, bpy.types.Operator):
    """Make variations of the active generated shape: the same prompt, its starting noise moved a little"""

    bl_idname = "shapesmith.variations"
    bl_label = "Variations"
    bl_options = {"REGISTER", "UNDO"}

    def start(self, context):
        settings = context.scene.shapesmith.generate
        shape = shape_provenance(context.active_object)
        n = settings.variation_count
        fresh = random.randrange(2 ** 31 - 64)
        noise = [{"slerp": [shape["noise"], fresh + k, settings.variation_strength]} for k in range(n)]
        params = params_from_shape(shape, settings, n, noise)
        if shape.get("second_prompt"):
            params.update(second_prompt=shape["second_prompt"], blend=json.dumps([shape.get("prompt_weight", 0.0)] * n))
        candidate = context.active_object.get("shapesmith_candidate", "shape")
        return start_generation(self, context, params, f"variations of {candidate}", shape.get("model", ""))


class SHAPESMITH_OT_interpolate(GenerationOperator, bpy.types.Operator):
    """Shapes in between the active generated shape and another selected one (their starting
    noise and prompts blended)"""

    bl_idname = "shapesmith.interpolate"
    bl_label = "Interpolate"
    bl_options = {"REGISTER", "UNDO"}

    @classmethod
    def poll(cls, context):
        return len(selected_candidates(context)) >= 2

    def start(self, context):
        candidates = selected_candidates(context)
        if len(candidates) < 2:
            self.report({"ERROR"}, "Select parts of two generated shapes (the active one is the start).")
            return None
        settings = context.scene.shapesmith.generate
        (_, a), (_, b) = candidates[:2]
        n = settings.interpolate_frames
        ts = [k / (n - 1) for k in range(n)]
        params = params_from_shape(a, settings, n, [{"slerp": [a["noise"], b["noise"], t]} for t in ts])
        if b.get("prompt", "") != a.get("prompt", ""):
            params.update(second_prompt=b.get("prompt", ""), blend=json.dumps(ts))
        return start_generation(self, context, params, "interpolation", a.get("model", ""))


class SHAPESMITH_OT_edit_shape(ActiveShapeOperator, bpy.types.Operator):
    """Remake the active generated shape with a change in words ("with arms"), from the same
    starting noise so the rest stays as close as the model allows: attribute arithmetic on the
    prompt's reading (part-slot model), or the words added to the prompt (latent SDF model)"""

    bl_idname = "shapesmith.edit_shape"
    bl_label = "Apply to This Shape"
    bl_options = {"REGISTER", "UNDO"}

    def start(self, context):
        settings = context.scene.shapesmith.generate
        change = settings.edit_text.strip()
        if not change:
            self.report({"ERROR"}, "Type what to change, e.g. 'with arms' or 'without wheels'.")
            return None
        shape = shape_provenance(context.active_object)
        if shape.get("model") == "latent_sdf":
            params = params_from_shape(shape, settings, 1, [shape["noise"]], f"{shape.get('prompt', '')}, {change}"
                                       .strip(", "))
        else:
            params = params_from_shape(shape, settings, 1, [shape["noise"]])
            params["edit"] = ", ".join(t for t in (shape.get("edit", ""), change) if t)
        candidate = context.active_object.get("shapesmith_candidate", "shape")
        return start_generation(self, context, params, f"{candidate}, {change}", shape.get("model", ""))


class SHAPESMITH_OT_keep_candidate(bpy.types.Operator):
    """Keep the active object's candidate and delete the other candidates of its job"""

    bl_idname = "shapesmith.keep_candidate"
    bl_label = "Keep This Candidate"
    bl_options = {"REGISTER", "UNDO"}

    @classmethod
    def poll(cls, context):
        obj = context.active_object
        return (obj is not None and "shapesmith_candidate_collection" in obj
                and bpy.data.collections.get(obj.get("shapesmith_job_collection", "")) is not None)

    def execute(self, context):
        obj = context.active_object
        root = bpy.data.collections[obj["shapesmith_job_collection"]]
        keep = obj.get("shapesmith_candidate_collection")
        others = [c for c in root.children if c.name != keep]
        for collection in others:
            remove_collection_tree(collection)
        self.report({"INFO"}, f"Kept {obj.get('shapesmith_candidate', keep)}; removed {len(others)} other candidate(s).")
        return {"FINISHED"}


classes = (SHAPESMITH_OT_generate, SHAPESMITH_OT_variations, SHAPESMITH_OT_interpolate, SHAPESMITH_OT_edit_shape,
           SHAPESMITH_OT_keep_candidate)
