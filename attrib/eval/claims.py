"""Score claim detection: on ClaimBuster's held-out part, and on hand-labelled news.

`attrib eval claimbuster FILE` scores the check-worthiness model on the ClaimBuster
sentences it never trained on (sentence_id % 5 == 0). `attrib eval claims LABELS DIR`
runs the whole pipeline on PolNeAR articles and compares its claims and their status with
sentences the team labelled by hand (tests/data/news_claim_labels.tsv: article, offsets,
labels; the texts stay in ../shared). The same command reads labels by BASIL ids
(tests/data/basil_claim_labels.tsv) and by open_news ids (tests/data/open_news_claim_labels.tsv,
sentences found by `open_news_sentences`, labelled as tests/data/claim_labelling_guide.md says).
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attrib.types import overlap
from attrib.eval.scoring import PRF


def load_claimbuster(path: str | Path) -> list[dict[str, Any]]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_checkthat(path: str | Path) -> list[tuple[str, int]]:
    """(tweet text, class label) of a CheckThat! 2022 task 1 TSV."""
    with open(path, encoding="utf-8") as f:
        return [(r["tweet_text"], int(r["class_label"]))
                for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]


def held_out(row: dict[str, Any]) -> bool:
    """The fixed fifth of ClaimBuster that training never sees."""
    return int(row["sentence_id"]) % 5 == 0


@dataclass
class BinaryReport:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, gold: bool, pred: bool) -> None:
        if gold and pred:
            self.tp += 1
        elif pred:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    def positive(self) -> PRF:
        return PRF(tp=self.tp, n_pred=self.tp + self.fp, n_gold=self.tp + self.fn)

    def negative(self) -> PRF:
        return PRF(tp=self.tn, n_pred=self.tn + self.fn, n_gold=self.tn + self.fp)

    def weighted_f1(self) -> float:
        pos, neg = self.positive(), self.negative()
        total = pos.n_gold + neg.n_gold
        return (pos.f1 * pos.n_gold + neg.f1 * neg.n_gold) / total if total else 0.0

    def macro_f1(self) -> float:
        return (self.positive().f1 + self.negative().f1) / 2

    def as_dict(self) -> dict[str, Any]:
        return {"positive": self.positive().as_dict(), "negative": self.negative().as_dict(),
                "macro_f1": round(self.macro_f1(), 4), "weighted_f1": round(self.weighted_f1(), 4),
                "n": self.tp + self.fp + self.fn + self.tn}


def evaluate_claimbuster(path: str | Path, threshold: float | None = None) -> BinaryReport:
    """The check-worthiness model alone, on the held-out ClaimBuster sentences."""
    from attrib.analysis.claims.checkworthy import load_model
    from attrib.analysis.pipeline import load_pipeline

    model = load_model()
    if model is None:
        raise RuntimeError("no check-worthiness model in attrib/data/ (run scripts/train_checkworthy.py)")
    th = model.threshold if threshold is None else threshold
    rows = [r for r in load_claimbuster(path) if held_out(r)]
    nlp = load_pipeline()
    report = BinaryReport()
    with nlp.select_pipes(enable=["tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser", "ner"]):
        for row, doc in zip(rows, nlp.pipe((r["text"] for r in rows), batch_size=256)):
            report.add(bool(row["label"]), model.probability(doc[:]) >= th)
    return report


@dataclass
class Label:
    article: str  # PolNeAR article name, or BASIL file path relative to its articles/ folder
    start: int  # character offsets into the article text (for BASIL: filled in by basil_text)
    end: int
    claim: bool
    status: str | None
    note: str = ""
    where: tuple[int, int] | None = None  # BASIL and open_news (paragraph, sentence)
    kind: str = "polnear"  # polnear | basil | open_news
    source: list[str] = field(default_factory=list)  # the source's name(s), '|' apart, where labelled
    split: str = ""  # train | test where the file fixes one (tests/data/claim_labelling_guide.md)
    has_source: bool = False  # the file has a source column (open_news and the later labels)


def split_of(key: str) -> str:
    """The fixed split of the later label files: half the PolNeAR articles (BASIL stories)
    are `test`, by a hash of the name, so no run, person or result chooses the side."""
    return "test" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 else "train"


def load_labels(path: str | Path, split: str | None = None) -> list[Label]:
    """Labels by PolNeAR offsets (article, start, end), by BASIL ids (file, paragraph,
    sentence) or by open_news ids (id, paragraph, sentence, start, end), with a `source`
    and a `split` column where the file has them; never the texts themselves. `split`
    keeps only the rows of that split."""
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if split and (row.get("split") or "") != split:
                continue
            claim = row["claim"].strip() == "1"
            status = (row.get("status") or "").strip()
            status = status if claim and status not in ("", "-") else None
            names = [n.strip() for n in (row.get("source") or "").split("|") if n.strip() not in ("", "-")]
            common = {"note": row.get("note") or "", "source": names if claim else [], "split": row.get("split") or "",
                      "has_source": "source" in row}
            if "id" in row:
                out.append(Label(row["id"], int(row["start"]), int(row["end"]), claim, status,
                                 where=(int(row["paragraph"]), int(row["sentence"])), kind="open_news", **common))
            elif "article" in row:
                out.append(Label(row["article"], int(row["start"]), int(row["end"]), claim, status, **common))
            else:
                out.append(Label(row["file"], -1, -1, claim, status,
                                 where=(int(row["paragraph"]), int(row["sentence"])), kind="basil", **common))
    if split and not out:
        raise ValueError(f"no rows of split {split!r}")
    return out


def basil_text(article: dict[str, Any]) -> tuple[str, dict[tuple[int, int], tuple[int, int]]]:
    """A BASIL article as attrib ingests it (paragraphs apart by a blank line), with the
    offsets of each (paragraph, sentence)."""
    parts, offsets, pos = [], {}, 0
    for pi, para in enumerate(article["body-paragraphs"]):
        if pi:
            parts.append("\n\n")
            pos += 2
        for si, sent in enumerate(para):
            if si:
                parts.append(" ")
                pos += 1
            offsets[(pi, si)] = (pos, pos + len(sent))
            parts.append(sent)
            pos += len(sent)
    return "".join(parts), offsets


def _texts_for(labels: list[Label], data_dir: str | Path) -> dict[str, str]:
    """The labelled articles' texts; BASIL labels get their offsets here."""
    wanted = sorted({lab.article for lab in labels})
    if labels and labels[0].kind == "open_news":
        return _open_news_texts(labels, wanted, data_dir)
    if labels and labels[0].where is not None:
        texts, offsets = {}, {}
        for name in wanted:
            path = Path(data_dir) / name
            if not path.exists():
                raise ValueError(f"{path}: labelled article not found")
            texts[name], offsets[name] = basil_text(json.loads(path.read_text(encoding="utf-8")))
        for lab in labels:
            lab.start, lab.end = offsets[lab.article][lab.where]
        return texts
    from attrib.eval.brat import load_polnear

    gold = load_polnear(data_dir)
    missing = [a for a in wanted if a not in gold]
    if missing:
        raise ValueError(f"{len(missing)} labelled articles are not in {data_dir} (e.g. {missing[0]})")
    return {a: gold[a].text for a in wanted}


