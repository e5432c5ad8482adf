"""Our reconstruction timed like the peers (imports excluded).

Usage: python ours.py IN.npz OUT.npz [PARAMS_JSON]; PARAMS_JSON may name the "method" (default
poisson); the rest are that method's settings. Prints JSON: seconds, peak MB, the method's report.
"""

import json
import resource
import sys
import time


def main():
    src, dst = sys.argv[1:3]
    params = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
    method_name = params.pop("method", "poisson")
    import engine.ops.poisson  # noqa: F401  (torch, as a warm engine has it)
    from engine.formats import write_mesh
    from engine.jobs import JobContext
    from engine.registry import get_method

    method = get_method("reconstruct", method_name)
    t = time.perf_counter()
    result = method.run({"points": src}, method.parse_config(params), JobContext())
    seconds = time.perf_counter() - t
    mesh, quality = result.objects[0]
    write_mesh(dst, mesh)
    report = {k: v for k, v in result.report.items() if isinstance(v, (int, float, str, bool))}
    print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "report": report}))


if __name__ == "__main__":
    main()
