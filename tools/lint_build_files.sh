#!/usr/bin/env bash
# Lints the Bazel and Nix build descriptions and checks them against the
# sources and csrc/CMakeLists.txt. Needs no Bazel and no Nix store:
#   1. buildifier -mode=check -lint=warn   every MODULE.bazel, BUILD(.bazel), *.bzl
#   2. nix-instantiate --parse flake.nix   Nix syntax
#   3. tools/check_build_graph.py          every source in exactly one target,
#                                          Bazel ISA flags == CMake's, versions
#   4. tools/check_build_graph.py --self-test   each check can fail
# Installs what is missing: buildifier from npm (@bazel/buildifier), nix-bin
# (and nodejs/npm, python3) from apt. Works on a fresh Debian/Ubuntu as root
# (or with sudo) with network to the npm registry and the apt mirrors only.
# Usage: tools/lint_build_files.sh          (from anywhere in the repository)
set -euo pipefail
cd "$(dirname "$0")/.."

BUILDIFIER_VERSION="${BUILDIFIER_VERSION:-8.2.1}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

step() { printf '\n--- %s ---\n' "$*"; }

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    $SUDO apt-get update -qq || true
    apt_updated=1
  fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# ---- tools ---------------------------------------------------------------------
need_apt=""
command -v python3 >/dev/null 2>&1 || need_apt="$need_apt python3"
command -v nix-instantiate >/dev/null 2>&1 || need_apt="$need_apt nix-bin"
if ! command -v buildifier >/dev/null 2>&1 && ! command -v npm >/dev/null 2>&1; then
  need_apt="$need_apt nodejs npm ca-certificates"
fi
if [ -n "$need_apt" ]; then
  step "apt-get install$need_apt"
  apt_install $need_apt
fi

BUILDIFIER="$(command -v buildifier || true)"
if [ -z "$BUILDIFIER" ]; then
  step "npm install -g @bazel/buildifier@$BUILDIFIER_VERSION"
  $SUDO npm install -g --silent "@bazel/buildifier@$BUILDIFIER_VERSION" >/dev/null
  BUILDIFIER="$(command -v buildifier || echo "$(npm prefix -g)/bin/buildifier")"
fi

# ---- the files -------------------------------------------------------------------
list_files() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files --cached --others --exclude-standard
  else
    find . -type d \( -name .git -o -name target -o -name build -o -name node_modules -o -name 'bazel-*' \) -prune \
      -o -type f -print | sed 's|^\./||'
  fi
}
mapfile -t BAZEL_FILES < <(list_files | grep -E '(^|/)(MODULE\.bazel|WORKSPACE(\.bazel)?|BUILD(\.bazel)?|[^/]+\.bzl)$' \
  | while read -r f; do [ -f "$f" ] && echo "$f"; done | sort)

failed=()

step "buildifier $("$BUILDIFIER" --version 2>/dev/null | head -n 1 | awk '{print $3}'): -mode=check -lint=warn on ${#BAZEL_FILES[@]} files"
if [ "${#BAZEL_FILES[@]}" -eq 0 ]; then
  echo "no Bazel files found"
  failed+=("buildifier")
elif "$BUILDIFIER" -mode=check -lint=warn "${BAZEL_FILES[@]}"; then
  echo "buildifier: ok (${BAZEL_FILES[*]})"
else
  echo "buildifier: FAILED. Format with: buildifier -mode=fix <file>; the lint warnings above name their fix."
  failed+=("buildifier")
fi

step "nix-instantiate --parse flake.nix"
# dummy:// store: parsing needs no Nix store and no daemon (works without root).
if nix-instantiate --store dummy:// --parse flake.nix >/dev/null; then
  echo "flake.nix: ok"
else
  failed+=("nix-parse")
fi

step "tools/check_build_graph.py"
python3 tools/check_build_graph.py || failed+=("check_build_graph")

step "tools/check_build_graph.py --self-test"
python3 tools/check_build_graph.py --self-test || failed+=("check_build_graph --self-test")

echo
if [ "${#failed[@]}" -ne 0 ]; then
  echo "lint_build_files: FAILED: ${failed[*]}"
  exit 1
fi
echo "lint_build_files: all passed"
