#!/usr/bin/env python3
"""Checks that the Bazel build description matches the sources and CMake.

Checks (each one prints OK or every problem it found):

  ownership  every source file of csrc/ (*.cpp *.cc *.h *.hpp), rust/ (*.rs),
             corepy/ (*.py *.pyi), tests/ (*.py *.cpp *.h) and cuda/ (*.cu
             *.cuh *.cpp *.h) belongs to exactly one Bazel target, and no
             BUILD file lists a source file that does not exist or that lies
             in another package.
  isa_flags  bazel/isa_flags.bzl equals the flag table of csrc/CMakeLists.txt:
             COREPY_FLAGS_<isa>, COREPY_COMMON_FLAGS, the ISAs per
             architecture (COREPY_ISAS), the flags of the per-ISA table and of
             random.cpp, and the GoogleTest target's options.
  kernels    csrc/BUILD.bazel's KERNEL_SOURCES equals COREPY_KERNEL_SOURCES.
  sanitize   .bazelrc's --config=asan copts/linkopts equal CMake's
             COREPY_SANITIZE flags.
  versions   one version everywhere: Rust toolchain (rust-toolchain.toml,
             MODULE.bazel, bazel/versions.bzl, flake.nix reads the file),
             Python (MODULE.bazel, bazel/versions.bzl, flake.nix), crate and
             wheel version (Cargo.toml, pyproject.toml, MODULE.bazel,
             bazel/versions.bzl).

How ownership is read: BUILD files are Starlark, which Python's ast module
parses. A small evaluator follows string literals, lists, `+`, top-level
variables, symbols loaded from this repository's .bzl files, select() (the
union of its branches), glob(include, exclude) with Bazel's rules (no
descent into sub-packages) and list comprehensions. A file is owned by a
target when it appears, as a path or a label naming the file, in that
target's srcs, hdrs, textual_hdrs or data. Targets that name other targets
(a library taking a filegroup) own nothing through that label, so one source
compiled per ISA through a filegroup is still owned once. A macro call counts
as one target.

Usage:
  tools/check_build_graph.py [--root DIR] [--only CHECK[,CHECK]] [-v]
  tools/check_build_graph.py --self-test

Exit status: 0 all checks pass, 1 a check failed, 2 the inputs could not be
read. Python standard library only.
"""
from __future__ import annotations

import argparse
import ast
import fnmatch
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Tuple

try:  # Python 3.11+
    import tomllib  # type: ignore[import-not-found]
except ModuleNotFoundError:  # pragma: no cover - older interpreters
    tomllib = None  # type: ignore[assignment]

BUILD_NAMES = ("BUILD.bazel", "BUILD")

# Folder -> file suffixes whose files must each belong to exactly one target.
CHECKED_TREES: Dict[str, Tuple[str, ...]] = {
    "csrc": (".cpp", ".cc", ".h", ".hpp"),
    "rust": (".rs",),
    "corepy": (".py", ".pyi"),
    "tests": (".py", ".cpp", ".h"),
    "cuda": (".cu", ".cuh", ".cpp", ".h"),
}
SOURCE_SUFFIXES = tuple(sorted({s for suffixes in CHECKED_TREES.values() for s in suffixes}))

# Attributes through which a target owns the files it names.
OWNING_ATTRS = ("srcs", "hdrs", "textual_hdrs", "data")

# Folders never walked (build outputs, caches, VCS, Bazel's convenience links).
SKIP_DIRS = {".git", "target", "build", "dist", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis"}

CHECKS = ("ownership", "isa_flags", "kernels", "sanitize", "versions")


class InputError(Exception):
    """An input file is missing or cannot be parsed (exit status 2)."""


def _skip_dir(name: str) -> bool:
    return name in SKIP_DIRS or name.startswith("bazel-") or name.startswith(".")


# ---------------------------------------------------------------------------
# A Starlark-subset evaluator
# ---------------------------------------------------------------------------


class _Unknown:
    """A value the evaluator cannot (and need not) compute."""

    def __repr__(self) -> str:
        return "<unknown>"


UNKNOWN = _Unknown()


@dataclass
class Target:
    package: str  # "" for the root package
    rule: str
    name: str
    build_file: str
    line: int
    owned: List[str] = field(default_factory=list)  # repo-relative paths

    def label(self) -> str:
        return "//{}:{}".format(self.package, self.name)


@dataclass
class Repo:
    root: str
    packages: Set[str]

    @classmethod
    def scan(cls, root: str) -> "Repo":
        packages: Set[str] = set()
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not _skip_dir(d))
            if any(b in filenames for b in BUILD_NAMES):
                rel = os.path.relpath(dirpath, root)
                packages.add("" if rel == "." else rel.replace(os.sep, "/"))
        return cls(root=root, packages=packages)

    def path(self, rel: str) -> str:
        return os.path.join(self.root, *rel.split("/")) if rel else self.root

    def is_file(self, rel: str) -> bool:
        return os.path.isfile(self.path(rel))

    def package_of(self, rel_file: str) -> Optional[str]:
        """The package (closest folder with a BUILD file) that contains rel_file."""
        parts = rel_file.split("/")[:-1]
        while True:
            candidate = "/".join(parts)
            if candidate in self.packages:
                return candidate
            if not parts:
                return None
            parts.pop()

    def build_file(self, package: str) -> Optional[str]:
        for name in BUILD_NAMES:
            rel = "{}/{}".format(package, name) if package else name
            if self.is_file(rel):
                return rel
        return None

    def glob(self, package: str, include: Sequence[str], exclude: Sequence[str]) -> List[str]:
        """Bazel's glob(): files only, never inside a sub-package."""
        base = self.path(package)
        found: List[str] = []
        for dirpath, dirnames, filenames in os.walk(base):
            rel_dir = os.path.relpath(dirpath, base).replace(os.sep, "/")
            rel_dir = "" if rel_dir == "." else rel_dir
            keep = []
            for d in sorted(dirnames):
                sub = "{}/{}".format(rel_dir, d) if rel_dir else d
                full = "{}/{}".format(package, sub) if package else sub
                if d in (".git",) or d.startswith("bazel-") or full in self.packages:
                    continue
                keep.append(d)
            dirnames[:] = keep
            for f in sorted(filenames):
                rel = "{}/{}".format(rel_dir, f) if rel_dir else f
                if any(_glob_match(p, rel) for p in include) and not any(_glob_match(p, rel) for p in exclude):
                    found.append(rel)
        return sorted(set(found))


