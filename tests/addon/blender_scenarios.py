"""Scenarios run inside real Blender (bpy 5.0.1 as a module), one per process.

Usage: python blender_scenarios.py ZIP ENGINE_PYTHON SCENARIO OUT_JSON
Installs the extension zip into a throwaway HOME (set by the caller), enables it, points
it at the engine, runs SCENARIO and writes what it observed to OUT_JSON for the test to judge.
"""

import json
import os
import random
import sys
import threading
import time

import numpy as np


def install(zip_path: str, engine_python: str):
    import bpy

    result = bpy.ops.extensions.package_install_files(filepath=zip_path, repo="user_default",
                                                       enable_on_install=True)
    assert result == {"FINISHED"}, result
    addon_id = "bl_ext.user_default.shapesmith"
    assert addon_id in bpy.context.preferences.addons, list(bpy.context.preferences.addons.keys())
    prefs = bpy.context.preferences.addons[addon_id].preferences
    prefs.engine_python = engine_python
    prefs.job_dir = os.path.join(os.environ["HOME"], "jobs")
    return addon_id


def make_sphere_cloud(name: str, n: int = 4000, seed: int = 0, with_faces: bool = False):
    """A noisy unit-sphere sample as a faceless mesh object, moved and rotated."""
    import bpy

    rng = np.random.default_rng(seed)
    p = rng.normal(size=(n, 3))
    p /= np.linalg.norm(p, axis=1, keepdims=True)
    p += rng.normal(scale=0.003, size=p.shape)
    mesh = bpy.data.meshes.new(name)
    mesh.vertices.add(n)
    mesh.vertices.foreach_set("co", p.astype(np.float32).reshape(-1))
    mesh.update()
    obj = bpy.data.objects.new(name, mesh)
    bpy.context.scene.collection.objects.link(obj)
    obj.location = (1.0, 2.0, 3.0)
    obj.rotation_euler = (0.3, 0.2, 0.1)
    bpy.context.view_layer.update()
    bpy.context.view_layer.objects.active = obj
    obj.select_set(True)
    return obj


def make_pointcloud_object(name: str, n: int = 4000):
    """A Blender point cloud object (type POINTCLOUD), made by converting a faceless mesh."""
    import bpy

    obj = make_sphere_cloud(name, n=n, seed=1)
    for other in bpy.context.view_layer.objects:
        other.select_set(other == obj)
    bpy.ops.object.convert(target="POINTCLOUD")
    obj = bpy.context.active_object
    assert obj.type == "POINTCLOUD", obj.type
    return obj


def raised_by(operator) -> str | None:
    """Run a blocking operator; the error Blender raised for it, or None."""
    try:
        operator()
        return None
    except RuntimeError as exc:
        return str(exc)


def scene_summary():
    import bpy

    return {"objects": sorted(o.name for o in bpy.data.objects),
            "collections": sorted(c.name for c in bpy.data.collections),
            "meshes": len(bpy.data.meshes)}


def scenario_reconstruct(out: dict) -> None:
    import bpy

    from bl_ext.user_default.shapesmith.blender.selection import fingerprint

    src = make_sphere_cloud("Scan")
    before = fingerprint(src)
    scene_before = scene_summary()
    op = bpy.types.SHAPESMITH_OT_reconstruct
    out["bl_options"] = sorted(op.bl_options)
    bpy.context.scene.shapesmith.reconstruct.resolution = 48
    t = time.time()
    result = bpy.ops.shapesmith.reconstruct()
    out["seconds"] = time.time() - t
    out["result"] = sorted(result)
    out["source_unchanged"] = fingerprint(src) == before
    out["scene_before"] = scene_before
    out["scene_after"] = scene_summary()
    new = [o for o in bpy.data.objects if o.name not in scene_before["objects"]]
    out["new_objects"] = [o.name for o in new]
    if new:
        obj = new[0]
        out["props"] = {k: (v if isinstance(v, (int, float, str, bool)) else str(v)) for k, v in obj.items()}
        out["users_collection"] = [c.name for c in obj.users_collection]
        parents = [c for c in bpy.data.collections if any(ch.name in out["users_collection"] for ch in c.children)]
        out["parent_collections"] = [c.name for c in parents]
        out["parent_in_scene"] = all(c.name in bpy.context.scene.collection.children for c in parents)
        out["matrix_equal"] = np.allclose(np.array(obj.matrix_world), np.array(src.matrix_world))
        co = np.empty(len(obj.data.vertices) * 3, np.float32)
        obj.data.vertices.foreach_get("co", co)
        r = np.linalg.norm(co.reshape(-1, 3), axis=1)
        out["radius_mean"] = float(r.mean())
        out["radius_max_dev"] = float(np.abs(r - 1).max())
        out["faces"] = len(obj.data.polygons)
        out["mesh_valid"] = not obj.data.validate(verbose=False)
    # A second job reuses the running engine.
    from bl_ext.user_default.shapesmith.client.service import get_service

    pid = get_service().process.pid
    bpy.context.view_layer.objects.active = src
    out["second_result"] = sorted(bpy.ops.shapesmith.reconstruct())
    out["engine_reused"] = get_service().process.pid == pid


