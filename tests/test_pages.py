"""Splitting .txt/.md files into articles: plain files, the seed page, other layouts."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from attrib.ingest.boilerplate import (
    LINE_RULES, cut_bio, has_inline_furniture, line_rule, remove_urls, remove_widget_runs, site_name,
)
from attrib.text.credits import find_credit, trailing_wire
from attrib.ingest.pages import find_headers, split_page

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_NAME = "000_aaeb28f7ea0886f0.txt"
OPEN_NEWS = SHARED / "data" / "open_news" / "articles.jsonl"

FURNITURE = ["Taboola", "Sponsored Links", "Hashtags", "Try Our AI Features", "Comments", "Related Articles",
             "is a Senior sub-editor", "Read More", "https://", "No comments yet", "ANI file image"]


def squash(text: str) -> str:
    return " ".join(text.split())


# --- plain single articles -------------------------------------------------------------

PLAIN = (
    "Harbour council approves new ferry timetable\n\n"
    "WASHINGTON (AP) — The harbour council on Tuesday approved a new ferry timetable that adds "
    "14 crossings a week, its chair Ana Ruiz said.\n\n"
    "\"We listened to the islanders,\" Ruiz said.\n"
)


def test_plain_article_text_is_unchanged_with_title_and_wire():
    [art] = split_page(PLAIN, source_file="a.txt")
    assert art.text == PLAIN
    assert art.title == "Harbour council approves new ferry timetable"
    assert (art.wire, art.outlet, art.dateline) == ("AP", "AP", "WASHINGTON")
    assert (art.position, art.source_file, art.republished_by) == (0, "a.txt", None)


def test_polnear_style_title_with_final_period():
    text = "Mayor wins second term in close race.\n\nThe mayor won a second term on Sunday, officials said.\n"
    [art] = split_page(text)
    assert art.text == text
    assert art.title == "Mayor wins second term in close race."


def test_no_title_when_first_line_is_body_text():
    text = ("The council met on Tuesday and approved the plan after a long debate about costs.\n"
            "It will vote again in May.\n")
    [art] = split_page(text)
    assert art.text == text and art.title is None


def test_a_bare_link_or_one_prompt_does_not_make_a_page():
    text = ("Ferry fares frozen\n\nThe council froze ferry fares for a year, its chair said.\n"
            "https://example.org/video\nSubscribe to our newsletter\n")
    [art] = split_page(text)
    assert art.text == text  # offsets into the file stay valid


@pytest.mark.parametrize("opening,dateline,wire,date_text,published", [
    ("Qingdao [China], June 27 (ANI): Defence Minister Rajnath Singh held a meeting.", "Qingdao [China]", "ANI", "June 27", None),
    ("WASHINGTON (AP) — The Senate passed the bill.", "WASHINGTON", "AP", None, None),
    ("DEHRADUN: Uttarakhand chief minister Pushkar Singh Dhami on Friday conducted a survey.", "DEHRADUN", None, None, None),
    ("NEW DELHI, June 3 (Reuters) - India said on Tuesday it would act.", "NEW DELHI", "Reuters", "June 3", None),
    ("MANCHESTER, N.H., Jan. 5, 2016 (AP/Reuters) -- Voters lined up early.", "MANCHESTER, N.H.", "AP/Reuters", "Jan. 5, 2016", "2016-01-05"),
])
def test_credits_and_datelines(opening, dateline, wire, date_text, published):
    credit = find_credit(opening)
    assert credit is not None
    assert (credit.dateline, credit.wire, credit.date_text, credit.published) == (dateline, wire, date_text, published)


def test_caps_label_on_a_headline_is_not_a_dateline():
    assert find_credit("BUSTED: Emails reveal a plan.\n\nThe emails were released on Monday by the committee.") is None
    assert find_credit("Israel-Iran Conflict: After days of tensions, a ceasefire was reached.") is None


def test_trailing_wire_credit():
    assert trailing_wire("there is no joint communique either. (ANI)") == ("there is no joint communique either.", "ANI")
    assert trailing_wire("It ended there. (With inputs from PTI)")[1] == "PTI"
    assert trailing_wire("He met the AP reporter.")[1] is None


# --- boilerplate rules -----------------------------------------------------------------

def test_every_rule_says_why():
    assert all(rule.why and rule.name for rule in LINE_RULES)


@pytest.mark.parametrize("line", [
    "Comments", "No comments yet...", "Share", "Share this article", "Share on Facebook", "Follow us on Instagram",
    "Leave a comment", "Try Our AI Features", "Explore what Daily8 AI can do for you:", "Related Articles",
    "Also Read", "More from NewsHub", "Recommended", "Trending", "Hashtags", "Tags: politics, China", "Advertisement",
    "Subscribe to our newsletter", "Read More", "... Read More", "https://x.com/a/status/1", "Home | World | Politics",
    "© 2025 NewsHub. All rights reserved.",
])
def test_furniture_lines(line):
    assert line_rule(line) is not None


@pytest.mark.parametrize("line", [
    "Share prices fell sharply on Monday.", "Comments by the minister drew criticism, officials said.",
    "Sign up for the programme was slow, the ministry said.", "More than 20 people were hurt.",
    "Trending topics included the election.", "Tags were found on the birds' legs, researchers said.",
])
def test_prose_is_not_furniture(line):
    assert line_rule(line) is None


def test_site_names_from_furniture():
    assert site_name("Explore what Daily8 AI can do for you:") == "Daily8"
    assert site_name("© 2025 NewsHub. All rights reserved.") == "NewsHub"
    assert site_name("Download the Coastline Daily app") == "Coastline Daily"
    assert site_name("Subscribe to our newsletter") is None


def test_widget_run_leaves_one_space():
    text = ("It was a form of surrender. Recommended by Outbrain Sponsored Stories You May Like Ten gadgets "
            "everyone wants GadgetDaily Undo \"In these pages\" he said.")
    assert remove_widget_runs(text) == "It was a form of surrender. \"In these pages\" he said."
    prose = "You May Like this plan or not, the minister said."
    assert remove_widget_runs(prose) == prose


def test_inline_urls_are_dropped_but_link_words_kept():
    assert remove_urls("See [the report](https://example.org/r) at https://example.org/x.") == "See the report at."


def test_bio_is_cut_only_at_the_end():
    body = "First paragraph of the story, which is long enough to count. " * 10
    bio = "Jane Roe is a senior reporter at the Harbour Times. She covers transport."
    assert cut_bio(body + bio).rstrip() == body.rstrip()
    early = "Jane Roe is a senior reporter at the Harbour Times. " + body
    assert cut_bio(early) == early


# --- headers ---------------------------------------------------------------------------

@pytest.mark.parametrize("header,outlet,when", [
    ("Time of India\n39 minutes ago", "Time of India", "39 minutes ago"),
    ("India.com\nan hour ago", "India.com", "an hour ago"),
    ("Harbour Times\nUpdated: June 27, 2025 10:30 IST", "Harbour Times", "Updated: June 27, 2025 10:30 IST"),
    ("The Island Gazette\n\n27 Jun 2025", "The Island Gazette", "27 Jun 2025"),
    ("Wikinews · 3 hours ago", "Wikinews", "3 hours ago"),
    ("Global Voices | 14 June 2009", "Global Voices", "14 June 2009"),
    ("Coast News - yesterday", "Coast News", "yesterday"),
    ("bbc.co.uk · just now", "bbc.co.uk", "just now"),
    ("Reuters\n2019-08-19", "Reuters", "2019-08-19"),
])
def test_header_layouts(header, outlet, when):
    [h] = find_headers((header + "\nA headline\nBody text of the story goes here.").split("\n"))
    assert (h.outlet, h.time_text) == (outlet, when)


@pytest.mark.parametrize("text", [
    "He said so.\n39 minutes ago",  # a sentence is not an outlet
    "Officials in the capital of the country said\nan hour ago",  # too long
    "Related Articles\n2 hours ago",  # furniture is not an outlet
    "Harbour Times\nThe council met on Tuesday.",  # no time line
])
def test_not_headers(text):
    assert find_headers(text.split("\n")) == []


# --- a page laid out with invented text ------------------------------------------------

INVENTED_PAGE = """\
Coastline Daily
Home | News | Islands | Weather

