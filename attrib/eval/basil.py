"""Calibrate and score cross-outlet linking on BASIL stories.

BASIL tells the same story three times (Fox News, HuffPost, New York Times): claims from
the three articles of a story may link; claims from different stories must not. A
multi-outlet cluster is pure when all its claims come from one story; a story is covered
when it gets at least one multi-outlet cluster. `attrib eval basil DIR` builds a
throwaway database of all BASIL articles, analyzes and embeds them once, then scores the
linker (and a sweep of thresholds with --sweep).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any


from attrib.eval.claims import basil_text
from attrib.linking.cluster import LinkConfig, LinkItem, link

OUTLET_NAMES = {"fox": "Fox News", "hpo": "HuffPost", "nyt": "New York Times"}


def basil_records(root: str | Path) -> list[dict[str, Any]]:
    """BASIL articles as attrib JSON records, with their story (triplet-uuid)."""
    out = []
    for path in sorted(Path(root).glob("*/*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        text, _ = basil_text(d)
        out.append({"text": text, "title": d.get("title"), "outlet": OUTLET_NAMES.get(d["source"], d["source"]),
                    "url": d.get("url"), "published": d.get("date"), "story": d["triplet-uuid"],
                    "file": str(path.relative_to(root))})
    return out


def build_store(root: str | Path, db_path: str | Path, model: str | None = None):
    """Ingest, analyze and embed every BASIL article into `db_path` (reused if present),
    by the one run sequence (attrib.run.stages), linking left to the scorer."""
    from attrib.run.stages import run_paths
    from attrib.store.store import Store

    store = Store(db_path)
    records = basil_records(root)
    paths = []
    if store.counts()["articles"] == 0:
        jsonl = Path(db_path).with_suffix(".jsonl")
        jsonl.write_text("".join(json.dumps({k: r[k] for k in ("text", "title", "outlet", "url", "published")}) + "\n"
                                 for r in records), encoding="utf-8")
        paths = [str(jsonl)]
    report = run_paths(store, paths, model=model, link="embed")
    if report.link_error:
        from attrib.linking.embed import EmbeddingModelMissing

        raise EmbeddingModelMissing(report.link_error)
    return store, records


@dataclass
class BasilScore:
    threshold: float
    floor: float
    clusters: int
    pure: int
    stories: int
    covered: int
    pairs: int
    same_story_pairs: int

    @property
    def purity(self) -> float:
        return self.pure / self.clusters if self.clusters else 1.0

    @property
    def coverage(self) -> float:
        return self.covered / self.stories if self.stories else 0.0

    @property
    def pair_precision(self) -> float:
        return self.same_story_pairs / self.pairs if self.pairs else 1.0


def score_basil(store, records: list[dict[str, Any]], configs: list[LinkConfig], model: str | None = None,
                use_stories: bool = True, use_dates: bool = True) -> list[BasilScore]:
    from attrib.linking.embed import vectors_for
    from attrib.linking.stories import article_vectors, group_stories

    story_of_text = {r["text"]: r["story"] for r in records}
    arts = {a["article_id"]: (story_of_text.get(a["text"]), a["outlet"])
            for a in store.db.query("SELECT article_id, text, outlet FROM articles")}
    from attrib.linking.stage import claims_to_link

    claim_ids, claim_articles, hashes, keys, days = claims_to_link(store)
    vecs = vectors_for(store, hashes, model)
    article_ids = sorted(arts)
    story = group_stories(article_ids, article_vectors(article_ids, claim_articles, vecs)) \
        if use_stories else {a: None for a in article_ids}
    items = [LinkItem(cid, aid, story[aid], k, d if use_dates else None)
             for cid, aid, k, d in zip(claim_ids, claim_articles, keys, days)]
    n_stories = len({s for s, _ in arts.values()})
    out = []
    for config in configs:
        clusters = link(items, vecs, config)
        multi = [c for c in clusters if len({arts[items[m].article_id][1] for m in c}) >= 2]
        pure = sum(1 for c in multi if len({arts[items[m].article_id][0] for m in c}) == 1)
        covered = {arts[items[c[0]].article_id][0] for c in multi
                   if len({arts[items[m].article_id][0] for m in c}) == 1}
        pairs = same = 0
        for c in multi:
            for x in range(len(c)):
                for y in range(x + 1, len(c)):
                    a, b = arts[items[c[x]].article_id], arts[items[c[y]].article_id]
                    if items[c[x]].article_id != items[c[y]].article_id:
                        pairs += 1
                        same += a[0] == b[0]
        out.append(BasilScore(config.threshold, config.floor, len(multi), pure, n_stories, len(covered), pairs, same))
    return out


def story_grouping_score(store, records: list[dict[str, Any]], model: str | None = None) -> dict[str, float]:
    """Pairwise precision and recall of story grouping against BASIL's triplets."""
    from attrib.linking.embed import vectors_for
    from attrib.linking.stories import article_vectors, group_stories

    story_of_text = {r["text"]: r["story"] for r in records}
    arts = {a["article_id"]: story_of_text.get(a["text"]) for a in store.db.query("SELECT article_id, text FROM articles")}
    rows = list(store.db.query("SELECT article_id, text_hash FROM claims"))
    vecs = vectors_for(store, [r["text_hash"] for r in rows], model)
    ids = sorted(arts)
    story = group_stories(ids, article_vectors(ids, [r["article_id"] for r in rows], vecs))
    tp = fp = fn = 0
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            gold = arts[ids[i]] == arts[ids[j]]
            pred = story[ids[i]] == story[ids[j]]
            tp += gold and pred
            fp += pred and not gold
            fn += gold and not pred
    return {"precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 0.0,
            "pairs_predicted": tp + fp, "pairs_gold": tp + fn,
            "stories_found": sum(1 for n in Counter(story.values()).values() if n > 1)}