def scenario_reconstruct_methods(out: dict) -> None:
    """Every method of the dropdown runs on the same scan; the panel shows each one's settings."""
    import bpy

    src = make_sphere_cloud("Scan", n=2500)
    settings = bpy.context.scene.shapesmith.reconstruct
    settings.resolution, settings.iterations, settings.centres = 40, 150, 2000
    from bl_ext.user_default.shapesmith.client.service import get_service
    from bl_ext.user_default.shapesmith.properties import _method_items

    bpy.ops.shapesmith.reconstruct()                          # starts the engine: the dropdown fills
    out["methods"] = [item[0] for item in _method_items(settings, bpy.context)]
    out["runs"] = {}
    out["drawn"] = {}
    for method in out["methods"]:
        settings.method = method
        out["drawn"][method] = [name for kind, name in draw_panels(["VIEW3D_PT_shapesmith_reconstruct"])
                                ["VIEW3D_PT_shapesmith_reconstruct"] if kind == "prop"]
        for other in bpy.context.view_layer.objects:
            other.select_set(other == src)
        bpy.context.view_layer.objects.active = src
        before = scene_summary()
        result = sorted(bpy.ops.shapesmith.reconstruct())
        new = [o for o in bpy.data.objects if o.name not in before["objects"]]
        run = {"result": result, "objects": len(new)}
        if new:
            obj = new[0]
            run.update({"method": obj.get("shapesmith_method"), "faces": len(obj.data.polygons),
                        "watertight": obj.get("shapesmith_watertight"),
                        "boundary_edges": obj.get("shapesmith_boundary_edges"),
                        "params": json.loads(obj.get("shapesmith_params", "{}"))})
        out["runs"][method] = run
    # Poisson with a finer level near the points (adaptive resolution).
    settings.method, settings.refine = "poisson", 1
    before = scene_summary()
    out["refined_result"] = sorted(bpy.ops.shapesmith.reconstruct())
    new = [o for o in bpy.data.objects if o.name not in before["objects"]]
    out["refined"] = {"params": json.loads(new[0].get("shapesmith_params", "{}")), "faces": len(new[0].data.polygons),
                      "watertight": new[0].get("shapesmith_watertight")} if new else None
    settings.refine = 0
    out["engine_alive"] = get_service().process.alive()
    # Repair a holey scan mesh with a third of its faces flipped: one closed piece, scan unchanged.
    from bl_ext.user_default.shapesmith.blender.selection import fingerprint

    bpy.ops.mesh.primitive_uv_sphere_add(segments=48, ring_count=24, radius=1.0)
    holey = bpy.context.active_object
    holey.name = "HoleyScan"
    mesh = holey.data
    import bmesh

    bm = bmesh.new()
    bm.from_mesh(mesh)
    bmesh.ops.delete(bm, geom=[f for f in bm.faces if f.calc_center_median().z > 0.8], context="FACES")
    bmesh.ops.reverse_faces(bm, faces=[f for i, f in enumerate(bm.faces) if i % 3 == 0])
    bm.to_mesh(mesh)
    bm.free()
    before = fingerprint(holey)
    scene_before = scene_summary()
    settings.tolerance = 0.01
    out["repair_drawn"] = [name for kind, name in draw_panels(["VIEW3D_PT_shapesmith_reconstruct"])
                           ["VIEW3D_PT_shapesmith_reconstruct"]]
    out["repair_result"] = sorted(bpy.ops.shapesmith.repair())
    new = [o for o in bpy.data.objects if o.name not in scene_before["objects"]]
    out["repair_objects"] = [o.name for o in new]
    if new:
        out["repair_props"] = {k: new[0].get("shapesmith_" + k) for k in ("task", "method", "watertight", "components",
                                                                          "manifold", "boundary_edges")}
    out["repair_source_unchanged"] = fingerprint(holey) == before
    # A preview: the engine announces a coarse result before the full one; shown, then removed.
    from bl_ext.user_default.shapesmith.operators import reconstruct as rec_ops

    settings.method, settings.preview = "imls", True
    activate(src.name)
    job = rec_ops.start_job(type("Op", (), {"report": lambda self, *a: None})(), bpy.context)
    get_service().wait(job)
    out["preview_manifest"] = job.preview
    before = scene_summary()
    shown = rec_ops.show_preview(bpy.context, job)
    out["preview_collection"] = shown
    out["preview_objects"] = len(bpy.data.objects) - len(before["objects"])
    rec_ops.drop_preview(shown)
    out["preview_removed"] = scene_summary() == before
    get_service().forget(job.id)
    # a point cloud cannot be repaired: the button is greyed out
    bpy.context.view_layer.objects.active = src
    out["repair_poll_on_points"] = bpy.types.SHAPESMITH_OT_repair.poll(bpy.context)