def _glob_match(pattern: str, path: str) -> bool:
    """Bazel glob pattern match: '*' within one segment, '**' any segments."""

    def match(pp: List[str], sp: List[str]) -> bool:
        if not pp:
            return not sp
        if pp[0] == "**":
            return any(match(pp[1:], sp[i:]) for i in range(len(sp) + 1))
        if not sp:
            return False
        return fnmatch.fnmatchcase(sp[0], pp[0]) and match(pp[1:], sp[1:])

    return match(pattern.split("/"), path.split("/"))


class Evaluator:
    """Evaluates the parts of BUILD / .bzl files the checks need."""

    def __init__(self, repo: Repo):
        self.repo = repo
        self._bzl_cache: Dict[str, Dict[str, Any]] = {}

    # -- modules --------------------------------------------------------------

    def parse(self, rel: str) -> ast.Module:
        try:
            with open(self.repo.path(rel), encoding="utf-8") as fh:
                text = fh.read()
        except OSError as exc:
            raise InputError("cannot read {}: {}".format(rel, exc)) from exc
        try:
            return ast.parse(text, filename=rel)
        except SyntaxError as exc:
            raise InputError("cannot parse {} (line {}): {}".format(rel, exc.lineno, exc.msg)) from exc

    def load_bzl(self, rel: str) -> Dict[str, Any]:
        """Top-level bindings of a .bzl file of this repository."""
        if rel in self._bzl_cache:
            return self._bzl_cache[rel]
        self._bzl_cache[rel] = {}  # cycles
        package = rel.rsplit("/", 1)[0] if "/" in rel else ""
        env: Dict[str, Any] = {}
        for stmt in self.parse(rel).body:
            self._exec_binding(stmt, env, package)
        self._bzl_cache[rel] = env
        return env

    def _resolve_load(self, label: str, package: str) -> Optional[str]:
        if label.startswith("@"):
            return None  # another repository: its symbols stay unknown
        if label.startswith("//"):
            pkg, _, name = label[2:].partition(":")
        elif label.startswith(":"):
            pkg, name = package, label[1:]
        else:
            return None
        return "{}/{}".format(pkg, name) if pkg else name

    def _exec_binding(self, stmt: ast.stmt, env: Dict[str, Any], package: str) -> None:
        """load() and NAME = value statements; everything else is ignored."""
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            call = stmt.value
            if isinstance(call.func, ast.Name) and call.func.id == "load" and call.args:
                label = self.eval(call.args[0], env, package)
                rel = self._resolve_load(label, package) if isinstance(label, str) else None
                module = self.load_bzl(rel) if rel and self.repo.is_file(rel) else {}
                for arg in call.args[1:]:
                    sym = self.eval(arg, env, package)
                    if isinstance(sym, str):
                        env[sym] = module.get(sym, UNKNOWN)
                for kw in call.keywords:
                    sym = self.eval(kw.value, env, package)
                    if kw.arg and isinstance(sym, str):
                        env[kw.arg] = module.get(sym, UNKNOWN)
        elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            env[stmt.targets[0].id] = self.eval(stmt.value, env, package)

    # -- expressions ------------------------------------------------------------

    def eval(self, node: ast.AST, env: Dict[str, Any], package: str) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self.eval(e, env, package) for e in node.elts]
        if isinstance(node, ast.Dict):
            out: Dict[Any, Any] = {}
            for k, v in zip(node.keys, node.values):
                if k is None:
                    continue
                key = self.eval(k, env, package)
                if isinstance(key, (str, int, bool)):
                    out[key] = self.eval(v, env, package)
            return out
        if isinstance(node, ast.Name):
            return env.get(node.id, {"True": True, "False": False, "None": None}.get(node.id, UNKNOWN))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return _add(self.eval(node.left, env, package), self.eval(node.right, env, package))
        if isinstance(node, ast.Subscript):
            value = self.eval(node.value, env, package)
            key = self.eval(node.slice, env, package)
            if isinstance(value, dict) and isinstance(key, (str, int)):
                return value.get(key, UNKNOWN)
            if isinstance(value, list) and isinstance(key, int) and -len(value) <= key < len(value):
                return value[key]
            return UNKNOWN
        if isinstance(node, ast.ListComp):
            return self._list_comp(node, env, package, lambda elt, scope: self.eval(elt, scope, package))
        if isinstance(node, ast.Call):
            return self._call(node, env, package)
        return UNKNOWN

    def _list_comp(self, node: ast.ListComp, env: Dict[str, Any], package: str,
                   on_item: Callable[[ast.AST, Dict[str, Any]], Any]) -> Any:
        if len(node.generators) != 1 or not isinstance(node.generators[0].target, ast.Name):
            return UNKNOWN
        gen = node.generators[0]
        items = self.eval(gen.iter, env, package)
        if not isinstance(items, list):
            return UNKNOWN
        out = []
        for item in items:
            scope = dict(env)
            scope[gen.target.id] = item  # type: ignore[union-attr]
            conds = [self.eval(c, scope, package) for c in gen.ifs]
            if any(c is False for c in conds):
                continue
            out.append(on_item(node.elt, scope))
        return out

    def _call(self, node: ast.Call, env: Dict[str, Any], package: str) -> Any:
        func = node.func.id if isinstance(node.func, ast.Name) else None
        kwargs = {kw.arg: kw.value for kw in node.keywords if kw.arg}
        if func == "glob":
            include = self.eval(node.args[0], env, package) if node.args else self.eval(kwargs.get("include", ast.List(elts=[])), env, package)
            exclude = self.eval(kwargs["exclude"], env, package) if "exclude" in kwargs else []
            if len(node.args) > 1:
                exclude = self.eval(node.args[1], env, package)
            include = [p for p in include if isinstance(p, str)] if isinstance(include, list) else []
            exclude = [p for p in exclude if isinstance(p, str)] if isinstance(exclude, list) else []
            return _GlobResult(self.repo.glob(package, include, exclude))
        if func == "select" and node.args:
            branches = self.eval(node.args[0], env, package)
            if not isinstance(branches, dict):
                return UNKNOWN
            merged: Any = None
            for value in branches.values():
                merged = value if merged is None else _union(merged, value)
            return merged if merged is not None else UNKNOWN
        if func == "Label" and node.args:
            return self.eval(node.args[0], env, package)
        if isinstance(node.func, ast.Attribute):  # a few str methods, for target names
            obj = self.eval(node.func.value, env, package)
            args = [self.eval(a, env, package) for a in node.args]
            method = node.func.attr
            if isinstance(obj, str) and all(isinstance(a, str) for a in args):
                if method in ("removeprefix", "removesuffix", "replace", "upper", "lower", "strip"):
                    try:
                        return getattr(obj, method)(*args)
                    except TypeError:
                        return UNKNOWN
                if method == "format" and "{}" in obj and not kwargs:
                    try:
                        return obj.format(*args)
                    except (IndexError, KeyError, ValueError):
                        return UNKNOWN
        return UNKNOWN


