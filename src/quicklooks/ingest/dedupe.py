"""Finding the same story when it arrives twice: same URL, same text, or near-identical text.

Near-identical text is found with MinHash over five-word shingles
(datasketch). Each signature is cut into LSH bands that are stored and
indexed, so the candidates for a new story are found with one query however
many stories are stored; each candidate's estimated Jaccard similarity then
decides.
"""

from __future__ import annotations

import hashlib
import re

from datasketch import MinHash

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE_WORDS = 5
MIN_SHARED_BANDS = 2
"""Bands two signatures must share to be compared: at similarity 0.8 that misses about 1 pair in 1,000."""
NEAR_THRESHOLD = 0.8
"""Estimated Jaccard similarity at or above which two texts are one story."""

_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def shingles(text: str) -> set[bytes]:
    words = normalise(text).split()
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str) -> list[int]:
    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    minhash.update_batch(list(shingles(text)))
    return [int(v) for v in minhash.hashvalues]


def bands(sig: list[int]) -> list[tuple[int, str]]:
    out = []
    for band in range(BANDS):
        rows = sig[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(",".join(map(str, rows)).encode(), digest_size=8).hexdigest()
        out.append((band, digest))
    return out


def similarity(a: list[int], b: list[int]) -> float:
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b) if x == y) / len(a)