def _open_news_texts(labels: list[Label], wanted: list[str], data_dir: str | Path) -> dict[str, str]:
    """The labelled open_news articles (DATA is the folder or its articles.jsonl); each
    label's offsets must be the splitter's for its (paragraph, sentence)."""
    path = Path(data_dir)
    path = path / "articles.jsonl" if path.is_dir() else path
    if not path.is_file():
        raise ValueError(f"{path}: open_news articles.jsonl not found")
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                rows[row["id"]] = row["text"]
    missing = [a for a in wanted if a not in rows]
    if missing:
        raise ValueError(f"{len(missing)} labelled articles are not in {path} (e.g. {missing[0]})")
    sentences = {a: open_news_sentences(rows[a]) for a in wanted}
    for lab in labels:
        if sentences[lab.article].get(lab.where) != (lab.start, lab.end):
            raise ValueError(f"{lab.article} {lab.where}: offsets {lab.start}-{lab.end} are not the sentence's "
                             f"{sentences[lab.article].get(lab.where)} (the text or the splitter changed)")
    return {a: rows[a] for a in wanted}


@dataclass
class NewsReport:
    claim: BinaryReport = field(default_factory=BinaryReport)
    unsourced_flag: BinaryReport = field(default_factory=BinaryReport)  # over gold claims found as claims
    status_confusion: Counter = field(default_factory=Counter)  # (gold, predicted) over claims both found
    n_articles: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    # labels that name a source (open_news): [agree, total] over gold claims found as claims
    source_agreement: list[int] = field(default_factory=lambda: [0, 0])
    # status right and, where the label names one, a source that agrees: [right, total]
    status_and_source: list[int] = field(default_factory=lambda: [0, 0])

    def status_accuracy(self) -> float:
        total = sum(self.status_confusion.values())
        right = sum(c for (g, p), c in self.status_confusion.items() if g == p)
        return right / total if total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "n_articles": self.n_articles,
            "claim": self.claim.as_dict(),
            "unsourced_flag": self.unsourced_flag.as_dict(),
            "status_accuracy": round(self.status_accuracy(), 4),
            "status_confusion": {f"{g}->{p}": c for (g, p), c in sorted(self.status_confusion.items())},
            **({"source_agreement": _ratio(self.source_agreement), "status_and_source": _ratio(self.status_and_source)}
               if self.status_and_source[1] else {}),
        }


