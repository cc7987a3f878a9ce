#!/usr/bin/env python3
"""Find import circles between the Rust modules of a crate.

    python3 tools/check_module_cycles.py [CRATE_SRC ...]

Default: rust/corepy-runtime/src and rust/corepy-python/src. A module is one
file (foo.rs or foo/mod.rs); module A uses module B when A's code (tests
and comments left out) names `crate::b...` or `super::b...`, or imports it
with `use`. Prints every circle (strongly connected set of modules) and
exits 1 if there is one. Re-exports count as uses: a circle through a
re-export is still a circle for the reader.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_of(src, path):
    rel = path.relative_to(src).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "mod":
        parts.pop()
    if parts in (["lib"], ["main"]):
        return "crate"
    return "::".join(parts)


def code_only(text):
    text = re.sub(r"#\[cfg\(test\)\]\s*mod\s+tests\s*\{.*", "", text, flags=re.S)  # test modules end the file here
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//.*", "", text)


def uses(mod, text, modules):
    found = set()
    parent = mod.rsplit("::", 1)[0] if "::" in mod else "crate"
    # crate::a::b..., super::x..., and `use` groups: crate::{a, b::c}
    for m in re.finditer(r"\b(crate|super)::(\{[^}]*\}|[\w:]+)", text):
        base = "" if m.group(1) == "crate" else ("" if parent == "crate" else parent + "::")
        body = m.group(2)
        paths = [p.strip() for p in body.strip("{}").split(",")] if body.startswith("{") else [body]
        for p in paths:
            p = re.sub(r"::\{.*", "", p).strip(":")
            segs = [s for s in p.split("::") if s and s != "self"]
            # the longest prefix that names a module
            for k in range(len(segs), 0, -1):
                cand = base + "::".join(segs[:k])
                if cand in modules:
                    found.add(cand)
                    break
    found.discard(mod)
    return found


def circles(graph):
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def check(src):
    files = {module_of(src, p): p for p in sorted(src.rglob("*.rs"))}
    # A parent module (ops/mod.rs) declaring and re-exporting children is the tree, not a use.
    graph = {}
    for mod, path in files.items():
        deps = uses(mod, code_only(path.read_text()), files)
        graph[mod] = {d for d in deps if d != "crate" and not d.startswith(mod + "::") and not mod.startswith(d + "::")}
    found = circles(graph)
    print(f"{src.relative_to(ROOT) if src.is_relative_to(ROOT) else src}: {len(files)} modules, {sum(len(v) for v in graph.values())} uses, {len(found)} circles")
    for c in found:
        ties = [f"{a} -> {b}" for a in c for b in sorted(graph[a]) if b in c]
        print("    circle: " + ", ".join(c) + "  (" + "; ".join(ties) + ")")
    return not found


def main():
    srcs = [Path(a).resolve() for a in sys.argv[1:]] or [ROOT / "rust/corepy-runtime/src", ROOT / "rust/corepy-python/src"]
    ok = all([check(s) for s in srcs])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
