#!/usr/bin/env python3
"""Count where ops and dtypes are spelled in the production sources.

    python3 tools/count_definitions.py [OP ...]

For each OP (default: sinh expm1), the production files that name it; then
the production files that enumerate dtypes: files naming at least half of
the dtypes in csrc/include/corepy/dtype_list.h, by NumPy name ("int16"),
enum ("DType::I16", "CP_DT_I16") or C type ("int16_t"). Production files are
the tracked sources under corepy/, rust/, csrc/ and cuda/, without tests.
Exits 1 when an op or the dtype list is spelled in more than --limit files
(default 3), so the count can guard the one-definition rule.
"""
import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r'^\s*X\((\w+),\s*(\w+),\s*(\w+),\s*\w+,\s*(\w+),\s*"(\w+)"', re.M)


def production_files():
    out = subprocess.run(["git", "ls-files", "corepy", "rust", "csrc", "cuda"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split()
    test = re.compile(r"(^|/)tests?/|(^|/)test_|_test\.|/benches/")
    return [p for p in out if not test.search(p) and p.endswith((".py", ".rs", ".h", ".cpp", ".cu", ".cuh"))]


def dtype_spellings():
    text = (ROOT / "csrc/include/corepy/dtype_list.h").read_text()
    rows = ROW.findall(text)
    if not rows:
        sys.exit("no rows found in dtype_list.h")
    spellings = {}
    for enum, _suffix, ctype, rust_name, name in rows:
        words = {name, f"DType::{rust_name}", f"CP_DT_{enum}"}
        if ctype.endswith("_t"):  # fixed-width C types name one dtype; float/double/uint8_t shared with bool stay out
            words.add(ctype)
        spellings[name] = words
    # uint8_t is both bool's and uint8's C type: it names neither on its own.
    shared = {w for n, ws in spellings.items() for w in ws if sum(w in o for o in spellings.values()) > 1}
    return {n: {w for w in ws if w not in shared} for n, ws in spellings.items()}


def code_only(path, text):
    """The text without comments and docstrings: an example in prose is not a list."""
    if path.endswith(".py"):
        text = re.sub(r'("""|\'\'\')(.|\n)*?\1', "", text)
        return re.sub(r"#.*", "", text)
    text = re.sub(r"/\*(.|\n)*?\*/", "", text)
    return re.sub(r"//.*", "", text)


def names_op(text, op):
    # The op as a word or inside an identifier (SinhOp, cp_sinh), not inside
    # another op's name (arcsinh).
    return re.search(r"(?<![a-z])" + re.escape(op) + r"(?![a-z])", text, re.I) is not None


def mentions(text, word):
    return re.search(r"(?<![\w:])" + re.escape(word) + r"(?!\w)", text) is not None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ops", nargs="*", default=["sinh", "expm1"])
    ap.add_argument("--limit", type=int, default=3)
    args = ap.parse_args()
    files = {p: code_only(p, (ROOT / p).read_text(errors="replace")) for p in production_files()}
    over = False
    for op in args.ops:
        hits = sorted(p for p, t in files.items() if names_op(t, op))
        over |= len(hits) > args.limit
        print(f"op {op!r}: {len(hits)} production files")
        for p in hits:
            print(f"    {p}")
    spell = dtype_spellings()
    need = (len(spell) + 1) // 2
    listing = []
    for p, t in sorted(files.items()):
        named = [n for n, ws in spell.items() if any(mentions(t, w) for w in ws)]
        if len(named) >= need:
            listing.append((p, named))
    over |= len(listing) > args.limit
    print(f"dtype enumerations ({len(spell)} dtypes; a file naming {need} or more): {len(listing)} production files")
    for p, named in listing:
        print(f"    {p} ({len(named)}: {', '.join(named)})")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