def scenario_engine_killed(out: dict) -> None:
    import bpy

    from bl_ext.user_default.shapesmith.client.service import get_service

    src = make_sphere_cloud("Scan", n=60000)
    bpy.context.scene.shapesmith.reconstruct.resolution = 512
    scene_before = scene_summary()
    service = get_service()
    killed = {}

    def killer():
        deadline = time.time() + 60
        while time.time() < deadline:
            jobs = list(service.jobs.values())
            if jobs and jobs[0].state == "running" and service.process is not None:
                killed["at"] = time.time()
                os.kill(service.process.pid, 9)
                return
            time.sleep(0.05)

    threading.Thread(target=killer, daemon=True).start()
    out["raised"] = raised_by(bpy.ops.shapesmith.reconstruct)
    out["detect_seconds"] = time.time() - killed.get("at", time.time())
    out["killed"] = "at" in killed
    out["scene_unchanged"] = scene_summary() == scene_before
    # The next job starts a fresh engine.
    bpy.context.scene.shapesmith.reconstruct.resolution = 32
    bpy.context.view_layer.objects.active = src
    out["next_result"] = sorted(bpy.ops.shapesmith.reconstruct())


def scenario_bad_engine(out: dict) -> None:
    import bpy

    addon = bpy.context.preferences.addons["bl_ext.user_default.shapesmith"].preferences
    addon.engine_python = "/nonexistent/python"
    make_sphere_cloud("Scan")
    before = scene_summary()
    out["raised"] = raised_by(bpy.ops.shapesmith.reconstruct)
    out["scene_unchanged"] = scene_summary() == before


