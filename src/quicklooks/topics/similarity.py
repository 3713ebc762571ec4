"""How alike two stories are, for the topics app.

The comparison is pure text code and lives in the text core
(:mod:`quicklooks.text.similarity`): shared named entities and TF-IDF text
similarity, blended. The topics app reads it through this module.
"""

from __future__ import annotations

from quicklooks.text.similarity import (
    Corpus,
    ENTITY_WEIGHT,
    SEMANTIC_FLOOR,
    STOPWORDS,
    StoryFeatures,
    THRESHOLD,
    best_group,
    cluster,
    entity_key,
    features_of,
    fold,
    pair_scores,
    terms_of,
)

_stem = fold  # the name the topics app's clustering used