Harbour council approves new ferry timetable
Share this article
PORTSMOUTH, March 5 (Reuters) - The harbour council on Tuesday approved a new ferry timetable that adds 14 crossings a week, its chair Ana Ruiz said.
Advertisement
"We listened to the islanders," Ruiz said, adding that the first new sailings would start in May. (Reuters)
Tags: ferries, islands
Comments
Be the first to comment...
Recommended

Island Gazette
2 hours ago
- Island Gazette
Lighthouse keeper retires after 40 years on the rock…
Reuters file photo ST. MARY'S: The last keeper of the Point lighthouse retired on Monday after 40 years, the trust that runs it said. by Taboola Sponsored Links You May Like Amazing garden tricks everyone should know GardenTips Undo The trust said the light would be automated next year. https://example.org/lighthouse
Read More

coastnews.co.uk · 3 hours ago
Storm closes coastal road for a second day
The coastal road stayed closed on Wednesday after a storm washed gravel across it, the county said. Crews expect to reopen it by Friday. Tom Reed is a reporter at Coast News. He covers weather and transport. ... Read More

Harbour Times
Updated: March 5, 2024 10:30 GMT
By Ana Ruiz
Fishermen protest quota cut
Fishermen blocked the harbour mouth for an hour on Tuesday to protest a cut in the cod quota, their union said.
Follow us on Facebook
Download the Coastline Daily app
© 2024 Coastline Daily. All rights reserved.
"""


def test_invented_page_is_split_and_cleaned():
    arts = split_page(INVENTED_PAGE, source_file="page.txt")
    assert [a.outlet for a in arts] == ["Reuters", "Island Gazette", "coastnews.co.uk", "Harbour Times"]
    assert [a.title for a in arts] == [
        "Harbour council approves new ferry timetable", "Lighthouse keeper retires after 40 years on the rock",
        "Storm closes coastal road for a second day", "Fishermen protest quota cut"]
    assert [a.position for a in arts] == [0, 1, 2, 3]
    lead, gazette, coast, times = arts
    assert (lead.wire, lead.dateline, lead.published_text, lead.republished_by) == (
        "Reuters", "PORTSMOUTH", "March 5", "Coastline Daily")
    assert lead.text == (
        "PORTSMOUTH, March 5 (Reuters) - The harbour council on Tuesday approved a new ferry timetable that adds "
        "14 crossings a week, its chair Ana Ruiz said.\n"
        "\"We listened to the islanders,\" Ruiz said, adding that the first new sailings would start in May.")
    assert gazette.text == (
        "ST. MARY'S: The last keeper of the Point lighthouse retired on Monday after 40 years, the trust that "
        "runs it said. The trust said the light would be automated next year.")
    assert (gazette.dateline, gazette.published_text, gazette.published) == ("ST. MARY'S", "2 hours ago", None)
    assert coast.text == ("The coastal road stayed closed on Wednesday after a storm washed gravel across it, "
                          "the county said. Crews expect to reopen it by Friday.")
    assert (times.published, times.extra.get("byline")) == ("2024-03-05", "Ana Ruiz")
    assert times.text == ("Fishermen blocked the harbour mouth for an hour on Tuesday to protest a cut in the "
                          "cod quota, their union said.")
    for art in arts:
        for junk in ("Share", "Advertisement", "Tags", "Comment", "Taboola", "Undo", "https://", "Read More",
                     "Follow us", "Coastline Daily", "is a reporter", "file photo"):
            assert junk not in art.text, (art.outlet, junk)


def test_title_above_a_one_line_header_belongs_to_that_article():
    page = ("Storm closes coastal road\nCoast News · 3 hours ago\n"
            "The coastal road stayed closed on Wednesday after a storm, the county said.\n")
    [art] = split_page(page)
    assert (art.outlet, art.title, art.position) == ("Coast News", "Storm closes coastal road", 0)


# --- the seed page ---------------------------------------------------------------------

def seed_text() -> str:
    for path in (ROOT / "corpus" / SEED_NAME, SHARED / "seed" / SEED_NAME):
        if path.exists():
            return path.read_text(encoding="utf-8").replace("\r\n", "\n")
    pytest.skip(f"the seed page {SEED_NAME} is in neither corpus/ nor ../shared/seed/")


def test_seed_page_has_four_articles():
    arts = split_page(seed_text(), source_file=SEED_NAME)
    assert [a.outlet for a in arts] == ["ANI", "Time of India", "India.com", "Indian Express"]
    assert [a.position for a in arts] == [0, 1, 2, 3]
    assert [a.title for a in arts] == [
        "Rajnath Singh discusses supply of S-400 systems, Su-30 MKI upgrades with Russian counterpart Belousov",
        "PM Modi revived 6 decade old Jamrani Dam project, aims for 2029 completion: Uttarakhand CM Dhami",
        "Was Irans Supreme Leader Khamenei A Target In Recent Conflict? Israeli Defence Minister Katz Reveals",
        "Rajnath at SCO meeting, Iran's trade ties with China, and a report that Xi may skip the BRICS summit in Brazil",
    ]
    lead = arts[0]
    assert (lead.republished_by, lead.wire, lead.dateline) == ("Daily8", "ANI", "Qingdao [China]")
    assert (lead.published_text, lead.published) == ("June 27", None)
    assert lead.text.startswith("Qingdao [China], June 27 (ANI): Defence Minister Rajnath Singh")
    assert lead.text.endswith("there is no joint communique either.")
    assert [a.published_text for a in arts[1:]] == ["39 minutes ago", "an hour ago", "an hour ago"]
    assert all(a.published is None for a in arts)
    assert arts[1].dateline == "DEHRADUN"


def test_seed_page_keeps_furniture_out_of_every_text():
    arts = split_page(seed_text())
    for art in arts:
        for junk in FURNITURE:
            assert junk not in art.text, (art.outlet, junk)
        assert art.title and art.title not in art.text
    toi = arts[1].text
    assert "staying silent was seen as a form of surrender. \"In these pages, one finds" in toi
    assert toi.startswith("DEHRADUN: Uttarakhand chief minister")
    assert arts[3].text.endswith("Winning those seats would give the DPP greater control over Parliament.")
    assert "Rajnath Singh stated that he and Belousov discussed" in arts[0].text


# --- another site's layout, built from openly licensed articles -------------------------

WIDGET = ("Recommended by Outbrain Sponsored Stories Promoted Links You May Like "
          "Ten gadgets everyone wants this year GadgetDaily Undo")
BIO = "Marta Quill is a staff writer at NewsHub covering world affairs. She lives in Lisbon."


def open_news_articles() -> list[dict]:
    """Three articles from ../shared/data/open_news (read at test time, never copied)."""
    if not OPEN_NEWS.exists():
        pytest.skip("needs ../shared/data/open_news/articles.jsonl (research data beside the repo), not present")
    records = [json.loads(line) for line in OPEN_NEWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    usable = [r for r in records if "http" not in r["text"] and r["text"].count("\n\n") >= 2]
    wikinews = [r for r in usable if r["outlet"].startswith("Wikinews")]
    voices = [r for r in usable if r["outlet"] == "Global Voices"]
    if len(wikinews) < 2 or not voices:
        pytest.skip("open_news has too few articles for the layout test")
    return [wikinews[0], voices[0], wikinews[-1]]


def lay_out(records: list[dict]) -> str:
    """Another site's page: one-line headers, share bar, ad slots, an inline widget, a bio."""
    lines = ["NewsHub", "Home | World | Politics", ""]
    for k, rec in enumerate(records):
        day = dt.date.fromisoformat(rec["date"])
        header = [f"{rec['outlet']} · {k + 3} hours ago",
                  f"{rec['outlet']} | {day.day} {day.strftime('%B %Y')}",
                  f"{rec['outlet']}\n{day.strftime('%b %d, %Y')}"][k % 3]
        paras = rec["text"].split("\n\n")
        m = re.search(r"[a-z]\. (?=[A-Z])", paras[0])
        if m:  # a widget flattened into the first paragraph, between two sentences
            paras[0] = f"{paras[0][:m.end() - 1]} {WIDGET} {paras[0][m.end():]}"
        if paras[-1].rstrip().endswith((".", '"', "”")):
            paras[-1] += " " + BIO
        else:
            paras.append(BIO)
        paras.insert(1, "Advertisement")
        lines += [header, rec["title"], "Share on Facebook", "Share on Twitter", "", "\n\n".join(paras), "",
                  "More from NewsHub", "Tags: world, politics", "", ""]
    lines += ["Follow us on Twitter", "© 2025 NewsHub. All rights reserved."]
    return "\n".join(lines)


