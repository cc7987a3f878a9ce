"""The layering contract (../shared/execution-model.md), enforced by scanning
the sources. Python states intent, Rust controls, C++ computes:

* corepy/**/*.py (Python, the UX layer)
  - never imports ctypes, cffi, threading, multiprocessing or
    concurrent.futures (no FFI bypass, no threads of its own), not even inside
    a function, nor through importlib.import_module / __import__ with a
    literal name;
  - imports numpy only inside a function (numpy is an optional dependency:
    ``import corepy`` must work without it), never at module level;
  - does no element arithmetic. Heuristic (an AST check, so strings and
    comments never match): inside a ``for``/``while`` loop or a
    comprehension, an arithmetic operator (+ - * / // % ** @, also augmented
    ``+=`` ...) with an operand that indexes a plain name with the loop
    variable (``a[i] + b[i]``, ``total += x[i]``) is flagged, and so is
    ``range(len(...))`` anywhere. Arithmetic on shapes and axes (``n *= d``
    over a tuple, ``ax % ndim``) is allowed: it is bookkeeping, not element
    math. The heuristic cannot see every element loop; it catches the
    classic shapes of one.
* csrc/ (C++, the muscle)
  - no file includes Python.h or mentions PyObject (tests included);
  - kernel sources (everything under csrc/ except the GoogleTest harness in
    csrc/tests/, which owns its test buffers) never allocate or free (new,
    delete, malloc, calloc, realloc, free, aligned_alloc, std::vector,
    make_unique/make_shared), start threads (std::thread, std::async,
    pthread_create, #pragma omp, <thread>, <omp.h>) or throw.
    ``= delete`` (deleted special members) is not an allocation.
* rust/corepy-runtime (Rust, the controller) knows nothing of Python: no
  pyo3 in its Cargo.toml, its sources, or anywhere in its dependency tree in
  Cargo.lock.
* rust/corepy-python (the PyO3 bridge) never talks to C++ itself: no
  ``extern "C"`` declarations, no ``#[link]``, no C build dependencies
  (cc/cmake) and no ``links =`` key.

Every violation is reported as path:line with the offending code. Each
scanner is also run on small in-memory samples, so a scanner that stopped
finding anything would fail here too.
"""
import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PY_DIR = REPO / "corepy"
CSRC = REPO / "csrc"
CUDA = REPO / "cuda"
RUNTIME = REPO / "rust" / "corepy-runtime"
BRIDGE = REPO / "rust" / "corepy-python"

FORBIDDEN_PY_MODULES = ("ctypes", "cffi", "threading", "multiprocessing", "concurrent.futures", "_thread")
ARITH_OPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.MatMult)


def _rel(path):
    try:
        return str(Path(path).relative_to(REPO))
    except ValueError:
        return str(path)


def _report(violations):
    return "layering violations:\n" + "\n".join(f"  {v}" for v in violations)


# --------------------------------------------------------------------------
# Python scanner
# --------------------------------------------------------------------------

def _is_forbidden_module(name):
    return any(name == m or name.startswith(m + ".") for m in FORBIDDEN_PY_MODULES) or name == "concurrent"


def _module_level_nodes(tree):
    """Nodes not inside a function (module body, including if/try/with/class bodies)."""
    out = []

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            out.append(child)
            visit(child)

    visit(tree)
    return out


