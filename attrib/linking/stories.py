"""Stories: articles about the same event, so claims are compared within a story.

An article's vector is the mean of its claims' vectors; articles join a story by the
same average-linkage-with-a-floor rule the claim linker uses (attrib/linking/cluster.py), with
thresholds of their own, calibrated on BASIL's three-outlet stories.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from attrib.ids import content_id
from attrib.linking.cluster import LinkConfig, LinkItem, link

STORY_CONFIG = LinkConfig(threshold=0.7, floor=0.55, cross_story=1.01, k=10)


def article_vectors(article_ids: Sequence[str], claim_articles: Sequence[str], claim_vecs: np.ndarray) -> np.ndarray:
    """Unit mean of each article's claim vectors (zeros for an article with no claims)."""
    pos = {a: i for i, a in enumerate(article_ids)}
    dim = claim_vecs.shape[1] if claim_vecs.ndim == 2 and claim_vecs.size else 384
    out = np.zeros((len(article_ids), dim), dtype="float32")
    if len(claim_articles):
        np.add.at(out, np.fromiter((pos[a] for a in claim_articles), dtype=np.int64, count=len(claim_articles)),
                  claim_vecs)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)


def group_stories(article_ids: Sequence[str], vecs: np.ndarray, config: LinkConfig = STORY_CONFIG) -> dict[str, str]:
    """article_id -> story_id; an article alone is its own story."""
    items = [LinkItem(claim_id=a, article_id=a) for a in article_ids]
    has = np.linalg.norm(vecs, axis=1) > 0
    keep = [i for i in range(len(items)) if has[i]]
    story = {a: content_id("story", a) for a in article_ids}
    for members in link([items[i] for i in keep], vecs[keep], config):
        ids = sorted(article_ids[keep[m]] for m in members)
        sid = content_id("story", *ids)
        for a in ids:
            story[a] = sid
    return story
