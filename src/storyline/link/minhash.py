"""MinHash signatures of articles' content words, and the LSH test that finds candidate pairs.

The derivation search compares only articles that share much vocabulary: each article's
distinct content words outside quotations (``quote_mask.vocabulary``) get a MinHash signature
of ``NUM_PERM`` hash values; two articles are a candidate pair when their signatures are equal
in every row of at least one of the ``LSH_BANDS`` bands (datasketch's ``MinHashLSH`` test) and
the share of equal hash values, the estimated Jaccard of their vocabularies, reaches
``CANDIDATE_JACCARD``. ``Signatures`` runs that test against many signatures at once with numpy;
``band_keys`` names each band by one integer, so a store can index the bands of every stored
signature and find the colliding ones without reading the others (``Store.lsh_matches``).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt

NUM_PERM = 256
LSH_BANDS = (128, 2)  # 128 bands of 2 rows: a pair with content-word Jaccard 0.15 is found 95%
# (the stores index these bands by ``band_keys``, made for 2 rows: a new layout needs a migration)
CANDIDATE_JACCARD = 0.1  # estimated Jaccard below which a candidate pair is not aligned
PAIRS_AT_ONCE = 16384  # colliding pairs compared in one array (``colliding_pairs``)
SCANS = 32  # signatures compared row by row with a window before its LSH bands are bucketed

# a signature as stored (a list) or as read for a search (an array of uint64, converted once)
Signature = list[int] | npt.NDArray[np.uint64]
Key = TypeVar("Key", bound=Hashable)


def signatures_of(vocabularies: Sequence[Sequence[bytes]]) -> list[list[int] | None]:
    """The MinHash hash values of each vocabulary (None for an empty one)."""
    from datasketch import MinHash

    found = MinHash.bulk(vocabularies, num_perm=NUM_PERM) if vocabularies else []
    return [
        [int(v) for v in s.hashvalues] if words else None
        for words, s in zip(vocabularies, found, strict=True)
    ]


def band_keys(signature: Signature) -> list[int]:
    """The key of each LSH band of ``signature``, band by band: its two hash values as one
    signed 64-bit integer, ``(first << 32) | second``, wrapped to 64 bits.

    datasketch's hash values have 32 bits (``MinHash`` masks them with ``_max_hash``), so two
    bands have equal keys exactly when their values are equal. The store's migration
    ``0010_lsh_bands`` computes the same keys in SQL from the stored JSON; a test holds the
    two together."""
    bands, rows = LSH_BANDS
    values = np.asarray(signature, dtype=np.uint64)[: bands * rows].reshape(bands, rows)
    keys = (values[:, 0] << np.uint64(32)) | values[:, 1]
    return [int(key) for key in keys.view(np.int64)]


def colliding_pairs(signatures: Sequence[Signature | None]) -> set[tuple[int, int]]:
    """The index pairs (i < j) among ``signatures`` that ``Signatures.candidates`` gives: a
    whole LSH band equal and an estimated Jaccard of at least ``CANDIDATE_JACCARD``.

    Every signature against every other at once (the derivation search of a whole set): each
    band's rows are sorted by their values, so the rows that share it lie side by side, and
    the pairs found are counted equal in array operations, not looked up one by one."""
    kept = [i for i, signature in enumerate(signatures) if signature is not None]
    if len(kept) < 2:
        return set()
    matrix = np.stack([np.asarray(signatures[i], dtype=np.uint64) for i in kept])
    size = len(kept)
    bands, rows = LSH_BANDS
    codes = []  # each colliding pair (a < b, rows of ``matrix``) as a * size + b
    for band in range(bands):
        block = matrix[:, band * rows : (band + 1) * rows]
        order = np.lexsort(block.T[::-1])  # by the band's first value, then the next
        ordered = block[order]
        starts = np.flatnonzero(np.any(ordered[1:] != ordered[:-1], axis=1)) + 1
        ends = np.repeat(np.append(starts, size), np.diff(np.append(0, np.append(starts, size))))
        later = ends - np.arange(size) - 1  # rows after each row, in this order, of its run
        if later.any():  # pair each row with every later row of its run
            first = np.repeat(np.arange(size), later)
            second = np.arange(len(first)) - np.repeat(np.cumsum(later) - later, later) + first + 1
            a, b = order[first], order[second]
            codes.append(np.minimum(a, b) * size + np.maximum(a, b))
    if not codes:
        return set()
    ordered_codes = np.sort(np.concatenate(codes))
    unique = ordered_codes[np.append(True, ordered_codes[1:] != ordered_codes[:-1])]
    pairs = np.stack([unique // size, unique % size], axis=1)
    # datasketch's hash values have 32 bits (``band_keys``): compared as such, half the bytes
    narrow = matrix.astype(np.uint32) if int(matrix.max()) < 1 << 32 else matrix
    found: set[tuple[int, int]] = set()
    for chunk in range(0, len(pairs), PAIRS_AT_ONCE):
        part = pairs[chunk : chunk + PAIRS_AT_ONCE]
        equal = np.count_nonzero(narrow[part[:, 0]] == narrow[part[:, 1]], axis=1)
        near = part[equal / float(NUM_PERM) >= CANDIDATE_JACCARD]
        found.update((kept[a], kept[b]) for a, b in near.tolist())
    return found


class Signatures(Generic[Key]):
    """Signatures stacked once (keys and a matrix of uint64 rows), to test many against them:
    the first ``SCANS`` by comparing every row, the rest through buckets of band values (the
    same candidates; bucketing a window costs about as much as ``SCANS`` scans of it)."""

    def __init__(self, others: Mapping[Key, Signature | None]) -> None:
        kept = [(key, value) for key, value in others.items() if value is not None]
        self.keys = [key for key, _ in kept]
        self.matrix = (
            np.stack([np.asarray(value, dtype=np.uint64) for _, value in kept])
            if kept
            else np.zeros((0, NUM_PERM), dtype=np.uint64)
        )
        self._buckets: list[dict[bytes, list[int]]] | None = None
        self._asked = 0

    def _bands(self, signature: npt.NDArray[np.uint64]) -> list[bytes]:
        bands, rows = LSH_BANDS
        return [signature[b * rows : (b + 1) * rows].tobytes() for b in range(bands)]

    def candidates(self, signature: Signature) -> list[Key]:
        """The keys whose signatures share a whole LSH band with ``signature`` and whose
        estimated Jaccard reaches ``CANDIDATE_JACCARD``, in the order they were given."""
        if not self.keys:
            return []
        wanted = np.asarray(signature, dtype=np.uint64)
        self._asked += 1
        if self._asked <= SCANS:  # a few articles: compare with every row
            bands, rows = LSH_BANDS
            equal = self.matrix == wanted
            size = len(self.keys)
            collide = equal[:, : bands * rows].reshape(size, bands, rows).all(axis=2).any(axis=1)
            jaccard = equal.sum(axis=1) / float(NUM_PERM)
            found = np.flatnonzero(collide & (jaccard >= CANDIDATE_JACCARD))
            return [self.keys[i] for i in found]
        if self._buckets is None:  # many: each band's rows by their values, built once
            self._buckets = [{} for _ in range(LSH_BANDS[0])]
            for row, stored in enumerate(self.matrix):
                for band, value in zip(self._buckets, self._bands(stored), strict=True):
                    band.setdefault(value, []).append(row)
        colliding = sorted(
            {row for band, value in zip(self._buckets, self._bands(wanted), strict=True)
             for row in band.get(value, ())}
        )  # fmt: skip
        if not colliding:
            return []
        jaccard = (self.matrix[colliding] == wanted).sum(axis=1) / float(NUM_PERM)
        return [self.keys[colliding[i]] for i in np.flatnonzero(jaccard >= CANDIDATE_JACCARD)]