def scenario_panel_and_timer(out: dict) -> None:
    """The timer's function drives a job to completion the way Blender's timer would."""
    import bpy

    from bl_ext.user_default.shapesmith.blender.timers import tick
    from bl_ext.user_default.shapesmith.client.service import Job, get_service
    from bl_ext.user_default.shapesmith import preferences

    out["panels"] = [name for name in ("VIEW3D_PT_shapesmith", "VIEW3D_PT_shapesmith_generate",
                                       "VIEW3D_PT_shapesmith_reconstruct")
                     if hasattr(bpy.types, name)]
    service = get_service()
    hello = service.ensure_engine(preferences.engine_python())
    out["capabilities"] = sorted(hello["capabilities"])
    src = make_sphere_cloud("Scan")
    from bl_ext.user_default.shapesmith.io import exchange
    from bl_ext.user_default.shapesmith.blender.selection import read_points

    folder = os.path.join(os.environ["HOME"], "jobs", "manual")
    os.makedirs(folder, exist_ok=True)
    job = Job("manual-1", "reconstruct", "poisson", {"resolution": 32},
              {"points": exchange.write_points(os.path.join(folder, "p.npz"), read_points(src))},
              os.path.join(folder, "out"))
    service.submit(job)
    bpy.context.window_manager.shapesmith_status.job_id = job.id
    fractions = []
    deadline = time.time() + 120
    while not job.finished and time.time() < deadline:
        tick()
        fractions.append(bpy.context.window_manager.shapesmith_status.progress)
        time.sleep(0.05)
    out["state"] = job.state
    out["fractions_monotonic"] = all(b >= a for a, b in zip(fractions, fractions[1:]))
    out["max_fraction"] = max(fractions) if fractions else 0
    # The panel's Cancel button (shapesmith.cancel) stops a running job.
    big = Job("manual-2", "reconstruct", "poisson", {"resolution": 384},
              {"points": exchange.write_points(os.path.join(folder, "big.npz"),
                                               np.random.default_rng(2).normal(size=(200000, 3)))},
              os.path.join(folder, "out2"))
    service.submit(big)
    bpy.context.window_manager.shapesmith_status.job_id = big.id
    deadline = time.time() + 60
    while big.state != "running" and time.time() < deadline:
        tick()
        time.sleep(0.02)
    out["cancel_op"] = sorted(bpy.ops.shapesmith.cancel())
    t = time.time()
    while not big.finished and time.time() - t < 10:
        tick()
        time.sleep(0.02)
    out["cancel_state"] = big.state
    out["cancel_seconds"] = time.time() - t
    out["status_running_after_cancel"] = bpy.context.window_manager.shapesmith_status.running
    # A real POINTCLOUD object goes through the operator too.
    make_pointcloud_object("PC")
    before = scene_summary()
    bpy.context.scene.shapesmith.reconstruct.resolution = 32
    out["pointcloud_result"] = sorted(bpy.ops.shapesmith.reconstruct())
    out["pointcloud_new"] = sorted(set(scene_summary()["objects"]) - set(before["objects"]))
    out["engine_pid"] = service.process.pid


def candidate_name(collection) -> str:
    """shape_k, also for a collection Blender renamed shape_k.001 because the name was taken."""
    return collection.all_objects[0]["shapesmith_candidate"]


def candidate_boxes(root_name: str) -> dict:
    """{candidate collection name: world-space (min, max) of all its objects' vertices}."""
    import bpy

    out = {}
    for candidate in bpy.data.collections[root_name].children:
        points = []
        for obj in candidate.all_objects:
            co = np.empty(len(obj.data.vertices) * 3, np.float32)
            obj.data.vertices.foreach_get("co", co)
            m = np.array(obj.matrix_world)
            points.append(co.reshape(-1, 3) @ m[:3, :3].T + m[:3, 3])
        stacked = np.concatenate(points)
        out[candidate_name(candidate)] = (stacked.min(0).tolist(), stacked.max(0).tolist())
    return out


def describe_job(root_name: str) -> dict:
    """The collection tree and the objects' provenance of one generation job."""
    import bpy

    root = bpy.data.collections[root_name]
    tree = {candidate_name(c): {label.name: sorted(o.name for o in label.objects) for label in c.children}
            for c in root.children}
    objects = {}
    for candidate in root.children:
        for obj in candidate.all_objects:
            objects[obj.name] = {"props": {k: (v if isinstance(v, (int, float, str, bool)) else str(v))
                                           for k, v in obj.items()},
                                 "collection": [c.name for c in obj.users_collection],
                                 "valid": not obj.data.validate(verbose=False),
                                 "location": list(obj.location)}
    return {"root_in_scene": root.name in bpy.context.scene.collection.children, "tree": tree,
            "objects": objects, "boxes": candidate_boxes(root_name)}


def new_root(before: dict) -> str:
    import bpy

    roots = [c.name for c in bpy.context.scene.collection.children if c.name not in before["collections"]]
    assert len(roots) == 1, roots
    return roots[0]


