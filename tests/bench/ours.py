"""Our reconstruction timed like the peers (imports excluded). Usage: python ours.py IN.npz OUT.npz [PARAMS_JSON]"""

import json
import resource
import sys
import time


def main():
    src, dst = sys.argv[1:3]
    params = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
    import engine.ops.poisson  # noqa: F401  (torch, as a warm engine has it)
    from engine.formats import write_mesh
    from engine.jobs import JobContext
    from engine.reconstruct.poisson import ScreenedPoisson

    t = time.perf_counter()
    result = ScreenedPoisson.run({"points": src}, ScreenedPoisson.parse_config(params), JobContext())
    seconds = time.perf_counter() - t
    mesh, quality = result.objects[0]
    write_mesh(dst, mesh)
    print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