def _loop_targets(node):
    names = set()
    targets = []
    if isinstance(node, (ast.For, ast.AsyncFor)):
        targets = [node.target]
    elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
        targets = [g.target for g in node.generators]
    for t in targets:
        names |= {n.id for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


def _element_index(expr, loop_vars):
    """`expr` is name[... loop variable ...] (indexing a plain name with a loop variable)."""
    if not isinstance(expr, ast.Subscript) or not isinstance(expr.value, ast.Name):
        return False
    if not loop_vars:  # while loops: any indexing of a plain name
        return True
    used = {n.id for n in ast.walk(expr.slice) if isinstance(n, ast.Name)}
    return bool(used & loop_vars)


def scan_python(path, text):
    violations = []
    tree = ast.parse(text, filename=str(path))
    where = lambda node: f"{_rel(path)}:{node.lineno}"  # noqa: E731
    module_level = {id(n) for n in _module_level_nodes(tree)}
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and ((isinstance(node.func, ast.Name) and node.func.id == "__import__")
                   or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module"))):
            names = [node.args[0].value]
        forbidden = [n for n in names if _is_forbidden_module(n)]
        if forbidden:
            violations.append(f"{where(node)}: imports {forbidden[0]} (FFI/threads belong to the Rust runtime)")
        numpy = [n for n in names if n == "numpy" or n.startswith("numpy.")]
        if numpy and id(node) in module_level:
            violations.append(f"{where(node)}: imports {numpy[0]} at module level (numpy is optional; "
                              "import it inside the function that needs it)")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"
                and node.args and isinstance(node.args[0], ast.Call)
                and isinstance(node.args[0].func, ast.Name) and node.args[0].func.id == "len"):
            violations.append(f"{where(node)}: range(len(...)) element loop (math belongs in the kernels)")
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.GeneratorExp,
                             ast.DictComp)):
            loop_vars = _loop_targets(node)
            body = node.body if isinstance(node, (ast.For, ast.AsyncFor, ast.While)) else [node]
            for stmt in body:
                for inner in ast.walk(stmt):
                    if isinstance(inner, ast.BinOp) and isinstance(inner.op, ARITH_OPS):
                        operands = (inner.left, inner.right)
                    elif isinstance(inner, ast.AugAssign) and isinstance(inner.op, ARITH_OPS):
                        operands = (inner.target, inner.value)
                    else:
                        continue
                    if any(_element_index(o, loop_vars) for o in operands):
                        violations.append(f"{where(inner)}: element arithmetic in a Python loop: "
                                          f"{ast.unparse(inner)} (math belongs in the kernels)")
    return sorted(set(violations))


# --------------------------------------------------------------------------
# C++ scanner
# --------------------------------------------------------------------------

_CPP_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_CPP_STRING = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'')

CPP_ANYWHERE = [
    (re.compile(r'#\s*include\s*[<"]\s*Python\.h\s*[>"]'), "includes Python.h (C++ must not know Python)"),
    (re.compile(r"\bPyObject\b|\bPy_[A-Z]\w*"), "uses the Python C API"),
]
CPP_KERNELS = [
    (re.compile(r"\bnew\b"), "allocates with new (Rust owns every buffer)"),
    (re.compile(r"\bdelete\b"), "frees with delete (Rust owns every buffer)"),
    (re.compile(r"\b(?:malloc|calloc|realloc|free|aligned_alloc|posix_memalign|_mm_malloc|_mm_free)\s*\("),
     "allocates or frees memory (Rust owns every buffer)"),
    (re.compile(r"\bstd::(?:vector|make_unique|make_shared)\b"), "allocates a container (Rust owns every buffer)"),
    (re.compile(r"\bstd::(?:thread|jthread|async)\b|\bpthread_create\b|#\s*include\s*<(?:thread|omp\.h)>"),
     "starts threads (Rust schedules)"),
    (re.compile(r"#\s*pragma\s+omp\b"), "uses OpenMP (Rust schedules)"),
    (re.compile(r"\bthrow\b"), "throws (kernels trust their inputs; Rust validates)"),
]


def _strip_keep_lines(pattern, text):
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def scan_cpp(path, text, kernel_rules=True):
    violations = []
    no_comments = _strip_keep_lines(_CPP_COMMENT, text)
    code = _strip_keep_lines(_CPP_STRING, no_comments)
    code = re.sub(r"=\s*delete\b", lambda m: " " * len(m.group(0)), code)  # deleted special members
    lines_nc, lines_code = no_comments.split("\n"), code.split("\n")
    rules = [(p, why, lines_nc) for p, why in CPP_ANYWHERE]
    if kernel_rules:
        rules += [(p, why, lines_code) for p, why in CPP_KERNELS]
    for pattern, why, lines in rules:
        for i, line in enumerate(lines, 1):
            if pattern.search(line):
                violations.append(f"{_rel(path)}:{i}: {why}: {text.split(chr(10))[i - 1].strip()}")
    return violations


