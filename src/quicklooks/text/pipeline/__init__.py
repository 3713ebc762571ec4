"""The English pipeline quicklooks ships: tagger, morphologizer, parser and names.

The weights in ``en_quicklooks/`` are trained by ``pipeline/train.py`` in the
repository from UD English EWT (CC BY-SA 4.0) and CoreNLP's name annotations
of the PolNeAR articles; ``LICENSE.txt`` and ``NOTICE.md`` in this folder
carry their terms and credits. Nothing is downloaded: the pipeline loads from
this folder or not at all, and a missing or damaged copy is an error that
names the package to reinstall, never a silent fall-back to weaker rules.
"""

from __future__ import annotations

import gc
import threading
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).resolve().parent / "en_quicklooks"
COMPONENTS = ("tok2vec", "tagger", "morphologizer", "parser", "ner")


class PipelineError(RuntimeError):
    """The shipped pipeline cannot be loaded."""


_lock = threading.Lock()


@lru_cache(maxsize=1)
def load():
    """Load the pipeline once per process (loading takes about half a second)."""
    with _lock:
        try:
            import spacy
            from thinc.api import NumpyOps, use_ops  # spaCy's own numerical library
        except ImportError as error:  # spaCy is a hard dependency; say how to get it back
            raise PipelineError(
                f"spaCy is not installed ({error}). Reinstall quicklooks with its dependencies: "
                "pip install --force-reinstall quicklooks"
            ) from error
        if not (PATH / "meta.json").is_file():
            raise PipelineError(
                f"quicklooks' English pipeline is missing from {PATH}. Reinstall the quicklooks "
                "package (pip install --force-reinstall quicklooks), or rebuild it with "
                "'python pipeline/train.py all' in a checkout."
            )
        try:
            # thinc multiplies matrices with its bundled BLIS unless told
            # otherwise; numpy's OpenBLAS does the same products about 3x
            # faster on this project's x86 machines, which made the whole
            # pipeline 35-40% cheaper with token-for-token the same output
            # (bench/analysis.py, BENCHMARKS.md). Layers take the ops current
            # when they are built; a few (the parsers' output layers) are
            # built outside spacy.load's reach, so every layer is set after.
            with use_ops("numpy", use_blis=False):
                nlp = spacy.load(PATH)
            ops = NumpyOps(use_blis=False)
            for _, component in nlp.pipeline:
                for layer in component.model.walk():
                    layer.ops = ops
        except Exception as error:  # a damaged folder can fail in many library-specific ways
            raise PipelineError(
                f"quicklooks' English pipeline at {PATH} is damaged and cannot be loaded "
                f"({type(error).__name__}: {error}). Reinstall the quicklooks package "
                "(pip install --force-reinstall quicklooks)."
            ) from error
        missing = [name for name in COMPONENTS if name not in nlp.pipe_names]
        if missing:
            raise PipelineError(
                f"quicklooks' English pipeline at {PATH} lacks {', '.join(missing)}. Reinstall the "
                "quicklooks package (pip install --force-reinstall quicklooks)."
            )
        _keep_out_of_collections()
        return nlp


def _keep_out_of_collections() -> None:
    """Leave what is alive now, the pipeline above all, out of the collector's full passes.

    The pipeline lives as long as the process (load() runs once), and with
    spaCy and thinc it is some 200,000 objects that the cyclic collector
    walked on every full pass, which the tokens of a long story set off: at
    10,000 words one analysis met one such pass in two, 0.15 s of CPU, about
    as much as building the Document. Frozen, a pass walks only what came
    after (0.012 s). Garbage is collected first, so none of it is kept; the
    collector's thresholds and everything made later are untouched.
    """
    gc.collect()
    gc.freeze()
