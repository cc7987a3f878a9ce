"""Runs pytest under `bazel test` (the main of //tests:pytest).

Bazel runs tests from the runfiles tree of the main repository, where
corepy/ holds the Python sources and the compiled corepy/_corepy.so, so the
package imports as it would when installed. Arguments come from the target's
`args` (the test folder and pytest options) and from --test_arg.
"""
import os
import sys
import tempfile


def main() -> int:
    scratch = os.environ.get("TEST_TMPDIR") or tempfile.mkdtemp(prefix="corepy-pytest-")
    # Hypothesis keeps its example database under .hypothesis/ in the working
    # directory by default; the runfiles tree is not the place for it.
    os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(scratch, "hypothesis"))

    import pytest

    args = sys.argv[1:]
    # JUnit XML where Bazel collects it (bazel-testlogs/.../test.xml).
    xml = os.environ.get("XML_OUTPUT_FILE")
    if xml and not any(a.startswith("--junitxml") for a in args):
        args.append("--junitxml=" + xml)
    return int(pytest.main(args))


if __name__ == "__main__":
    sys.exit(main())
