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
def source_fingerprint(*parts: str) -> str:
    """A short hash of the named parts of ``storyline``, by relative path and content: every
    file of a sub-package (``"link"``, ``"reconcile"``: its sources and the data they read, such
    as the clusterer's ``cluster_model.json``; not the bytecode cache), or one file
    (``"model.py"``, ``"outlets.json"``)."""
    digest = hashlib.sha256()
    for name in parts:
        part = PACKAGE / name
        files = [part] if part.is_file() else sorted(part.rglob("*"))
        for path in (p for p in files if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