class _GlobResult(list):
    """The files a glob() matched (package-relative paths)."""


def _add(a: Any, b: Any) -> Any:
    if isinstance(a, list) and isinstance(b, list):
        return (_GlobResult if isinstance(a, _GlobResult) and isinstance(b, _GlobResult) else list)(a + b)
    if isinstance(a, str) and isinstance(b, str):
        return a + b
    if isinstance(a, list) and b is UNKNOWN:
        return list(a)
    if a is UNKNOWN and isinstance(b, list):
        return list(b)
    return UNKNOWN


def _union(a: Any, b: Any) -> Any:
    if isinstance(a, list) and isinstance(b, list):
        return a + b
    if isinstance(a, dict) and isinstance(b, dict):
        merged = dict(a)
        merged.update(b)
        return merged
    return a if b is UNKNOWN else b if a is UNKNOWN else a


def _flatten_strings(value: Any) -> Tuple[List[str], List[str]]:
    """(literal strings, glob-matched package-relative paths) inside value."""
    literals: List[str] = []
    globbed: List[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, _GlobResult):
            globbed.extend(x for x in v if isinstance(x, str))
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, str):
            literals.append(v)

    walk(value)
    return literals, globbed


# ---------------------------------------------------------------------------
# Check: ownership
# ---------------------------------------------------------------------------

NON_TARGET_CALLS = {"load", "package", "licenses", "exports_files", "glob", "select", "workspace", "package_group"}


def read_targets(repo: Repo, ev: Evaluator) -> Tuple[List[Target], List[str]]:
    """Every target of every BUILD file, with the files it owns; and problems."""
    targets: List[Target] = []
    problems: List[str] = []
    for package in sorted(repo.packages):
        build_rel = repo.build_file(package)
        if build_rel is None:
            continue
        env: Dict[str, Any] = {}
        for stmt in ev.parse(build_rel).body:
            ev._exec_binding(stmt, env, package)
            node = stmt.value if isinstance(stmt, ast.Expr) else None
            if isinstance(node, ast.Call):
                t = _read_target(node, env, package, build_rel, repo, ev, problems)
                if t:
                    targets.append(t)
            elif isinstance(node, ast.ListComp) and isinstance(node.elt, ast.Call):
                made = ev._list_comp(
                    node, env, package,
                    lambda elt, scope: _read_target(elt, scope, package, build_rel, repo, ev, problems))
                if isinstance(made, list):
                    targets.extend(t for t in made if isinstance(t, Target))
    return targets, problems


def _read_target(call: ast.Call, env: Dict[str, Any], package: str, build_rel: str,
                 repo: Repo, ev: Evaluator, problems: List[str]) -> Optional[Target]:
    if not isinstance(call.func, (ast.Name, ast.Attribute)):
        return None
    rule = call.func.id if isinstance(call.func, ast.Name) else ast.unparse(call.func)
    if rule in NON_TARGET_CALLS:
        return None
    kwargs = {kw.arg: kw.value for kw in call.keywords if kw.arg}
    name = ev.eval(kwargs["name"], env, package) if "name" in kwargs else None
    target = Target(package=package, rule=rule, name=name if isinstance(name, str) else "<{}@{}>".format(rule, call.lineno),
                    build_file=build_rel, line=call.lineno)
    for attr in OWNING_ATTRS:
        if attr not in kwargs:
            continue
        literals, globbed = _flatten_strings(ev.eval(kwargs[attr], env, package))
        for rel in globbed:
            target.owned.append("{}/{}".format(package, rel) if package else rel)
        for item in literals:
            owned = _resolve_file_label(item, package, repo, target, problems)
            if owned:
                target.owned.append(owned)
    return target


