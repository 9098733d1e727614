"""The ```python blocks of docs/python.md run as written, in order, from the
repository root (the doc test runs the ```sh blocks)."""

import os
import re

import pytest

from conftest import ROOT


def blocks():
    text = (ROOT / "docs/python.md").read_text()
    return re.findall(r"```python\n(.*?)```", text, re.S)


@pytest.mark.parametrize("index", range(len(blocks())))
def test_python_block_runs(index, capsys):
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(blocks()[index], f"docs/python.md block {index + 1}", "exec"), {})
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    if index == 0:
        # What the comments in the first block say it prints.
        assert "[-2.   -1.5  -1.   -0.5   0.    0.5   1.    1.5   1.75]" in out
        assert "mxfp4 4.25 mx {'element': 'fp4_e2m1'}" in out