def activate(obj_name: str, *others) -> None:
    import bpy

    for o in bpy.context.view_layer.objects:
        o.select_set(o.name in (obj_name, *others))
    bpy.context.view_layer.objects.active = bpy.data.objects[obj_name]


class CheckingLayout:
    """Stands in for a panel's UILayout (bpy as a module draws no UI): records what a draw()
    call would show and fails on a property or operator that does not exist."""

    def __init__(self, log: list):
        self.log = log

    def prop(self, data, name, **kwargs):
        assert name in data.bl_rna.properties, f"no property {name!r} on {data}"
        self.log.append(("prop", name))

    def operator(self, idname, **kwargs):
        import bpy

        group, name = idname.split(".")
        assert hasattr(getattr(bpy.ops, group), name), f"no operator {idname}"
        self.log.append(("operator", idname))

    def label(self, text="", **kwargs):
        self.log.append(("label", text))

    def progress(self, **kwargs):
        self.log.append(("progress", kwargs.get("text", "")))

    def row(self, **kwargs):
        return self

    column = box = row


def draw_panels(names) -> dict:
    """{panel: [(kind, name)]} as each panel's draw() would lay it out in the current context."""
    import bpy

    out = {}
    for name in names:
        panel = getattr(bpy.types, name)
        log = []
        panel.draw(type("Self", (), {"layout": CheckingLayout(log)})(), bpy.context)
        out[name] = log
    return out


def scenario_generate_latent(out: dict) -> None:
    """The Model dropdown picks the latent SDF generator; Variations of its shape use it again
    even after the dropdown went back to the default."""
    import bpy

    from bl_ext.user_default.shapesmith.properties import _generator_items

    g = bpy.context.scene.shapesmith.generate
    g.prompt, g.n, g.seed, g.steps = "a table", 2, 3, 4
    bpy.ops.shapesmith.generate()                              # starts the engine: the dropdown fills
    out["methods"] = [item[0] for item in _generator_items(g, bpy.context)]
    g.method = "latent_sdf"
    out["drawn"] = [name for kind, name in draw_panels(["VIEW3D_PT_shapesmith_generate"])
                    ["VIEW3D_PT_shapesmith_generate"] if kind == "prop"]
    before = scene_summary()
    out["result"] = sorted(bpy.ops.shapesmith.generate())
    root = new_root(before)
    out["job"] = describe_job(root)
    out["message"] = bpy.context.window_manager.shapesmith_status.last_message
    g.method = "part_slots"
    made = [c.name for c in bpy.data.collections[root].children if c.all_objects]
    if made:
        activate(sorted(bpy.data.collections[root].children[made[0]].all_objects, key=lambda o: o.name)[0].name)
        g.variation_count, g.variation_strength = 2, 0.3
        before = scene_summary()
        # Variations draws fresh seeds from Python's random: fixed here, as the tiny latent model
        # leaves some seeds' shapes empty (a clean-clone run drew two such seeds at once)
        random.seed(11)
        out["varied_result"] = sorted(bpy.ops.shapesmith.variations())
        out["varied"] = describe_job(new_root(before))
        out["varied_message"] = bpy.context.window_manager.shapesmith_status.last_message


