"""docs/porting-from-numpy.md stays true: every name its "present" tables
list exists in corepy (module names `f`, tensor members `t.f`) and exists in
NumPy under the same name (the page maps NumPy names to corepy's), and every
name its "not there yet" table lists is absent from corepy. The example at
the top of the page runs."""
import pathlib
import re

import numpy as np
import pytest

import corepy as cp

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "porting-from-numpy.md"
TEXT = DOC.read_text()


def names(marker):
    block = TEXT.split(f"<!-- names: {marker} -->", 1)[1].split("<!-- end names -->", 1)[0]
    rows = [line for line in block.splitlines() if line.startswith("|") and "`" in line]
    found = [n for row in rows for n in re.findall(r"`([^`]+)`", row.split("|")[2])]
    assert found, f"no names found in the {marker} table"
    return found


PRESENT = names("present")
ABSENT = names("absent")


def lookup(module, name):
    if name.startswith("t."):
        return getattr(module.ones((2, 2)), name[2:])
    return getattr(module, name)


@pytest.mark.parametrize("name", PRESENT)
def test_listed_name_exists_in_corepy_and_numpy(name):
    lookup(cp, name)  # AttributeError if the page promises a missing name
    lookup(np, name)  # the page maps NumPy's names: this must be one


@pytest.mark.parametrize("name", ABSENT)
def test_not_there_yet_names_are_absent(name):
    assert not hasattr(cp, name), f"docs/porting-from-numpy.md lists {name!r} as not there yet, but corepy has it"
    assert hasattr(np, name), f"{name!r} is not a NumPy name"


def test_no_name_is_listed_twice():
    assert len(set(PRESENT)) == len(PRESENT)
    assert not set(PRESENT) & set(ABSENT)


def test_the_example_at_the_top_runs():
    code = TEXT.split("```python", 1)[1].split("```", 1)[0]
    code = code.replace("import corepy as np", "import corepy as np  # noqa")
    namespace = {}
    exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 - the page's own example
    x = namespace["x"]
    assert isinstance(x, cp.Tensor)
