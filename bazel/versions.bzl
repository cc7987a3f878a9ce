"""Versions shared by the BUILD files.

tools/check_build_graph.py checks them against Cargo.toml, pyproject.toml,
rust-toolchain.toml, MODULE.bazel and flake.nix.
"""

# The crate and wheel version ([workspace.package] version in Cargo.toml,
# [project] version in pyproject.toml). Rust sees it as CARGO_PKG_VERSION.
COREPY_VERSION = "0.1.0"

# The hermetic interpreter of the Bazel build (MODULE.bazel) and the wheel tags.
PYTHON_VERSION = "3.11"

PYTHON_TAG = "cp311"

# rust-toolchain.toml's channel (MODULE.bazel pins the same toolchain).
RUST_VERSION = "1.95.0"

RUST_EDITION = "2021"
