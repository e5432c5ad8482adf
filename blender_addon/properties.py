# SPDX-License-Identifier: GPL-3.0-or-later
"""Panel settings (Scene.shapesmith) and the window-wide job status shown in the panel."""

import bpy


def _task_methods(task: str, fallback: tuple) -> list:
    """EnumProperty items for a task's methods as the running engine lists them."""
    from .client.service import get_service

    hello = get_service().hello or {}
    methods = hello.get("capabilities", {}).get(task, {}).get("methods", {})
    items = [(name, name.replace("_", " ").title(), spec.get("summary", "")) for name, spec in methods.items()]
    return items or [fallback]


def _method_items(self, context):
    return _task_methods("reconstruct", ("poisson", "Poisson", "Screened Poisson reconstruction"))


def _generator_items(self, context):
    return _task_methods("generate", ("part_slots", "Part Slots", "Part-slot diffusion"))


class ShapesmithReconstructSettings(bpy.types.PropertyGroup):
    method: bpy.props.EnumProperty(name="Method", description="Reconstruction method", items=_method_items)
    resolution: bpy.props.IntProperty(
        name="Resolution", description="Grid cells along the longest side; higher keeps finer detail and costs "
                                       "time and memory", default=192, min=16, max=1024)
    refine: bpy.props.IntProperty(
        name="Finer Levels Near Points", description="Adaptive resolution: each level halves the cell size near the "
                                                     "points only, keeping fine detail without a dense fine grid",
        default=0, min=0, max=3)
    screening: bpy.props.FloatProperty(
        name="Screening", description="How strongly the surface is pulled through the points "
                                      "(0 = plain Poisson, smoother)", default=4.0, min=0.0, max=100.0)
    outlier_ratio: bpy.props.FloatProperty(
        name="Outlier Ratio", description="Remove points much farther from their neighbours than those are "
                                          "from theirs (0 keeps every point)", default=2.0, min=0.0, max=100.0)
    normal_neighbors: bpy.props.IntProperty(
        name="Normal Neighbours", description="Neighbours used to estimate each point's normal",
        default=24, min=4, max=200)
    keep_largest: bpy.props.BoolProperty(
        name="Largest Piece Only", description="Return only the largest connected piece", default=True)
    orientation: bpy.props.EnumProperty(
        name="Normals", description="How normals are turned outward",
        items=[("auto", "Auto", "Scanner positions if the input has them, else given normals, else a spanning tree"),
               ("mst", "Spanning Tree", "Propagate a consistent side over neighbouring points"),
               ("viewpoints", "Scanner Positions", "Turn each normal towards the scanner that saw it"),
               ("given", "Given", "Use the input's own normals")], default="auto")
    extractor: bpy.props.EnumProperty(
        name="Surface Extraction", description="How the mesh is taken from the fitted function",
        items=[("lewiner", "Marching Cubes", "Ambiguities resolved (Lewiner): closed surfaces"),
               ("dual_contouring", "Dual Contouring", "Keeps sharp edges and corners"),
               ("classic", "Classic 15 Cases", "The original table: leaves holes at ambiguous cells (for comparison)")],
        default="lewiner")
    bandwidth: bpy.props.FloatProperty(
        name="Bandwidth", description="Width of the local weights in point spacings: larger smooths noise away",
        default=2.0, min=0.3, max=20.0)
    neighbors: bpy.props.IntProperty(
        name="Neighbours", description="Samples that weigh in at each evaluation point", default=16, min=1, max=128)
    centres: bpy.props.IntProperty(
        name="Centres", description="Surface points kept as RBF centres", default=30000, min=100, max=2000000)
    smoothing: bpy.props.FloatProperty(
        name="Smoothing", description="0 passes exactly through the points; larger smooths noise",
        default=0.001, min=0.0, max=10.0)
    iterations: bpy.props.IntProperty(
        name="Training Steps", description="Steps of the network fit: more fits finer detail and takes longer",
        default=1500, min=10, max=100000)
    preview: bpy.props.BoolProperty(
        name="Coarse Preview First", description="Show a quick coarse result while the full one is computed",
        default=True)
    tolerance: bpy.props.FloatProperty(
        name="Tolerance", description="Repair: how far the result may stray from the scan, as a fraction of the "
                                      "diagonal (smaller keeps finer detail, needs a finer grid)",
        default=0.004, min=0.0005, max=0.05, precision=4)
    min_component: bpy.props.FloatProperty(
        name="Drop Fragments Below", description="Repair: drop pieces with less than this fraction of the area",
        default=0.01, min=0.0, max=0.5)
    radii: bpy.props.StringProperty(
        name="Ball Radii", description="Ball radii in multiples of the point spacing, smallest first",
        default="1.5,3,6")


