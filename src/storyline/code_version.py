"""The version of the code that computed a stored result, read from the code itself.

A hand-kept version string ("findings-1") is forgotten when a rule changes, and a store then
keeps results the new code would not give until someone runs ``storyline rebuild``. A hash of
the source files of the stages that compute a result changes whenever they do, so an upgraded
Storyline recomputes exactly the results its change can affect, on the next run.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


@cache
def source_fingerprint(*packages: str) -> str:
    """A short hash of every Python source file of the named sub-packages of ``storyline``
    (``"link"``, ``"reconcile"``), by relative path and content."""
    digest = hashlib.sha256()
    for name in packages:
        for path in sorted((PACKAGE / name).rglob("*.py")):
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
