"""pytest set-up for tq's Python tests: the package from the build tree
(TQ_BUILD_DIR, default build/), its tools for the oracles."""

import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("TQ_BUILD_DIR", ROOT / "build")).resolve()
sys.path.insert(0, str(BUILD / "python"))
