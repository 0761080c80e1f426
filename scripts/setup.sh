#!/usr/bin/env bash
# Installs every build, test and fuzz dependency of landauer from Debian 12 packages.
# Idempotent: it asks apt only for the packages that are missing, and does nothing when all are
# present. No PyPI, no downloads of binaries. Run as root or with sudo available.
#
#   ./scripts/setup.sh            # build, test, fuzz and report dependencies
#   ./scripts/setup.sh --bench    # also the Python peers the benchmarks in bench/ run against
set -euo pipefail
cd "$(dirname "$0")/.."

bench=0
for argument in "$@"; do
  case "$argument" in
    --bench) bench=1 ;;
    *) echo "setup: unknown option '$argument' (use --bench or nothing)" >&2; exit 2 ;;
  esac
done

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # libraries (DESIGN.md "Dependencies")
  libeigen3-dev zlib1g-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libfmt-dev
  libopenblas-dev
  # NIR graph files (spiking/nir.h): HDF5's C library; h5py for the test that checks what we write
  libhdf5-dev python3-h5py
  # diffractive optics (optical/angular_spectrum.h): FFTW's double-precision FFTs
  libfftw3-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # libFuzzer (clang's runtime); clang-format for .ci/run's check
  clang libclang-rt-14-dev clang-format
  # workloads: Fashion-MNIST (/usr/share/datasets/fashion-mnist) and sklearn's digits.csv.gz
  dataset-fashion-mnist python3-sklearn
  # report.html: charting libraries from npm, checked in headless Chromium. (npm itself comes with
  # nodejs on machines whose nodejs bundles it; elsewhere Debian's npm package is added below.)
  nodejs chromium
)
if ((bench)); then
  packages+=(python3-torch python3-numpy python3-scipy python3-qutip python3-brian)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

# Machines whose nodejs does not bundle npm (Debian's own nodejs) need Debian's npm package.
if ! command -v npm >/dev/null && ! printf '%s\n' "${missing[@]}" | grep -qx nodejs; then
  missing+=(npm)
fi

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  else
    command -v sudo >/dev/null || { echo "setup: run as root or install sudo" >&2; exit 1; }
    sudo "$@"
  fi
}

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} Debian packages already installed"
else
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if ! command -v npm >/dev/null; then  # Debian's nodejs was just installed without npm
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends npm
fi

# vega, vega-lite and vega-embed, pinned by report/package-lock.json, inlined into report.html.
stamp=report/node_modules/.landauer-package-lock.json
if [[ ! -f report/node_modules/vega-embed/build/vega-embed.min.js ]] || ! cmp -s report/package-lock.json "$stamp"; then
  echo "setup: installing the report's charting libraries (npm ci in report/)"
  (cd report && npm ci --no-audit --no-fund --loglevel=error)
  cp report/package-lock.json "$stamp"
fi
