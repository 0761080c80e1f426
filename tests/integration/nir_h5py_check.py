#!/usr/bin/python3
"""Checks, with Debian's h5py, that a NIR file landauer wrote has the structure the NIR
package's reader (nir/serialization.py: read_node, read_version) needs, and prints what it
found as JSON for the calling test to compare:

    /usr/bin/python3 tests/integration/nir_h5py_check.py FILE.nir

/version: a string; /node: a group with type "NIRGraph", an (E, 2) string dataset `edges` and a
group `nodes` holding one group per node, each with a scalar string `type` and the datasets that
type requires. Exits 1 with a message naming what is wrong.
"""
import json
import sys

import h5py

REQUIRED = {
    "Input": ["shape"], "Output": ["shape"], "Affine": ["weight", "bias"], "Linear": ["weight"],
    "Scale": ["scale"], "Threshold": ["threshold"], "Flatten": ["start_dim", "end_dim"],
    "Delay": ["delay"], "IF": ["r", "v_threshold"], "LIF": ["tau", "r", "v_leak", "v_threshold"],
    "LI": ["tau", "r", "v_leak"], "I": ["r"], "Integrator": ["r"],
    "CubaLIF": ["tau_syn", "tau_mem", "r", "v_leak", "v_threshold", "w_in"],
    "CubaLI": ["tau_syn", "tau_mem", "r", "v_leak", "w_in"],
    "Conv1d": ["weight", "bias", "stride", "padding", "dilation", "groups"],
    "Conv2d": ["weight", "bias", "stride", "padding", "dilation", "groups"],
    "SumPool2d": ["kernel_size", "stride", "padding"],
    "AvgPool2d": ["kernel_size", "stride", "padding"],
}


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def text(dataset, where):
    value = dataset[()]
    if isinstance(value, bytes):
        return value.decode("utf8")
    if isinstance(value, str):
        return value
    fail(f"{where} is not a scalar string: {value!r}")


def main():
    path = sys.argv[1]
    report = {"nodes": {}}
    with h5py.File(path, "r") as f:
        if "version" not in f:
            fail("no /version")
        report["version"] = text(f["version"], "/version")
        graph = f["node"]
        if text(graph["type"], "/node/type") != "NIRGraph":
            fail("/node/type is not NIRGraph")
        edges = graph["edges"][()]
        if edges.ndim != 2 or edges.shape[1] != 2:
            fail(f"/node/edges has shape {edges.shape}")
        report["edges"] = [[a.decode("utf8"), b.decode("utf8")] for a, b in edges]
        for name, node in graph["nodes"].items():
            kind = text(node["type"], f"/node/nodes/{name}/type")
            for key in REQUIRED.get(kind, []):
                if key not in node:
                    fail(f"node {name} ({kind}) lacks {key}")
            report["nodes"][name] = {
                "type": kind,
                "datasets": {k: [str(node[k].dtype), list(node[k].shape)]
                             for k in node if k != "type" and isinstance(node[k], h5py.Dataset)},
            }
    print(json.dumps(report, sort_keys=True))


if __name__ == "__main__":
    main()
