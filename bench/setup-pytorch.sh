#!/bin/sh
# Install the plain-PyTorch reference's dependencies from Debian packages:
# python3-torch (CPU build), OpenBLAS (pthread variant) and numpy, for the
# Debian system interpreter /usr/bin/python3. Idempotent: does nothing when
# torch and numpy already import there. Needs root (or sudo) to install.
set -eu

PY=/usr/bin/python3

if [ -x "$PY" ] && "$PY" -c "import torch, numpy" >/dev/null 2>&1; then
    echo "torch already available: $("$PY" -c 'import torch; print(torch.__version__)')"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=sudo
    else
        echo "error: need root or sudo to install python3-torch" >&2
        exit 1
    fi
fi

$SUDO apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y python3-torch libopenblas0-pthread python3-numpy

"$PY" -c "import torch, numpy; print('torch', torch.__version__, 'numpy', numpy.__version__)"
