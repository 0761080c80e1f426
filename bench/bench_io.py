"""Output shared by the benchmarks in bench/.

    from bench_io import write_json      # the benchmarks run from bench/ as a script
    write_json(args.out, report)         # whole or not at all
"""
import json
import os
import tempfile


def write_json(path, data, indent=1):
    """Writes `data` as JSON to `path` atomically: a temporary beside it, then a rename, so an
    interrupted run never leaves half a file."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=directory, delete=False) as f:
        json.dump(data, f, indent=indent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(f.name, 0o666 & ~umask)  # as open() would have made it, not the temporary's 0600
    os.replace(f.name, path)