def _resolve_file_label(item: str, package: str, repo: Repo, target: Target, problems: List[str]) -> Optional[str]:
    """The repo-relative path when `item` names a source file, else None."""
    if item.startswith("@"):
        return None
    where = "{}:{} ({})".format(target.build_file, target.line, target.label())
    if item.startswith("//"):
        pkg, sep, name = item[2:].partition(":")
        if not sep:
            return None  # //pkg means //pkg:pkg, a target
        rel = "{}/{}".format(pkg, name) if pkg else name
        label_pkg = pkg
    elif item.startswith(":"):
        rel = "{}/{}".format(package, item[1:]) if package else item[1:]
        label_pkg = package
    else:
        rel = "{}/{}".format(package, item) if package else item
        label_pkg = package
    if not repo.is_file(rel):
        if rel.endswith(SOURCE_SUFFIXES) and not item.startswith(":") and not item.startswith("//"):
            problems.append("{}: lists {!r}, which does not exist".format(where, rel))
        return None
    owner_pkg = repo.package_of(rel)
    if owner_pkg != label_pkg:
        problems.append("{}: lists {!r}, which belongs to package //{} (cross-package file reference)".format(
            where, rel, owner_pkg if owner_pkg is not None else "<none>"))
    return rel


def checked_files(repo: Repo) -> List[str]:
    files: List[str] = []
    for tree, suffixes in CHECKED_TREES.items():
        base = repo.path(tree)
        if not os.path.isdir(base):
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not _skip_dir(d))
            for f in sorted(filenames):
                if f.endswith(suffixes):
                    files.append(os.path.relpath(os.path.join(dirpath, f), repo.root).replace(os.sep, "/"))
    return files


def check_ownership(repo: Repo, ev: Evaluator) -> List[str]:
    targets, problems = read_targets(repo, ev)
    owners: Dict[str, List[Target]] = {}
    for t in targets:
        for rel in sorted(set(t.owned)):
            owners.setdefault(rel, []).append(t)
    for rel in checked_files(repo):
        found = owners.get(rel, [])
        if not found:
            pkg = repo.package_of(rel)
            hint = "add it to a target in {}".format(repo.build_file(pkg) if pkg is not None else "a new BUILD.bazel")
            problems.append("{}: belongs to no Bazel target ({})".format(rel, hint))
        elif len(found) > 1:
            problems.append("{}: belongs to {} Bazel targets: {}".format(
                rel, len(found), ", ".join("{} ({}:{})".format(t.label(), t.build_file, t.line) for t in found)))
    return problems


# ---------------------------------------------------------------------------
# CMake flag table
# ---------------------------------------------------------------------------


@dataclass
class CMakeTable:
    isa_flags: Dict[str, List[str]]
    common: List[str]
    sanitize_compile: List[str]
    sanitize_link: List[str]
    isas_by_arch: Dict[str, List[str]]
    kernel_sources: List[str]
    table_flags_isa: Optional[str]
    random_flags_isa: Optional[str]
    test_copts: List[str]


def _cmake_commands(text: str) -> List[Tuple[str, List[str], int]]:
    """(command, arguments, line) for every command, comments removed."""
    text = re.sub(r"#[^\n]*", "", text)
    out = []
    for m in re.finditer(r"\b([A-Za-z_][A-Za-z0-9_]*)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)", text):
        line = text.count("\n", 0, m.start()) + 1
        out.append((m.group(1).lower(), m.group(2).split(), line))
    return out


