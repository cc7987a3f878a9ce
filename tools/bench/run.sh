#!/bin/sh
# corepy vs NumPy benchmark. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE make NumPy's
# OpenBLAS pick a slower kernel; they must be unset before NumPy is imported,
# so they are removed here, for this process only.
# Usage: tools/bench/run.sh [--quick] [--out DIR] [--filter TEXT] [--threads 1,2]
here=$(cd "$(dirname "$0")" && pwd)
exec env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$here/run.py" "$@"