# --------------------------------------------------------------------------
# Rust scanners
# --------------------------------------------------------------------------

_RUST_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)


def scan_rust_no_pyo3(path, text):
    code = _strip_keep_lines(_RUST_COMMENT, text)
    return [f"{_rel(path)}:{i}: the runtime uses pyo3 (Python belongs to rust/corepy-python): {line.strip()}"
            for i, line in enumerate(code.split("\n"), 1) if re.search(r"\bpyo3\b|\bPyResult\b|#\[py", line)]


def scan_cargo_toml_no_pyo3(path, text):
    out = []
    for i, line in enumerate(text.split("\n"), 1):
        if re.search(r"\bpyo3", line.split("#", 1)[0]):
            out.append(f"{_rel(path)}:{i}: the runtime depends on pyo3: {line.strip()}")
    return out


def lock_dependency_tree(lock_text, root):
    """Names of every package `root` depends on, transitively, per Cargo.lock."""
    deps = {}
    for block in lock_text.split("[[package]]")[1:]:
        name = re.search(r'^name = "([^"]+)"', block, re.M)
        if not name:
            continue
        listed = re.search(r"^dependencies = \[(.*?)\]", block, re.M | re.S)
        names = re.findall(r'"([^" ]+)[^"]*"', listed.group(1)) if listed else []
        deps.setdefault(name.group(1), set()).update(names)
    seen, todo = set(), [root]
    while todo:
        for d in deps.get(todo.pop(), ()):
            if d not in seen:
                seen.add(d)
                todo.append(d)
    return seen


def scan_bridge_no_c_ffi(path, text):
    code = _strip_keep_lines(_RUST_COMMENT, text)
    out = []
    for i, line in enumerate(code.split("\n"), 1):
        if re.search(r'\bextern\s+"C"', line):
            out.append(f'{_rel(path)}:{i}: the PyO3 bridge declares extern "C" (only the runtime calls C++): '
                       f"{line.strip()}")
        if re.search(r"#\[\s*link\b", line):
            out.append(f"{_rel(path)}:{i}: the PyO3 bridge links a native library: {line.strip()}")
    return out


def scan_bridge_cargo_toml(path, text):
    out, section = [], ""
    for i, raw in enumerate(text.split("\n"), 1):
        line = raw.split("#", 1)[0].strip()
        if line.startswith("["):
            section = line
            continue
        if re.match(r"links\s*=", line):
            out.append(f"{_rel(path)}:{i}: the PyO3 bridge links native code: {raw.strip()}")
        if "build-dependencies" in section and re.match(r"(cc|cmake)\b", line):
            out.append(f"{_rel(path)}:{i}: the PyO3 bridge builds C/C++ itself: {raw.strip()}")
    return out


# --------------------------------------------------------------------------
# The repository
# --------------------------------------------------------------------------

def _files(root, patterns):
    return sorted({p for pat in patterns for p in root.rglob(pat) if p.is_file()})


def _check(files, scanner, **kw):
    assert files, "no files found to scan (the scan must never pass vacuously)"
    violations = []
    for f in files:
        violations += scanner(f, f.read_text(encoding="utf-8", errors="replace"), **kw)
    assert not violations, _report(violations)


def test_python_layer_does_no_ffi_threads_or_element_math():
    _check(_files(PY_DIR, ["*.py"]), scan_python)


def test_corepy_imports_without_numpy():
    """Behavioural twin of the numpy rule: import corepy with numpy hidden."""
    from cp_testing import run_python

    code = ("import sys; sys.modules['numpy'] = None\n"
            "import corepy as cp\n"
            "t = cp.tensor([1.0, 2.0]) * 2\n"
            "assert t.tolist() == [2.0, 4.0], t.tolist()\n"
            "print(repr(t))\n")
    proc = run_python(code)
    assert proc.returncode == 0, proc.stderr[-3000:]