CATEGORY_ITEMS = [("any", "Any", "As the prompt says")] + [
    (name, name.replace("_", " ").title(), f"Only {name.replace('_', ' ')}s")
    for name in ("chair", "armchair", "stool", "office_chair", "sofa", "table", "desk", "bed", "bookshelf",
                 "cabinet", "lamp", "vase", "mug")]


class ShapesmithGenerateSettings(bpy.types.PropertyGroup):
    method: bpy.props.EnumProperty(name="Model", description="Which generator makes the shapes", items=_generator_items)
    prompt: bpy.props.StringProperty(
        name="Prompt", description="What to make, e.g. 'a tall office chair with armrests'; empty: anything",
        default="a chair with four legs and arms")
    category: bpy.props.EnumProperty(name="Category", description="Only make shapes of this category",
                                     items=CATEGORY_ITEMS, default="any")
    n: bpy.props.IntProperty(name="Candidates", description="How many shapes to make, side by side",
                             default=4, min=1, max=64)
    seed: bpy.props.IntProperty(name="Seed", description="Candidate k uses seed + k (another seed when that "
                                                         "shape lacks what the prompt asks for; the shape records it); "
                                                         "the same seed and settings give the same shapes", default=0, min=0)
    guidance: bpy.props.FloatProperty(name="Guidance", description="How closely to follow the prompt (0 ignores "
                                                                   "it, 1 the plain model; higher follows it more "
                                                                   "strictly and varies less)", default=1.0,
                                      min=0.0, max=20.0)
    steps: bpy.props.IntProperty(name="Steps", description="Denoising steps: fewer is faster", default=25,
                                 min=1, max=1000)
    resolution: bpy.props.IntProperty(name="Part Detail", description="Meshing grid cells along the shape's "
                                                                      "longest side", default=40, min=8, max=256)
    assemble: bpy.props.BoolProperty(name="Attach Floating Parts",
                                     description="Move parts that touch nothing onto their nearest part", default=True)
    union: bpy.props.BoolProperty(name="Also Fused Mesh",
                                  description="Also make each candidate as one watertight mesh", default=False)
    variation_count: bpy.props.IntProperty(name="Variations", description="How many variations to make",
                                           default=4, min=1, max=64)
    variation_strength: bpy.props.FloatProperty(
        name="Strength", description="How far variations move from the shape (0: the same shape, 1: a new one)",
        default=0.35, min=0.0, max=1.0, subtype="FACTOR")
    edit_text: bpy.props.StringProperty(name="Change", description="Words to add to the active shape's prompt, "
                                                                   "e.g. 'with arms'", default="with arms")
    interpolate_frames: bpy.props.IntProperty(name="In-Betweens", description="Shapes from one result to the other, "
                                                                              "both ends included",
                                              default=5, min=2, max=64)


class ShapesmithStatus(bpy.types.PropertyGroup):
    """What the panel shows about the running job (set by the operator, read by the UI)."""

    job_id: bpy.props.StringProperty()
    running: bpy.props.BoolProperty(default=False)
    progress: bpy.props.FloatProperty(default=0.0, min=0.0, max=1.0, subtype="FACTOR")
    stage: bpy.props.StringProperty()
    last_message: bpy.props.StringProperty()


class ShapesmithSettings(bpy.types.PropertyGroup):
    reconstruct: bpy.props.PointerProperty(type=ShapesmithReconstructSettings)
    generate: bpy.props.PointerProperty(type=ShapesmithGenerateSettings)


# Reconstruct settings the panel knows how to draw, by the engine's parameter names.
RECONSTRUCT_PARAMS = ("resolution", "refine", "extractor", "screening", "bandwidth", "neighbors", "centres", "smoothing",
                      "iterations", "radii", "orientation", "outlier_ratio", "normal_neighbors", "keep_largest")
REPAIR_PARAMS = ("tolerance", "min_component", "outlier_ratio")
GENERATE_PARAMS = ("prompt", "category", "n", "seed", "guidance", "steps", "resolution", "assemble", "union")

_classes = (ShapesmithReconstructSettings, ShapesmithGenerateSettings, ShapesmithStatus, ShapesmithSettings)


def register():
    for cls in _classes:
        bpy.utils.register_class(cls)
    bpy.types.Scene.shapesmith = bpy.props.PointerProperty(type=ShapesmithSettings)
    bpy.types.WindowManager.shapesmith_status = bpy.props.PointerProperty(type=ShapesmithStatus)


def unregister():
    del bpy.types.WindowManager.shapesmith_status
    del bpy.types.Scene.shapesmith
    for cls in reversed(_classes):
        bpy.utils.unregister_class(cls)
