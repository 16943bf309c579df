"""Commands this installation runs beside Python, such as the `oxigraph` of the PyPI package:
looked for in the virtual environment first, where pip put them, then on PATH."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def find_program(name: str) -> str | None:
    """The path of command ``name``, or None where it is not installed."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.is_file() else shutil.which(name)
