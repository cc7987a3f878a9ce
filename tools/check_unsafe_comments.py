#!/usr/bin/env python3
"""Every `unsafe` block or impl in rust/ must state why it is sound: a
`// SAFETY:` comment on one of the 8 lines before it. (Type aliases of
`unsafe extern "C" fn` kernel pointers are declarations, not blocks.)
Exits 1 and lists the offenders otherwise."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
USE = re.compile(r"\bunsafe\s*(\{|impl\b|fn\b)")


def main() -> int:
    missing, checked = [], 0
    for path in sorted((ROOT / "rust").rglob("*.rs")):
        lines = path.read_text().splitlines()
        for i, line in enumerate(lines):
            code = line.split("//", 1)[0]
            if not USE.search(code) or re.search(r"type\s+\w+\s*=|extern\s+\"C\"", code):
                continue
            checked += 1
            if not any("SAFETY" in l for l in lines[max(0, i - 8): i + 1]):
                missing.append(f"{path.relative_to(ROOT)}:{i + 1}: {line.strip()}")
    for m in missing:
        print("unsafe without a SAFETY comment:", m)
    print(f"check_unsafe_comments: {checked} unsafe blocks/impls, {len(missing)} without a SAFETY comment")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