def _ratio(pair: list[int]) -> dict[str, Any]:
    right, total = pair
    return {"right": right, "n": total, "share": round(right / total, 4) if total else 0.0}


def evaluate_news(labels_path: str | Path, data_dir: str | Path, split: str | None = None) -> NewsReport:
    """Run the pipeline on the labelled articles; a labelled sentence is predicted a claim
    when a claim covers at least half of it. `data_dir` is a PolNeAR split, BASIL's
    articles/ folder or the open_news folder, whichever the labels refer to."""
    from attrib.analysis.rows import analyze_doc
    from attrib.analysis.pipeline import load_pipeline

    labels = load_labels(labels_path, split)
    texts = _texts_for(labels, data_dir)
    names = sorted(texts)
    nlp = load_pipeline()
    report = NewsReport(n_articles=len(names))
    claims_of: dict[str, list[dict[str, Any]]] = {}
    for name, doc in zip(names, nlp.pipe((texts[a] for a in names), batch_size=16)):
        claims_of[name] = analyze_doc(doc, name, "outlet").claims
    for lab in labels:
        span = (lab.start, lab.end)
        found = [c for c in claims_of[lab.article] if overlap((c["start"], c["end"]), span) >= 0.5 * (lab.end - lab.start)]
        pred = found[0] if found else None
        report.claim.add(lab.claim, pred is not None)
        if lab.claim != (pred is not None):
            report.errors.append({"article": lab.article, "start": lab.start, "end": lab.end,
                                  "gold": "claim" if lab.claim else "not", "pred": pred and pred["checkworthy"]})
        if lab.claim and pred is not None and lab.status:
            report.status_confusion[(lab.status, pred["status"])] += 1
            report.unsourced_flag.add(lab.status == "unsourced", pred["status"] == "unsourced")
            if lab.has_source:
                names = pred.get("sources") or "[]"
                agree = source_agrees(lab.source, json.loads(names) if isinstance(names, str) else names)
                if lab.source:
                    report.source_agreement[0] += agree
                    report.source_agreement[1] += 1
                report.status_and_source[0] += lab.status == pred["status"] and (agree or not lab.source)
                report.status_and_source[1] += 1
    return report


def _name_words(name: str) -> list[str]:
    words = re.findall(r"\w+", name.lower())
    return words[1:] if words[:1] == ["the"] else words


def source_agrees(gold: list[str], predicted: list[str]) -> bool:
    """A predicted source names the labelled one: one name's words are a run of the
    other's ("Kosiec" and "Monika Kosiec", "the BBC" and "BBC"); case and a leading
    "the" are ignored."""
    for g in map(_name_words, gold):
        for p in map(_name_words, predicted):
            short, long_ = sorted((g, p), key=len)
            if short and any(long_[i:i + len(short)] == short for i in range(len(long_) - len(short) + 1)):
                return True
    return False


# open_news: plain texts, paragraphs apart by a blank line, sentences found by a fixed
# splitter (not spaCy's, so the labels' indices do not move when the model changes).
_ABBREV = {"mr", "mrs", "ms", "dr", "prof", "st", "gen", "gov", "sen", "rep", "lt", "col", "sgt",
           "capt", "jr", "sr", "no", "vs", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr",
           "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "u.s", "u.k", "u.n"}
_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")


def split_sentences(para: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one paragraph: a break after . ! ? (and closing
    quotes) before a capital or digit, except after a known abbreviation or an initial."""
    out, start = [], 0
    for m in _BOUNDARY.finditer(para):
        word = re.search(r"(\S+?)[.!?]+[\"'”’)\]]*$", para[start:m.end()])
        token = word.group(1).lower().lstrip("\"'“‘([") if word else ""
        if para[m.start()] == "." and (token in _ABBREV or re.fullmatch(r"[a-z]", token)):
            continue
        out.append((start, m.end()))
        start = m.end()
        while start < len(para) and para[start].isspace():
            start += 1
    if start < len(para.rstrip()):
        out.append((start, len(para.rstrip())))
    return out


def open_news_sentences(text: str) -> dict[tuple[int, int], tuple[int, int]]:
    """(paragraph, sentence) -> (start, end) in the article text; paragraphs are the
    blocks between blank lines, empty ones skipped (and not counted)."""
    offsets: dict[tuple[int, int], tuple[int, int]] = {}
    pi = 0
    for m in re.finditer(r"[^\n](?:.|\n(?!\s*\n))*", text):
        block = m.group(0)
        lead = len(block) - len(block.lstrip())
        if not block.strip():
            continue
        for si, (a, b) in enumerate(split_sentences(block[lead:])):
            offsets[(pi, si)] = (m.start() + lead + a, m.start() + lead + b)
        pi += 1
    return offsets
