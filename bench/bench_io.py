"""Output shared by the benchmarks in bench/.

    from bench_io import write_json      # the benchmarks run from bench/ as a script
    write_json(args.out, report)         # whole or not at all
    warn_pinned_openblas()               # a peer on NumPy/PyTorch should run on its best kernels
"""
import json
import os
import sys
import tempfile

# Set on these machines, they pin OpenBLAS to slower kernels: a benchmark unsets both in its
# command, so that the peers run on the machine's best kernels.
PINNED_OPENBLAS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def warn_pinned_openblas():
    """Warns on stderr for each of PINNED_OPENBLAS still set; returns their names."""
    pinned = [v for v in PINNED_OPENBLAS if v in os.environ]
    for variable in pinned:
        print(f"warning: {variable} is set; unset it in the command (see the docstring)",
              file=sys.stderr)
    return pinned


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
