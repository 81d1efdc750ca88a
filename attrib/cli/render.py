"""The one-screen summary `attrib run` ends with."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from attrib.linking.compare import LINK_FLAGS, cluster_counts
from attrib.records.output import clusters_phrase, plural
from attrib.ingest.stage import IngestReport
from attrib.store.store import Store


# Control characters shown as their visible symbols (U+2400…), so a title cannot move the
# cursor or colour the terminal.
_VISIBLE = {c: 0x2400 + c for c in range(32) if c not in (9, 10)} | {0x7F: 0x2421} | \
    {c: 0xFFFD for c in range(0x80, 0xA0)}


def plain(value: object, style: str = "") -> Text:
    """Data as literal text: "[/]" in an outlet's name is not Rich markup, and control
    characters are not sent to the terminal."""
    return Text("" if value is None else str(value).translate(_VISIBLE), style=style)


def print_summary(store: Store, report: IngestReport, *, analyzed: int,
                  console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    if not console.is_terminal:
        console.width = max(console.width, 110)
    c = store.counts()
    table = Table(title=plain(f"attrib · {store.path}"), title_justify="left", expand=True)
    table.add_column("outlet", no_wrap=True, min_width=10)
    table.add_column("title", overflow="ellipsis", no_wrap=True, ratio=1, min_width=20)
    table.add_column("published", no_wrap=True, max_width=16, overflow="ellipsis")
    table.add_column("claims", justify="right", no_wrap=True)
    table.add_column("unsourced", justify="right", no_wrap=True)
    rows = list(store.db.query(
        """SELECT a.outlet, a.title, coalesce(a.published, a.published_text) AS published,
                  a.republished_by, count(c.claim_id) AS claims,
                  sum(c.status = 'unsourced') AS unsourced
           FROM articles a LEFT JOIN claims c ON c.article_id = a.article_id
           GROUP BY a.article_id ORDER BY a.source_file, a.position LIMIT 15"""))
    for r in rows:
        outlet = r["outlet"] + (f" (via {r['republished_by']})" if r["republished_by"] else "")
        table.add_row(plain(outlet), plain(r["title"] or "—"), plain(r["published"] or "—"), str(r["claims"]),
                      str(r["unsourced"] or 0))
    if c["articles"] > len(rows):
        table.caption = f"… and {plural(c['articles'] - len(rows), 'more article')}"
    console.print(table)
    console.print(
        f"[bold]{plural(c['articles'], 'article')}[/] from {plural(c['outlets'], 'outlet')} "
        f"({report.new_articles} new, {analyzed} analyzed"
        + (f"; {plural(report.files_read, 'file')} read, {report.files_skipped} unchanged"
           if report.files_read or report.files_skipped or not report.web_inputs else "")
        + (f"; {plural(report.pages_fetched, 'URL')} fetched, {report.pages_failed} failed, "
           f"{report.pages_skipped} skipped, {plural(report.new_versions, 'new version')}"
           if report.web_inputs else "")
        + ") · "
        f"[bold]{plural(c['claims'], 'claim')}[/] · {plural(c['attributions'], 'attribution')} · "
        f"[bold]{c['unsourced']}[/] unsourced · {clusters_phrase(cluster_counts(store))}"
        + (f" · [red]{plural(len(report.problems), 'input problem')}[/]" if report.problems else "")
    )


_STATUS_STYLE = {"unsourced": "bold red", "anonymous": "yellow", "vague": "magenta", "sourced": "green"}


def flag_table(records: list[dict]) -> Table:
    """`attrib flag --format table`: one row per claim, its title and context beneath it."""
    table = Table(title=f"{plural(len(records), 'claim')} that need{'s' if len(records) == 1 else ''} a source, "
                        "most check-worthy first",
                  title_justify="left", expand=True, show_lines=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("outlet", no_wrap=True, max_width=18, overflow="ellipsis")
    table.add_column("claim", ratio=1)
    for r in records:
        extra = [f for f in r["flags"] if f not in ("unsourced", "anonymous_only", "vague_only")]
        status = f"[{_STATUS_STYLE.get(r['status'], '')}]{r['status']}[/]" + "".join(f"\n{f}" for f in extra)
        who = ", ".join(r["sources"]) if r["sources"] else ""
        body = plain(r["text"])
        if who:
            body.append_text(plain(f"\nsource: {who}", "dim"))
        body.append_text(plain(f"\n{r['title'] or '(untitled)'}", "dim italic"))
        table.add_row(f"{r['checkworthy']:.2f}", status, plain(r["outlet"]), body)
    return table


def compare_tables(records: list[dict], start: int = 1) -> list[Table]:
    """`attrib compare`: one table per cluster, a row per outlet's version of the claim
    (numbered from `start`)."""
    tables = []
    for n, r in enumerate(records, start):
        label = r["label"] if len(r["label"]) <= 110 else r["label"][:109] + "…"
        t = Table(title=plain(f"{n}. {label}"), title_justify="left", expand=True, show_lines=True,
                  caption=f"{plural(len(r['outlets']), 'outlet')} · {plural(r['size'], 'claim')} · "
                          f"cohesion {r['cohesion'] or 0:.2f}",
                  caption_justify="left")
        t.add_column("outlet", no_wrap=True, max_width=18, overflow="ellipsis")
        t.add_column("status", no_wrap=True)
        t.add_column("sourced to", max_width=30)
        t.add_column("wording", ratio=1)
        for c in r["coverage"]:
            flags = [f for f in c["flags"] if f in LINK_FLAGS]
            status = f"[{_STATUS_STYLE.get(c['status'], '')}]{c['status']}[/]" + "".join(
                f"\n[bold red]{f}[/]" for f in flags)
            chain = " → ".join(c["chain"]) if len(c["chain"]) > 1 else "—"
            t.add_row(plain(c["outlet"]), status, plain(chain), plain(c["text"]))
        tables.append(t)
    return tables


def edits_table(records: list[dict]) -> Table:
    """`attrib compare --edits`: each edit to attribution, before and after side by side."""
    t = Table(expand=True, show_lines=True)
    t.add_column("outlet", no_wrap=True, max_width=18, overflow="ellipsis")
    t.add_column("article", max_width=28)
    t.add_column("edit", no_wrap=True)
    t.add_column("before", ratio=1)
    t.add_column("after", ratio=1)
    t.add_column("versions", no_wrap=True)

    def side(text: str | None, status: str | None, sources: list | None) -> Text:
        if text is None:
            return plain("(gone)", "dim")
        out = Text()
        out.append_text(plain(status, _STATUS_STYLE.get(status or "", "")))
        if sources:
            out.append_text(plain(" · " + ", ".join(sources)))
        out.append_text(plain("\n" + text))
        return out

    for r in records:
        t.add_row(plain(r["outlet"]), plain(r["title"] or "(untitled)"), plain(r["kind"], "bold red"),
                  side(r["before_text"], r["before_status"], r["before_sources"]),
                  side(r["after_text"], r["after_status"], r["after_sources"]),
                  f"{r['from_version']} → {r['to_version']}")
    return t


def outlet_table(records: list[dict]) -> Table:
    """`attrib compare --outlets`: how each outlet sources what it prints."""
    t = Table(title="How each outlet sources its claims", title_justify="left", expand=True)
    t.add_column("outlet", no_wrap=True)
    for col in ("articles", "claims", "sourced", "anonymous", "vague", "unsourced", "via wire", "only here"):
        t.add_column(col, justify="right", no_wrap=True)
    t.add_column("top sources", ratio=1)

    def pct(k: int, n: int) -> str:
        return f"{k} ({100 * k / n:.0f}%)" if n else "0"

    for r in records:
        n = r["claims"]
        tops = ", ".join(f"{name} ({k})" for name, k in r["top_sources"][:3])
        t.add_row(plain(r["outlet"]), str(r["articles"]), str(n), pct(r["sourced"], n), pct(r["anonymous"], n),
                  pct(r["vague"], n), pct(r["unsourced"], n), pct(r.get("via_wire", 0), n),
                  str(r.get("only_here", n)), plain(tops))
    return t
