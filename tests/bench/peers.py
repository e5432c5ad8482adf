"""Peer reconstructions for the benchmark, run in the benchmark environment (.venv-bench),
never imported by the engine. Usage: python peers.py METHOD IN.npz OUT.npz

METHOD: pymeshlab_spsr_d8 | open3d_poisson_d8 | open3d_bpa | pymeshlab_bpa. Prints JSON: seconds (normals + reconstruction,
imports excluded) and the peak resident memory of this process in MB.
METHOD open3d_orient (OUT.npz gets "normals"): Open3D's normals, oriented by its consistent
tangent-plane propagation (k = 10), no scanner positions.
"""

import json
import resource
import sys
import time

import numpy as np


def pymeshlab_spsr(points, depth):
    import pymeshlab

    t = time.perf_counter()
    ms = pymeshlab.MeshSet()
    ms.add_mesh(pymeshlab.Mesh(vertex_matrix=points))
    ms.compute_normal_for_point_clouds(k=10)
    ms.generate_surface_reconstruction_screened_poisson(depth=depth)
    m = ms.current_mesh()
    return m.vertex_matrix(), m.face_matrix(), time.perf_counter() - t


def open3d_poisson(points, depth):
    import open3d as o3d

    t = time.perf_counter()
    pc = o3d.geometry.PointCloud(o3d.utility.Vector3dVector(points))
    pc.estimate_normals()
    pc.orient_normals_consistent_tangent_plane(10)
    mesh, _ = o3d.geometry.TriangleMesh.create_from_point_cloud_poisson(pc, depth=depth)
    return np.asarray(mesh.vertices), np.asarray(mesh.triangles), time.perf_counter() - t


def open3d_bpa(points):
    import open3d as o3d

    t = time.perf_counter()
    pc = o3d.geometry.PointCloud(o3d.utility.Vector3dVector(points))
    pc.estimate_normals()
    pc.orient_normals_consistent_tangent_plane(10)
    spacing = float(np.mean(pc.compute_nearest_neighbor_distance()))
    radii = o3d.utility.DoubleVector([1.5 * spacing, 3 * spacing, 6 * spacing])
    mesh = o3d.geometry.TriangleMesh.create_from_point_cloud_ball_pivoting(pc, radii)
    return np.asarray(mesh.vertices), np.asarray(mesh.triangles), time.perf_counter() - t


def pymeshlab_bpa(points):
    import pymeshlab

    t = time.perf_counter()
    ms = pymeshlab.MeshSet()
    ms.add_mesh(pymeshlab.Mesh(vertex_matrix=points))
    ms.compute_normal_for_point_clouds(k=10)
    ms.generate_surface_reconstruction_ball_pivoting()
    m = ms.current_mesh()
    return m.vertex_matrix(), m.face_matrix(), time.perf_counter() - t


def open3d_orient(points):
    import open3d as o3d

    t = time.perf_counter()
    pc = o3d.geometry.PointCloud(o3d.utility.Vector3dVector(points))
    pc.estimate_normals(o3d.geometry.KDTreeSearchParamKNN(24))
    pc.orient_normals_consistent_tangent_plane(10)
    return np.asarray(pc.normals), time.perf_counter() - t


def main():
    method, src, dst = sys.argv[1:4]
    points = np.load(src)["points"].astype(np.float64)
    if method == "open3d_orient":
        normals, seconds = open3d_orient(points)
        np.savez(dst, normals=normals)
        print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
        return
    run = {"pymeshlab_spsr_d8": lambda p: pymeshlab_spsr(p, 8),
           "open3d_poisson_d8": lambda p: open3d_poisson(p, 8),
           "open3d_bpa": open3d_bpa, "pymeshlab_bpa": pymeshlab_bpa}[method]
    vertices, faces, seconds = run(points)
    np.savez(dst, vertices=vertices, faces=faces)
    print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