def scenario_generate(out: dict) -> None:
    import bpy

    out["bl_options"] = sorted(bpy.types.SHAPESMITH_OT_generate.bl_options)
    scene = bpy.context.scene
    scene.cursor.location = (2.0, -1.0, 0.5)
    g = scene.shapesmith.generate
    g.prompt, g.n, g.seed, g.steps, g.resolution = "a stool with three legs", 3, 5, 4, 12
    before = scene_summary()
    out["result"] = sorted(bpy.ops.shapesmith.generate())
    root = new_root(before)
    out["first"] = describe_job(root)
    out["first_root"] = root
    # Variations of shape_1: strength 0 gives the shape again, 0.5 something else.
    part = sorted(bpy.data.collections[root].children["shape_1"].all_objects, key=lambda o: o.name)[0].name
    activate(part)
    g.variation_count, g.variation_strength = 2, 0.0
    before = scene_summary()
    out["same_result"] = sorted(bpy.ops.shapesmith.variations())
    out["same"] = describe_job(new_root(before))
    # Save, open again: the provenance on the objects is all Variations and Interpolate need.
    path = os.path.join(os.environ["HOME"], "generated.blend")
    bpy.ops.wm.save_as_mainfile(filepath=path)
    bpy.ops.wm.open_mainfile(filepath=path)
    activate(part)
    g = bpy.context.scene.shapesmith.generate
    g.variation_count, g.variation_strength = 2, 0.5
    before = scene_summary()
    random.seed(11)  # Variations draws fresh seeds from Python's random; fixed here to replay a failure
    out["reopened_result"] = sorted(bpy.ops.shapesmith.variations())
    out["varied"] = describe_job(new_root(before))
    out["varied_message"] = bpy.context.window_manager.shapesmith_status.last_message
    # Interpolate from shape_0 (active) to shape_2 in 3 shapes.
    first = out["first_root"]
    a = sorted(bpy.data.collections[first].children["shape_0"].all_objects, key=lambda o: o.name)[0].name
    b = sorted(bpy.data.collections[first].children["shape_2"].all_objects, key=lambda o: o.name)[0].name
    activate(a, b)
    g.interpolate_frames = 3
    before = scene_summary()
    out["interpolate_result"] = sorted(bpy.ops.shapesmith.interpolate())
    out["interpolated"] = describe_job(new_root(before))
    out["interpolated_message"] = bpy.context.window_manager.shapesmith_status.last_message
    # "This shape, with arms": the same noise, the prompt with the words added.
    activate(part)
    g.edit_text = "with armrests"
    before = scene_summary()
    out["edit_result"] = sorted(bpy.ops.shapesmith.edit_shape())
    out["edited"] = describe_job(new_root(before))
    # The panels draw with a generated shape active (the shape box: variations, edit, keep).
    activate(part)
    out["drawn"] = draw_panels(["VIEW3D_PT_shapesmith", "VIEW3D_PT_shapesmith_generate",
                                "VIEW3D_PT_shapesmith_reconstruct"])
    # Keep shape_1 of the first job: the other two candidates and their objects go.
    activate(part)
    objects_before = len(bpy.data.objects)
    out["keep_result"] = sorted(bpy.ops.shapesmith.keep_candidate())
    out["kept_tree"] = sorted(c.name for c in bpy.data.collections[first].children)
    out["objects_removed"] = objects_before - len(bpy.data.objects)
    out["first_parts"] = {k: sum(len(objs) for objs in v.values()) for k, v in out["first"]["tree"].items()}
    # Variations sample at the noise scale the shape was made with (set here in its provenance),
    # and a shape saved before the noise scale existed (none stored) was made at 1.
    for key, stored_scale in (("scaled", 1.1), ("older", None)):
        stored = json.loads(bpy.data.objects[part]["shapesmith_shape"])
        stored.pop("noise_scale")
        if stored_scale is not None:
            stored["noise_scale"] = stored_scale
        bpy.data.objects[part]["shapesmith_shape"] = json.dumps(stored)
        activate(part)
        g.variation_count, g.variation_strength = 1, 0.0
        before = scene_summary()
        out[f"{key}_result"] = sorted(bpy.ops.shapesmith.variations())
        out[key] = describe_job(new_root(before))
    # A bad request: an over-long prompt fails with a plain sentence and adds nothing.
    g.prompt = "x" * 5000
    before = scene_summary()
    out["bad_raised"] = raised_by(bpy.ops.shapesmith.generate)
    out["bad_scene_unchanged"] = scene_summary() == before


def main():
    zip_path, engine_python, scenario, out_path = sys.argv[1:5]
    out = {}
    try:
        install(zip_path, engine_python)
        globals()["scenario_" + scenario](out)
        import bpy

        from bl_ext.user_default.shapesmith.client import service as service_module

        process = service_module.get_service().process
        bpy.ops.preferences.addon_disable(module="bl_ext.user_default.shapesmith")
        out["disabled_cleanly"] = True
        out["engine_stopped_on_disable"] = process is None or not process.alive()
    except Exception as exc:  # report, don't hide: the test prints it
        import traceback

        out["error"] = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
    with open(out_path, "w") as fh:
        json.dump(out, fh, indent=1, default=str)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