def test_cpp_never_sees_python():
    _check(_files(CSRC, ["*.cpp", "*.h", "*.hpp", "*.cc", "*.cu", "*.cuh"])
           + _files(CUDA, ["*.cpp", "*.h", "*.hpp", "*.cc", "*.cu", "*.cuh"]), scan_cpp, kernel_rules=False)


def test_cpp_kernels_do_not_allocate_thread_or_throw():
    files = [f for f in _files(CSRC, ["*.cpp", "*.h", "*.hpp", "*.cc"]) if (CSRC / "tests") not in f.parents]
    _check(files, scan_cpp)


def test_runtime_does_not_depend_on_pyo3():
    _check([RUNTIME / "Cargo.toml"], scan_cargo_toml_no_pyo3)
    _check(_files(RUNTIME, ["*.rs"]), scan_rust_no_pyo3)
    lock = REPO / "Cargo.lock"
    assert lock.exists(), f"{lock} is missing (under Bazel: add Cargo.lock to //:layer_sources)"
    tree = lock_dependency_tree(lock.read_text(), "corepy-runtime")
    assert "rayon" in tree, "Cargo.lock parse found no dependencies of corepy-runtime"
    assert not {d for d in tree if d.startswith("pyo3")}, f"corepy-runtime pulls in {sorted(tree)} per Cargo.lock"


def test_bridge_does_not_call_cpp():
    _check(_files(BRIDGE, ["*.rs"]), scan_bridge_no_c_ffi)
    _check([BRIDGE / "Cargo.toml"], scan_bridge_cargo_toml)


# --------------------------------------------------------------------------
# The scanners catch what they claim to catch
# --------------------------------------------------------------------------

BAD_PYTHON = '''\
import ctypes
import numpy as np
from concurrent.futures import ThreadPoolExecutor
import threading, os


def f(a, b, c):
    import multiprocessing
    for i in range(len(a)):
        c[i] = a[i] + b[i]
    total = 0
    for j in range(10):
        total += a[j]
    return [x[k] * 2 for k in range(3)], __import__("cffi"), importlib.import_module("_thread")
'''

GOOD_PYTHON = '''\
"""range(len(x)) in a docstring, import ctypes in prose: fine."""
import builtins


def f(shape, axes, ndim):
    import numpy as np  # lazily, inside a function
    n = 1
    for d in shape:
        n *= d
    axes = [ax % ndim for ax in axes]
    sizes = [shape[i] for i in axes]   # indexing without arithmetic
    text = "ctypes"  # a string, not an import
    return n, sizes, np, text
'''


def test_python_scanner_finds_violations():
    found = scan_python(Path("corepy/bad.py"), BAD_PYTHON)
    text = "\n".join(found)
    for expected in ("bad.py:1: imports ctypes", "bad.py:2: imports numpy at module level",
                     "bad.py:3: imports concurrent.futures", "bad.py:4: imports threading",
                     "bad.py:8: imports multiprocessing", "bad.py:9: range(len(...))",
                     "bad.py:10: element arithmetic in a Python loop: a[i] + b[i]",
                     "bad.py:13: element arithmetic in a Python loop: total += a[j]",
                     "bad.py:14: element arithmetic in a Python loop: x[k] * 2",
                     "bad.py:14: imports cffi", "bad.py:14: imports _thread"):
        assert expected in text, f"scanner missed {expected!r}; found:\n{text}"
    assert scan_python(Path("corepy/good.py"), GOOD_PYTHON) == []


BAD_CPP = '''\
#include <Python.h>
#include <vector>
#include <thread>
void k(const float* a, float* out, size_t n) {
  float* tmp = new float[n];
  std::vector<float> v(n);
  void* p = malloc(n);
  free(p);
  delete[] tmp;
  #pragma omp parallel for
  for (size_t i = 0; i < n; ++i) out[i] = a[i];
  if (n == 0) throw 1;
  std::thread t([]{});
}
'''