def read_cmake(repo: Repo, rel: str = "csrc/CMakeLists.txt") -> CMakeTable:
    try:
        with open(repo.path(rel), encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        raise InputError("cannot read {}: {}".format(rel, exc)) from exc
    isa_flags: Dict[str, List[str]] = {}
    common: List[str] = []
    sanitize_compile: List[str] = []
    sanitize_link: List[str] = []
    isas_by_arch: Dict[str, List[str]] = {}
    kernel_sources: List[str] = []
    test_copts: List[str] = []
    table_isa = random_isa = None
    cond_stack: List[str] = []
    arch = None
    for cmd, args, _line in _cmake_commands(text):
        joined = " ".join(args)
        if cmd in ("if", "elseif"):
            m = re.search(r'MATCHES\s+"\^\(([A-Za-z0-9_]+)', joined)
            key = "arch:" + m.group(1) if m and "CMAKE_SYSTEM_PROCESSOR" in joined else joined
            if cmd == "if":
                cond_stack.append(key)
            elif cond_stack:
                cond_stack[-1] = key
            arch = key[5:] if key.startswith("arch:") else None
        elif cmd == "else":
            if cond_stack and cond_stack[-1].startswith("arch:"):
                cond_stack[-1] = "arch:default"
                arch = "default"
        elif cmd == "endif":
            if cond_stack:
                cond_stack.pop()
            arch = None
        elif cmd == "set" and args:
            var = args[0]
            m = re.fullmatch(r"COREPY_FLAGS_(\w+)", var)
            if m:
                isa_flags[m.group(1)] = args[1:]
            elif var == "COREPY_COMMON_FLAGS":
                common = args[1:]
            elif var == "COREPY_ISAS" and arch:
                isas_by_arch[arch] = args[1:]
            elif var == "COREPY_KERNEL_SOURCES":
                kernel_sources = args[1:]
        elif cmd == "list" and args[:2] == ["APPEND", "COREPY_COMMON_FLAGS"] and "COREPY_SANITIZE" in cond_stack:
            sanitize_compile = args[2:]
        elif cmd == "add_link_options" and "COREPY_SANITIZE" in cond_stack:
            sanitize_link = args
        elif cmd == "target_compile_options" and args:
            flag_vars = [re.fullmatch(r"\$\{COREPY_FLAGS_(\w+)\}", a) for a in args]
            isas = [m.group(1) for m in flag_vars if m]
            if args[0].startswith("corepy_table_") and isas:
                table_isa = isas[0]
            elif args[0] == "corepy_random" and isas:
                random_isa = isas[0]
            elif args[0] == "corepy_kernel_tests" and "COREPY_SANITIZE" not in cond_stack:
                test_copts = [a for a in args[1:] if a not in ("PRIVATE", "PUBLIC", "INTERFACE")]
    if not isa_flags:
        raise InputError("{}: no set(COREPY_FLAGS_<isa> ...) lines found".format(rel))
    return CMakeTable(isa_flags, common, sanitize_compile, sanitize_link, isas_by_arch, kernel_sources,
                      table_isa, random_isa, test_copts)


def _cmp(problems: List[str], what: str, bazel_where: str, bazel_value: Any, cmake_value: Any) -> None:
    if bazel_value != cmake_value:
        problems.append("{}: {} is {!r} but csrc/CMakeLists.txt has {!r}".format(what, bazel_where, bazel_value, cmake_value))


def check_isa_flags(repo: Repo, ev: Evaluator) -> List[str]:
    cm = read_cmake(repo)
    rel = "bazel/isa_flags.bzl"
    if not repo.is_file(rel):
        raise InputError("{} is missing".format(rel))
    bzl = ev.load_bzl(rel)
    problems: List[str] = []
    isa_copts = bzl.get("ISA_COPTS")
    if not isinstance(isa_copts, dict):
        return ["{}: ISA_COPTS is not a dict literal".format(rel)]
    for isa in sorted(set(isa_copts) | set(cm.isa_flags)):
        if isa not in cm.isa_flags:
            problems.append("ISA {!r}: in {} ISA_COPTS but CMakeLists.txt has no COREPY_FLAGS_{}".format(isa, rel, isa))
        elif isa not in isa_copts:
            problems.append("ISA {!r}: CMakeLists.txt sets COREPY_FLAGS_{} but {} ISA_COPTS has no entry".format(isa, isa, rel))
        else:
            _cmp(problems, "ISA {!r} flags".format(isa), "{} ISA_COPTS[{!r}]".format(rel, isa), isa_copts[isa], cm.isa_flags[isa])
    all_isas = bzl.get("ALL_ISAS")
    if all_isas != list(cm.isa_flags):
        problems.append("ISA list: {} ALL_ISAS is {!r} but CMakeLists.txt defines flags for {!r}".format(rel, all_isas, list(cm.isa_flags)))
    _cmp(problems, "common flags", rel + " COMMON_COPTS", bzl.get("COMMON_COPTS"), cm.common)
    _cmp(problems, "ISAs per architecture", rel + " ISAS_BY_ARCH", bzl.get("ISAS_BY_ARCH"), cm.isas_by_arch)
    _cmp(problems, "kernel_table.cpp flags", rel + " TABLE_FLAGS_ISA", bzl.get("TABLE_FLAGS_ISA"), cm.table_flags_isa)
    _cmp(problems, "random.cpp flags", rel + " RANDOM_FLAGS_ISA", bzl.get("RANDOM_FLAGS_ISA"), cm.random_flags_isa)
    _cmp(problems, "GoogleTest options", rel + " TEST_COPTS", bzl.get("TEST_COPTS"), cm.test_copts)
    return problems


def check_kernels(repo: Repo, ev: Evaluator) -> List[str]:
    cm = read_cmake(repo)
    rel = "csrc/BUILD.bazel"
    env: Dict[str, Any] = {}
    for stmt in ev.parse(rel).body:
        ev._exec_binding(stmt, env, "csrc")
    problems: List[str] = []
    _cmp(problems, "kernel sources", rel + " KERNEL_SOURCES", env.get("KERNEL_SOURCES"), cm.kernel_sources)
    return problems


def _bazelrc_options(repo: Repo, command_config: str) -> List[Tuple[str, str]]:
    """(option, value) of the lines of .bazelrc that start with command_config."""
    rel = ".bazelrc"
    try:
        with open(repo.path(rel), encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError as exc:
        raise InputError("cannot read {}: {}".format(rel, exc)) from exc
    out = []
    for line in lines:
        words = line.split("#", 1)[0].split()
        if not words or words[0] != command_config:
            continue
        for word in words[1:]:
            opt, _, value = word.partition("=")
            out.append((opt, value))
    return out


def check_sanitize(repo: Repo, ev: Evaluator) -> List[str]:
    cm = read_cmake(repo)
    opts = _bazelrc_options(repo, "build:asan")
    copts = [v for o, v in opts if o == "--copt" and v.startswith("-f")]
    linkopts = [v for o, v in opts if o == "--linkopt"]
    problems: List[str] = []
    _cmp(problems, "sanitizer compile flags", ".bazelrc build:asan --copt=-f...", copts, cm.sanitize_compile)
    _cmp(problems, "sanitizer link flags", ".bazelrc build:asan --linkopt", linkopts, cm.sanitize_link)
    return problems


# ---------------------------------------------------------------------------
# Check: versions
# ---------------------------------------------------------------------------


def _read_text(repo: Repo, rel: str) -> str:
    try:
        with open(repo.path(rel), encoding="utf-8") as fh:
            return fh.read()
    except OSError as exc:
        raise InputError("cannot read {}: {}".format(rel, exc)) from exc


def _toml(repo: Repo, rel: str) -> Dict[str, Any]:
    text = _read_text(repo, rel)
    if tomllib is not None:
        try:
            return tomllib.loads(text)
        except Exception as exc:  # tomllib.TOMLDecodeError
            raise InputError("cannot parse {}: {}".format(rel, exc)) from exc
    # Fallback for Python < 3.11: [section] and key = "string" lines only.
    data: Dict[str, Any] = {}
    section = data
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.fullmatch(r"\[([^\]]+)\]", line)
        if m:
            section = data
            for part in m.group(1).split("."):
                section = section.setdefault(part.strip(), {})
            continue
        m = re.fullmatch(r'([A-Za-z0-9_-]+)\s*=\s*"([^"]*)"', line)
        if m:
            section[m.group(1)] = m.group(2)
    return data


def _module_calls(repo: Repo, ev: Evaluator) -> List[Tuple[str, Dict[str, Any]]]:
    calls = []
    for stmt in ev.parse("MODULE.bazel").body:
        node = stmt.value if isinstance(stmt, (ast.Expr, ast.Assign)) else None
        if isinstance(node, ast.Call):
            kwargs = {kw.arg: ev.eval(kw.value, {}, "") for kw in node.keywords if kw.arg}
            calls.append((ast.unparse(node.func), kwargs))
    return calls


def check_versions(repo: Repo, ev: Evaluator) -> List[str]:
    problems: List[str] = []
    versions = ev.load_bzl("bazel/versions.bzl")
    calls = _module_calls(repo, ev)

    # Rust toolchain.
    channel = _toml(repo, "rust-toolchain.toml").get("toolchain", {}).get("channel")
    module_rust = [kw.get("versions") for f, kw in calls if f == "rust.toolchain"]
    if module_rust != [[channel]]:
        problems.append("Rust toolchain: MODULE.bazel rust.toolchain(versions=...) is {!r} but rust-toolchain.toml's channel is {!r}".format(
            module_rust[0] if len(module_rust) == 1 else module_rust, channel))
    if versions.get("RUST_VERSION") != channel:
        problems.append("Rust toolchain: bazel/versions.bzl RUST_VERSION is {!r} but rust-toolchain.toml's channel is {!r}".format(
            versions.get("RUST_VERSION"), channel))
    flake = _read_text(repo, "flake.nix") if repo.is_file("flake.nix") else ""
    if "fromRustupToolchainFile ./rust-toolchain.toml" not in flake:
        problems.append("Rust toolchain: flake.nix does not take the toolchain from rust-toolchain.toml "
                        "(rust-bin.fromRustupToolchainFile ./rust-toolchain.toml)")

    # Python.
    py = versions.get("PYTHON_VERSION")
    for func in ("python.toolchain", "pip.parse"):
        for f, kw in calls:
            if f == func and kw.get("python_version") != py:
                problems.append("Python: MODULE.bazel {}(python_version=...) is {!r} but bazel/versions.bzl PYTHON_VERSION is {!r}".format(
                    func, kw.get("python_version"), py))
    if isinstance(py, str) and versions.get("PYTHON_TAG") != "cp" + py.replace(".", ""):
        problems.append("Python: bazel/versions.bzl PYTHON_TAG {!r} does not match PYTHON_VERSION {!r}".format(versions.get("PYTHON_TAG"), py))
    nix_pythons = sorted(set(re.findall(r"\bpython(3\d+)\b", flake)))
    if isinstance(py, str) and nix_pythons != [py.replace(".", "")]:
        problems.append("Python: flake.nix uses {} but bazel/versions.bzl PYTHON_VERSION is {!r}".format(
            ", ".join("python" + v for v in nix_pythons) or "no pythonXY", py))

    # Crate / wheel version.
    want = versions.get("COREPY_VERSION")
    cargo = _toml(repo, "Cargo.toml").get("workspace", {}).get("package", {}).get("version")
    pyproject = _toml(repo, "pyproject.toml").get("project", {}).get("version")
    module = [kw.get("version") for f, kw in calls if f == "module"]
    for where, value in (("Cargo.toml [workspace.package] version", cargo),
                         ("pyproject.toml [project] version", pyproject),
                         ("MODULE.bazel module(version=...)", module[0] if module else None)):
        if value != want:
            problems.append("version: {} is {!r} but bazel/versions.bzl COREPY_VERSION is {!r}".format(where, value, want))
    m = re.search(r'pname\s*=\s*"corepy";\s*version\s*=\s*"([^"]+)"', flake)
    if m and m.group(1) != want:
        problems.append("version: flake.nix corepy version is {!r} but bazel/versions.bzl COREPY_VERSION is {!r}".format(m.group(1), want))
    return problems


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------

CHECK_FUNCS: Dict[str, Callable[[Repo, Evaluator], List[str]]] = {
    "ownership": check_ownership,
    "isa_flags": check_isa_flags,
    "kernels": check_kernels,
    "sanitize": check_sanitize,
    "versions": check_versions,
}

CHECK_TITLES = {
    "ownership": "every source file in exactly one Bazel target",
    "isa_flags": "bazel/isa_flags.bzl equals csrc/CMakeLists.txt's flag table",
    "kernels": "csrc/BUILD.bazel KERNEL_SOURCES equals COREPY_KERNEL_SOURCES",
    "sanitize": ".bazelrc --config=asan equals CMake's COREPY_SANITIZE flags",
    "versions": "Rust/Python/package versions agree",
}


def run_checks(root: str, only: Sequence[str] = CHECKS, out=sys.stdout, verbose: bool = False) -> Dict[str, List[str]]:
    """Runs the checks; returns {check: problems}. Raises InputError."""
    if not os.path.isfile(os.path.join(root, "MODULE.bazel")):
        raise InputError("{} is not the repository root (no MODULE.bazel)".format(root))
    repo = Repo.scan(root)
    ev = Evaluator(repo)
    results: Dict[str, List[str]] = {}
    for name in only:
        problems = CHECK_FUNCS[name](repo, ev)
        results[name] = problems
        status = "ok" if not problems else "FAILED ({} problem{})".format(len(problems), "" if len(problems) == 1 else "s")
        print("[{}] {}: {}".format(name, CHECK_TITLES[name], status), file=out)
        for p in problems:
            print("    - " + p, file=out)
        if verbose and name == "ownership" and not problems:
            targets, _ = read_targets(repo, ev)
            for t in targets:
                if t.owned:
                    print("    {} ({}) owns {}".format(t.label(), t.rule, ", ".join(sorted(set(t.owned)))), file=out)
    return results


# ---------------------------------------------------------------------------
# Self-test: every check passes on a copy of the repository and fails on a
# copy with one defect planted.
# ---------------------------------------------------------------------------


def _copy_repo(src: str, dst: str) -> None:
    def ignore(dirpath: str, names: List[str]) -> Set[str]:
        return {n for n in names if os.path.isdir(os.path.join(dirpath, n)) and _skip_dir(n) and n not in (".ci",)} | \
               {n for n in names if n.endswith(".so")}
    shutil.copytree(src, dst, ignore=ignore, symlinks=True)


def _edit(path: str, old: str, new: str) -> None:
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    if old not in text:
        raise AssertionError("self-test: {!r} not found in {}".format(old, path))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text.replace(old, new, 1))


def _write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def _append(path: str, text: str) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


def _sub(path: str, pattern: str, repl: str) -> None:
    """Regex edit of one file; the pattern must match (else the case is broken)."""
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    new, n = re.subn(pattern, repl, text, count=1, flags=re.S)
    if n == 0:
        raise AssertionError("self-test: /{}/ does not match {}".format(pattern, path))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(new)


def _first_kernel_source(root: str) -> str:
    """csrc-relative path of the first entry of COREPY_KERNEL_SOURCES."""
    sources = read_cmake(Repo.scan(root)).kernel_sources
    if not sources:
        raise AssertionError("self-test: COREPY_KERNEL_SOURCES is empty")
    return sources[0]


def _dup_kernel_source(root: str) -> None:
    src = _first_kernel_source(root)
    _append(os.path.join(root, "csrc", "BUILD.bazel"),
            '\nfilegroup(\n    name = "selftest_dup",\n    srcs = ["{}"],\n)\n'.format(src))


def _dup_python_test(root: str) -> None:
    _write(os.path.join(root, "tests", "python", "test_selftest_dup.py"), "\n")
    _append(os.path.join(root, "tests", "BUILD.bazel"),
            '\nfilegroup(\n    name = "selftest_dup",\n    srcs = glob(["python/test_selftest_*.py"]),\n)\n')


def _p(root: str, *parts: str) -> str:
    return os.path.join(root, *parts)


CMAKE = ("csrc", "CMakeLists.txt")

# (description, the one check expected to fail (None: every check passes),
#  text expected in one of its problems, mutation of the repository copy)
SELF_TESTS: List[Tuple[str, Optional[str], str, Callable[[str], None]]] = [
    ("unmodified copy passes", None, "", lambda r: None),
    ("a new pytest file joins the suite through the glob", None, "",
     lambda r: _write(_p(r, "tests", "python", "test_selftest_new.py"), "def test_x():\n    pass\n")),
    ("a new Rust source joins the crate through the glob", None, "",
     lambda r: _write(_p(r, "rust", "corepy-runtime", "src", "selftest_new.rs"), "\n")),
    ("a new GoogleTest file joins the suite through the glob", None, "",
     lambda r: _write(_p(r, "csrc", "tests", "selftest_new_test.cpp"), "\n")),
    ("a kernel source in no target", "ownership", "csrc/kernels/selftest_new.cpp: belongs to no Bazel target",
     lambda r: _write(_p(r, "csrc", "kernels", "selftest_new.cpp"), "// new\n")),
    ("Python sources outside every package", "ownership", "corepy/__init__.py: belongs to no Bazel target",
     lambda r: os.remove(_p(r, "corepy", "BUILD.bazel"))),
    ("a kernel source in two targets", "ownership", "belongs to 2 Bazel targets", _dup_kernel_source),
    ("a test file in two targets (two globs)", "ownership", "test_selftest_dup.py: belongs to 2 Bazel targets",
     _dup_python_test),
    ("a BUILD file lists a missing source", "ownership", "which does not exist",
     lambda r: os.remove(_p(r, "csrc", _first_kernel_source(r)))),
    ("an ISA flag changed in CMake", "isa_flags", "ISA 'avx2' flags",
     lambda r: _sub(_p(r, *CMAKE), r"(set\(COREPY_FLAGS_avx2 [^)]*)\)", r"\1 -mselftest)")),
    ("an ISA flag changed in Bazel", "isa_flags", "ISA 'scalar' flags",
     lambda r: _sub(_p(r, "bazel", "isa_flags.bzl"), r'("scalar": \[)', r'\1"-mselftest", ')),
    ("a new ISA in CMake only", "isa_flags", "COREPY_FLAGS_sve",
     lambda r: _sub(_p(r, *CMAKE), r"(set\(COREPY_FLAGS_neon [^)]*\))", "\\1\nset(COREPY_FLAGS_sve -O3 -march=armv8-a+sve)")),
    ("a common flag changed in CMake", "isa_flags", "common flags",
     lambda r: _sub(_p(r, *CMAKE), r"(set\(COREPY_COMMON_FLAGS [^)]*)\)", r"\1 -Wselftest)")),
    ("an ISA dropped from an architecture", "isa_flags", "ISAs per architecture",
     lambda r: _sub(_p(r, *CMAKE), r"(set\(COREPY_ISAS [^)]*?) \w+\)", r"\1)")),
    ("the GoogleTest options changed", "isa_flags", "GoogleTest options",
     lambda r: _sub(_p(r, *CMAKE), r"(target_compile_options\(corepy_kernel_tests PRIVATE)", r"\1 -mselftest")),
    ("a kernel source added to CMake only", "kernels", "kernel sources",
     lambda r: _sub(_p(r, *CMAKE), r"(set\(COREPY_KERNEL_SOURCES[^)]*)\)", "\\1  kernels/selftest.cpp\n)")),
    ("a sanitizer flag changed in CMake", "sanitize", "sanitizer compile flags",
     lambda r: _sub(_p(r, *CMAKE), r"(list\(APPEND COREPY_COMMON_FLAGS [^)]*)\)", r"\1 -fsanitize-selftest)")),
    ("the Rust toolchain bumped in rust-toolchain.toml only", "versions", "rust-toolchain.toml's channel",
     lambda r: _sub(_p(r, "rust-toolchain.toml"), r'channel\s*=\s*"[^"]*"', 'channel = "9.99.0"')),
    ("the package version bumped in Cargo.toml only", "versions", "Cargo.toml [workspace.package] version",
     lambda r: _sub(_p(r, "Cargo.toml"), r'(\[workspace\.package\][^\[]*?version\s*=\s*")[^"]*"', r'\g<1>9.9.9"')),
    ("the Bazel Python bumped in MODULE.bazel only", "versions", "python.toolchain(python_version",
     lambda r: _sub(_p(r, "MODULE.bazel"), r'(python\.toolchain\([^)]*python_version\s*=\s*")[^"]*"', r'\g<1>3.99"')),
]


def self_test(root: str) -> int:
    failures = 0
    with tempfile.TemporaryDirectory(prefix="check_build_graph-") as tmp:
        for i, (desc, expect_check, expect_text, mutate) in enumerate(SELF_TESTS):
            copy = os.path.join(tmp, "case{}".format(i))
            _copy_repo(root, copy)
            try:
                mutate(copy)
            except AssertionError as exc:
                print("self-test FAIL  {}: cannot plant the defect: {}".format(desc, exc))
                failures += 1
                continue
            sink = _Sink()
            try:
                results = run_checks(copy, out=sink)
            except InputError as exc:
                results = {"<input>": [str(exc)]}
            failed = {k for k, v in results.items() if v}
            if expect_check is None:
                ok = not failed
                why = "expected every check to pass, got failures in {}".format(sorted(failed))
            else:
                ok = failed == {expect_check} and any(expect_text in p for p in results[expect_check])
                why = "expected only [{}] to fail mentioning {!r}; failed: {}".format(expect_check, expect_text, sorted(failed))
            print("self-test {}  {}{}".format("ok  " if ok else "FAIL", desc,
                                                "" if expect_check is None else " -> [{}] fails".format(expect_check)))
            if not ok:
                failures += 1
                print("    " + why)
                for line in sink.lines:
                    print("    | " + line)
    total = len(SELF_TESTS)
    print("self-test: {}/{} cases behaved as expected".format(total - failures, total))
    return 0 if failures == 0 else 1


class _Sink:
    def __init__(self) -> None:
        self.lines: List[str] = []

    def write(self, s: str) -> None:
        self.lines.extend(x for x in s.splitlines() if x)

    def flush(self) -> None:
        pass


def main(argv: Optional[Sequence[str]] = None) -> int:
    default_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=default_root, help="repository root (default: this script's ../)")
    parser.add_argument("--only", default=",".join(CHECKS), help="comma-separated checks: " + ", ".join(CHECKS))
    parser.add_argument("--self-test", action="store_true",
                        help="prove each check can fail: run them on copies of the repository with planted defects")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list which target owns which files")
    args = parser.parse_args(argv)

    if args.self_test:
        return self_test(args.root)

    only = [c.strip() for c in args.only.split(",") if c.strip()]
    unknown = [c for c in only if c not in CHECKS]
    if unknown:
        parser.error("unknown check(s): {}".format(", ".join(unknown)))
    try:
        results = run_checks(args.root, only, verbose=args.verbose)
    except InputError as exc:
        print("check_build_graph: error: {}".format(exc), file=sys.stderr)
        return 2
    failed = [k for k, v in results.items() if v]
    if failed:
        print("check_build_graph: FAILED: {} (fix the Bazel files or the sources listed above)".format(", ".join(failed)))
        return 1
    print("check_build_graph: all {} checks passed".format(len(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