def test_other_layout_from_open_news():
    records = open_news_articles()
    arts = split_page(lay_out(records), source_file="newshub.txt")
    assert len(arts) == 3
    for rec, art in zip(records, arts):
        assert art.outlet == rec["outlet"]
        assert art.title == rec["title"]
        assert squash(art.text) == squash(rec["text"])
        assert art.extra.get("site") == "NewsHub"
    assert arts[0].published_text == "3 hours ago" and arts[0].published is None
    assert arts[1].published == records[1]["date"]
    assert arts[2].published == records[2]["date"]
    for art in arts:
        for junk in ("Outbrain", "Sponsored", "Advertisement", "Share on", "Marta Quill", "More from", "Tags:"):
            assert junk not in art.text


# --- any text ----------------------------------------------------------------------------

try:
    from hypothesis import given, settings, strategies as st
except ImportError:  # hypothesis is a dev dependency; the rest of the module still runs
    given = None

PIECES = ["Reuters", "Time of India", "\n", "\n\n", "39 minutes ago", "Share", "Comments", "Related Articles",
          "by Taboola", "Undo", "https://x.org/a", " is a reporter. ", "June 27, 2025", "DEHRADUN: ", "(ANI)",
          "The council met on Tuesday and approved the plan, its chair said. ", "Title of a story", " · ", "… Read More"]


def check_any_text(text: str) -> None:
    arts = split_page(text)
    assert [a.position for a in arts] == list(range(len(arts)))
    assert all(a.text.strip() for a in arts)
    lines = text.split("\n")
    if text.strip() and not find_headers(lines) and not has_inline_furniture(text) \
            and not any(line_rule(x) for x in lines):
        assert [a.text for a in arts] == [text]  # a plain article: offsets into the file stay valid


if given is not None:
    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=40))
    def test_any_text_splits_without_error(pieces):
        check_any_text("".join(pieces))
else:
    def test_any_text_splits_without_error():
        pytest.skip("needs hypothesis (pip install -e '.[dev]')")