GOOD_CPP = '''\
// new, delete, malloc(, throw and std::vector in a comment are fine
/* #include <Python.h> in a block comment
   std::thread */
struct Guard { Guard(const Guard&) = delete; Guard& operator=(const Guard&) = delete; };
static const char* kName = "free( throw new";
extern "C" void cp_add_f32(const float* a, const float* b, float* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = a[i] + b[i];
}
'''


def test_cpp_scanner_finds_violations():
    found = "\n".join(scan_cpp(Path("csrc/kernels/bad.cpp"), BAD_CPP))
    for line, why in ((1, "Python.h"), (3, "starts threads"), (5, "new"), (6, "allocates a container"),
                      (7, "allocates or frees"), (8, "allocates or frees"), (9, "delete"), (10, "OpenMP"),
                      (12, "throws"), (13, "starts threads")):
        assert re.search(rf"bad\.cpp:{line}: [^\n]*{re.escape(why)}", found), f"missed line {line} ({why}):\n{found}"
    assert scan_cpp(Path("csrc/kernels/good.cpp"), GOOD_CPP) == []
    # The harness rule set (tests/) only forbids Python.
    only_python = scan_cpp(Path("csrc/tests/t.cpp"), BAD_CPP, kernel_rules=False)
    assert len(only_python) == 1 and "Python.h" in only_python[0]


def test_rust_scanners_find_violations():
    bad_runtime = "use std::ffi::c_void;\nuse pyo3::prelude::*;\n#[pyfunction]\nfn f() {}\n// pyo3 in a comment\n"
    found = scan_rust_no_pyo3(Path("rust/corepy-runtime/src/x.rs"), bad_runtime)
    assert [f.split(": ")[0] for f in found] == ["rust/corepy-runtime/src/x.rs:2", "rust/corepy-runtime/src/x.rs:3"]
    toml = '[dependencies]\nrayon = "1"\npyo3 = { workspace = true }\n# pyo3 only in a comment\n'
    assert [f.split(": ")[0] for f in scan_cargo_toml_no_pyo3(Path("rust/corepy-runtime/Cargo.toml"), toml)] == [
        "rust/corepy-runtime/Cargo.toml:3"]
    bad_bridge = ('use pyo3::prelude::*;\nextern "C" {\n    fn cp_add(a: *const f32);\n}\n'
                  '#[link(name = "corepy_kernels")]\n// extern "C" in a comment\n'
                  'pub unsafe extern "C" fn cb() {}\n')
    found = scan_bridge_no_c_ffi(Path("rust/corepy-python/src/x.rs"), bad_bridge)
    assert [f.split(": ")[0] for f in found] == ["rust/corepy-python/src/x.rs:2", "rust/corepy-python/src/x.rs:5",
                                                 "rust/corepy-python/src/x.rs:7"]
    bridge_toml = '[package]\nlinks = "k"\n[build-dependencies]\ncc = "1"\n[dependencies]\ncmake = "1"\n'
    found = scan_bridge_cargo_toml(Path("rust/corepy-python/Cargo.toml"), bridge_toml)
    assert [f.split(": ")[0] for f in found] == ["rust/corepy-python/Cargo.toml:2", "rust/corepy-python/Cargo.toml:4"]


def test_lock_parser_follows_transitive_dependencies():
    lock = '''
[[package]]
name = "corepy-runtime"
version = "0.1.0"
dependencies = [
 "rayon",
]

[[package]]
name = "rayon"
version = "1.10.0"
dependencies = [
 "pyo3-sneaky 0.1.0",
]

[[package]]
name = "pyo3-sneaky"
version = "0.1.0"
'''
    assert lock_dependency_tree(lock, "corepy-runtime") == {"rayon", "pyo3-sneaky"}


def test_check_reports_every_violation_with_its_location(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(BAD_PYTHON)
    with pytest.raises(AssertionError) as exc:
        _check([bad], scan_python)
    assert "bad.py:10:" in str(exc.value) and "a[i] + b[i]" in str(exc.value)
    with pytest.raises(AssertionError, match="vacuous"):
        _check([], scan_python)
