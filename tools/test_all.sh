#!/usr/bin/env bash
# Installs what the tests need (apt + pip) and runs every layer's tests:
#   C++  : GoogleTest kernel suite (every ISA this CPU runs, against scalar)
#   Rust : cargo test for corepy-runtime (validation, arena, dispatch)
#   Python: pytest + hypothesis against NumPy, and the layering conformance test
#   Build: Bazel/Nix files lint and build-graph drift check
#   Structure: op/dtype spellings counted, Rust module circles, rustfmt
# Usage: tools/test_all.sh            (from the repository root; root or sudo for apt)
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
PY="${PYTHON:-python3}"

step() { printf '\n=== %s ===\n' "$*"; }

step "install test tools (apt: cmake ninja-build libgtest-dev g++; pip: corepy[test])"
need_apt=""
for pkg in cmake ninja-build libgtest-dev g++; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt="$need_apt $pkg"
done
if [ -n "$need_apt" ]; then
  $SUDO apt-get update -qq || true
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need_apt
fi
"$PY" -m pip install -q --disable-pip-version-check ".[test]"

step "C++: GoogleTest kernel suite"
BUILD_DIR="${COREPY_GTEST_BUILD:-build/gtest}"
cmake -S csrc -B "$BUILD_DIR" -G Ninja -DCOREPY_BUILD_TESTS=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" --parallel
ctest --test-dir "$BUILD_DIR" --output-on-failure --parallel 2 | tail -n 5

step "C++: GoogleTest kernel suite under AddressSanitizer + UndefinedBehaviorSanitizer"
ASAN_DIR="${COREPY_ASAN_BUILD:-build/gtest-asan}"
cmake -S csrc -B "$ASAN_DIR" -G Ninja -DCOREPY_BUILD_TESTS=ON -DCOREPY_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$ASAN_DIR" --parallel
"$ASAN_DIR/corepy_kernel_tests" --gtest_brief=1

step "Structure: one definition per op and dtype, no module circles, formatting"
"$PY" tools/count_definitions.py
"$PY" tools/check_module_cycles.py
if cargo fmt --version >/dev/null 2>&1; then cargo fmt --all --check; fi

step "Rust: cargo test (corepy-runtime)"
"$PY" tools/check_unsafe_comments.py
cargo test -p corepy-runtime --quiet

step "Python: pytest + hypothesis (NumPy as the oracle)"
# Run from tests/ so the source folder corepy/ (which has no compiled module)
# does not shadow the installed package.
(cd tests && "$PY" -m pytest python -q -p no:cacheprovider)

step "Python: the suite again with the arena poisoned (an op that leaves output unwritten fails)"
(cd tests && COREPY_ARENA_POISON=1 "$PY" -m pytest python -q -p no:cacheprovider)

if [ -x tools/lint_build_files.sh ]; then
  step "Build files: buildifier, nix parse, build-graph drift check"
  tools/lint_build_files.sh
fi

step "all layers passed"
