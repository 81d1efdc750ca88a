"""`attrib eval`: scoring attrib on the public annotated sets (the only place the CLI
imports attrib.eval)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from attrib.cli.options import CONTEXT_SETTINGS, common, model_option, stderr_console, stdout_console


@click.group("eval", context_settings=CONTEXT_SETTINGS)
def eval_group() -> None:
    """Score attrib against annotated data."""


def _research_data(path: str, *kinds: str) -> str:
    """`path`, or one line saying it is not the data set the command scores on (checked
    before any model loads)."""
    from attrib.config import DATA_HINT, data_problem

    problems = [data_problem(path, k) for k in kinds]
    if all(problems):
        raise click.ClickException(f"{problems[0]}; {DATA_HINT}")
    return path


@eval_group.command("polnear")
@click.argument("directory")
@click.option("--limit", type=int, default=None, help="Score only the first N articles.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--nested", is_flag=True,
              help="Score nested attributions too (PolNeAR marks one level, so they count against attrib).")
@click.option("--unsourced", is_flag=True,
              help="Also count attrib's unsourced claims that lie inside a content the annotators attributed.")
@common
def eval_polnear_cmd(db_path: Path | None, directory: str, limit: int | None, as_json: bool, nested: bool,
                     unsourced: bool) -> None:
    """Score attribution on PolNeAR-style brat annotations (e.g. ../shared/data/polnear/dev).

    Per role (source, cue, content) exact and overlap P/R/F1, and relation F1 (content
    overlapping at least half the gold content, with a matching source). PolNeAR marks
    one level of attribution, so only outermost attributions are scored unless --nested.
    With --unsourced, also how many `unsourced` claims the annotators did attribute.
    """
    _research_data(directory, "polnear")
    from attrib.eval.polnear import evaluate_dir

    report, check = evaluate_dir(directory, limit=limit, nested=nested, unsourced=unsourced)
    scope = "every attribution" if nested else "outermost attributions"
    if as_json:
        extra = {"unsourced_check": check.as_dict()} if check is not None else {}
        click.echo(json.dumps({**report.as_dict(), "scope": scope, **extra}, indent=2))
        return
    from rich.table import Table

    rows = report.table()
    table = Table(title=f"PolNeAR · {directory} · {scope}", title_justify="left")
    for i, col in enumerate(rows[0]):
        table.add_column(col, justify="right" if i > 1 else "left")
    for row in rows[1:]:
        table.add_row(*row)
    stdout_console().print(table)
    if check is not None:
        cues = ", ".join(f"{c!r} {n}" for c, n in check.cues.most_common(8))
        stdout_console().print(f"unsourced claims the annotators attributed: {check.attributed} of "
                               f"{check.unsourced} ({check.share():.1%}); their cues: {cues}")


def _print_binary(title: str, rows: list[tuple[str, Any]]) -> None:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for col in ("measure", "P", "R", "F1", "tp", "pred", "gold"):
        table.add_column(col, justify="left" if col == "measure" else "right")
    for name, m in rows:
        if isinstance(m, float):
            table.add_row(name, "", "", f"{m:.3f}", "", "", "")
        else:
            table.add_row(name, f"{m.precision:.3f}", f"{m.recall:.3f}", f"{m.f1:.3f}",
                          str(int(m.tp)), str(int(m.n_pred)), str(int(m.n_gold)))
    stdout_console().print(table)


@eval_group.command("claimbuster")
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@common
def eval_claimbuster_cmd(db_path: Path | None, file: str, as_json: bool) -> None:
    """Score the check-worthiness model on ClaimBuster's held-out part (sentence_id % 5 == 0,
    never trained on), e.g. ../shared/data/checkworthiness/claimbuster/train.json."""
    _research_data(file, "claimbuster")
    from attrib.eval.claims import evaluate_claimbuster

    try:
        report = evaluate_claimbuster(file)
    except (ValueError, KeyError, TypeError) as e:
        raise click.ClickException(f"{file}: not ClaimBuster JSON ({e})") from None
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
        return
    _print_binary(f"ClaimBuster held-out · {file}", [
        ("check-worthy (1)", report.positive()), ("not (0)", report.negative()),
        ("macro F1", report.macro_f1()), ("weighted F1", report.weighted_f1())])


@eval_group.command("claims")
@click.argument("labels")
@click.argument("data")
@click.option("--split", type=click.Choice(["train", "test"]), default=None,
              help="Only the rows of this split (the later label files fix one; see the labelling guide).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@common
def eval_claims_cmd(db_path: Path | None, labels: str, data: str, split: str | None, as_json: bool) -> None:
    """Score claims and their status against hand labels: LABELS is a TSV by PolNeAR offsets
    (tests/data/news_claim_labels.tsv, DATA ../shared/data/polnear/dev), by BASIL ids
    (tests/data/basil_claim_labels.tsv, DATA ../shared/data/basil/articles) or by open_news
    ids (tests/data/open_news_claim_labels.tsv, DATA ../shared/data/open_news)."""
    _research_data(labels, "labels")
    if not (Path(data) / "articles.jsonl").is_file() and not (data.endswith(".jsonl") and Path(data).is_file()):
        _research_data(data, "polnear", "basil")
    from attrib.eval.claims import evaluate_news

    try:
        report = evaluate_news(labels, data, split)
    except (ValueError, KeyError) as e:
        raise click.ClickException(f"{labels}: {e}") from None
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
        return
    _print_binary(f"Claims · {labels}{f' · {split} split' if split else ''} · {report.n_articles} articles", [
        ("claim", report.claim.positive()),
        ("unsourced flag (on true claims)", report.unsourced_flag.positive()),
        ("status accuracy", report.status_accuracy())])
    d = report.as_dict()
    for key, what in (("source_agreement", "source agrees (labels naming one)"),
                      ("status_and_source", "status and source right")):
        if key in d:
            click.echo(f"{what}: {d[key]['right']}/{d[key]['n']} = {d[key]['share']:.3f}")
    click.echo("status (gold -> predicted): " + ", ".join(
        f"{g}->{p} {c}" for (g, p), c in sorted(report.status_confusion.items())))


@eval_group.command("basil")
@click.argument("directory")
@click.option("--work-db", type=click.Path(dir_okay=False), default=None,
              help="Where to keep the analyzed BASIL articles between runs (default: a temporary file).")
@click.option("--sweep", is_flag=True, help="Score a range of thresholds instead of the default only.")
@model_option
@common
def eval_basil_cmd(db_path: Path | None, directory: str, work_db: str | None, sweep: bool, model: str | None) -> None:
    """Score cross-outlet linking on BASIL stories (e.g. ../shared/data/basil/articles).

    A multi-outlet cluster is pure when all its claims come from one story; a story is
    covered when it gets a multi-outlet cluster. Also scores story grouping.
    """
    import tempfile

    _research_data(directory, "basil")
    from attrib.eval.basil import build_store, score_basil, story_grouping_score
    from attrib.linking.cluster import LinkConfig

    console = stderr_console()
    with tempfile.TemporaryDirectory() as tmp:
        path = work_db or str(Path(tmp) / "basil.db")
        with console.status("Analyzing and embedding the BASIL articles (about two minutes the first time)…"):
            store, records = build_store(directory, path, model)
        base = LinkConfig()
        configs = [LinkConfig(threshold=t, floor=round(t - 0.15, 2), cross_story=t,
                              cross_story_names=base.cross_story_names)
                   for t in ((0.6, 0.65, 0.7, 0.75, 0.8) if sweep else (base.threshold,))]
        scores = score_basil(store, records, configs, model)
        stories = story_grouping_score(store, records, model)
        store.close()
    from rich.table import Table

    t = Table(title=f"BASIL linking · {directory} · {len(records)} articles", title_justify="left")
    for col in ("threshold", "clusters", "pure", "purity", "stories covered", "coverage", "pair precision"):
        t.add_column(col, justify="right")
    for s in scores:
        t.add_row(f"{s.threshold:.2f}", str(s.clusters), str(s.pure), f"{s.purity:.3f}",
                  f"{s.covered}/{s.stories}", f"{s.coverage:.3f}", f"{s.pair_precision:.3f}")
    stdout_console().print(t)
    click.echo(f"story grouping: pairwise precision {stories['precision']:.3f}, recall {stories['recall']:.3f} "
               f"({stories['stories_found']} multi-article stories)")


@eval_group.command("ecbplus")
@click.argument("root", required=False, default=None)
@click.option("--within", type=click.Choice(["topic", "subtopic", "all"]), default="topic", show_default=True,
              help="Link sentences within each topic, each sub-topic, or all at once.")
@click.option("--thresholds", default="0.6,0.65,0.7,0.75,0.8,0.85", show_default=True, help="Comma-separated.")
@click.option("--k", type=int, default=None, help="Neighbours per sentence (default: the linker's).")
@common
def eval_ecbplus_cmd(db_path: Path | None, root: str | None, within: str, thresholds: str, k: int | None) -> None:
    """Score the claim linker on ECB+ cross-document event coreference (ROOT: the ecbplus
    data folder, default ../shared/data/ecbplus)."""
    import time

    from attrib.eval.ecbplus import DEFAULT_ROOT, sweep
    from attrib.linking.cluster import LinkConfig

    root = _research_data(root or str(DEFAULT_ROOT), "ecbplus")
    start = time.perf_counter()
    base = LinkConfig() if k is None else LinkConfig(k=k)
    sweep(root, [float(x) for x in thresholds.split(",")], within=within, base=base)
    click.echo(f"({time.perf_counter() - start:.1f} s)")
