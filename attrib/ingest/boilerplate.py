"""Site furniture on scraped pages, as general patterns.

A scraped page mixes articles with share bars, comment prompts, ad widgets, section
markers and author bios. Each rule below names one kind of furniture and says why it is
not article text; `pages.py` decides where on the page to apply them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from attrib.text.credits import match_credit


@dataclass(frozen=True)
class LineRule:
    """A whole line that is furniture, never article text."""

    name: str
    pattern: re.Pattern[str]
    why: str
    ends_body: bool = False  # a section marker: what follows, up to the next article, is furniture too


def _rule(name: str, pattern: str, why: str, ends_body: bool = False, flags: int = re.I) -> LineRule:
    return LineRule(name, re.compile(rf"(?:{pattern})\s*$", flags), why, ends_body)


# A site's name: capitalised words, dots only inside a word ("India.com"). Case-sensitive.
_SITE = r"(?-i:[A-Z0-9][\w&'’-]*(?:\.[\w&'’-]+)*(?:\s+[A-Z0-9][\w&'’-]*(?:\.[\w&'’-]+)*){0,3})"
# "© 2025", "Copyright © 2019-2025,", "(c) 2024": what precedes the owner's name in a footer.
_COPYRIGHT = r"(?:copyright\s*(?:©|\(c\))?|©|\(c\))\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
# Prompts are short imperatives; a finite verb in the line means it is a sentence of the story.
_NO_VERB = r"(?!.*\b(?:said|says|was|were|had|would|will|did)\b)"

LINE_RULES: tuple[LineRule, ...] = (
    _rule("share_bar",
          r"share(?:\s+(?:this|the)\s+(?:article|story|post|page))?(?:\s+(?:on|via|to|with)\s+[\w+ .]{1,30})?:?"
          r"|(?:tweet|pin|email|print)(?:\s+(?:this|it))?|copy\s+link|whatsapp|facebook|twitter|linkedin",
          "Share buttons scraped as text are the page's controls, not the story."),
    _rule("follow_prompt", rf"follow\s+(?:us|@?\w+)\s+on\b{_NO_VERB}.{{0,60}}",
          "'Follow us on …' invites readers to social media; it reports nothing."),
    _rule("subscribe_prompt", rf"(?:subscribe|sign\s+up)\b{_NO_VERB}[^.]{{0,80}}[.!]?",
          "Newsletter and paywall prompts are site marketing."),
    _rule("advertisement",
          r"(?:advertisement|advertising|sponsored|ad|ads|story\s+continues\s+below(?:\s+(?:this|the))?\s+advertisement"
          r"|continue\s+reading\s+below|scroll\s+to\s+continue(?:\s+with\s+content)?)",
          "Ad slot labels mark where an ad was cut out of the page."),
    _rule("read_more", r"(?:\.{3}|…)?\s*read\s+more(?:\s*[:»›>→].{0,120})?|click\s+here\b.{0,80}",
          "'Read More' links expand a teaser; the label itself is not text."),
    _rule("also_read", r"also\s+read\b.{0,160}|(?:read|see)\s+also\b.{0,160}",
          "An 'Also Read' line links another story; its headline is not this article's text."),
    _rule("download_app", rf"download\s+(?:the\s+)?{_NO_VERB}.{{0,40}}\bapp\b.{{0,60}}",
          "App download prompts are site marketing."),
    _rule("bare_url", r"(?:<?(?:https?://|www\.)\S+>?)",
          "A bare link line is an embed (a tweet, a video) that did not survive scraping."),
    _rule("caption_line",
          r"\(?(?:(?:[A-Z][\w.&'’-]*\s+){0,2}(?:file\s+)|representative\s+|representational\s+)"
          r"(?:image|photo(?:graph)?|picture|pic)s?\)?"
          r"|\(?(?:photo|image|picture)(?:\s+credit)?\s*:\s*[^.]{1,60}\)?",
          "A photo caption or credit on its own line belongs to an image that is gone."),
    _rule("nav_bar",
          r"(?-i:(?:[A-Z][\w&'’.-]*(?:\s+[\w&'’.-]+){0,2}\s*[|·•»›>/]\s*){2,}[A-Z][\w&'’.-]*(?:\s+[\w&'’.-]+){0,2})",
          "Section menus and breadcrumbs ('Home | World | Politics') are navigation."),
    _rule("ai_prompt", r"try\s+our\s+ai\s+features|explore\s+what\s+.{1,40}?\s+ai\s+can\s+do(?:\s+for\s+you)?:?",
          "Aggregator feature prompts sit between the story and the related list.", ends_body=True),
    _rule("hashtags", r"(?:hash)?tags?|(?:hash)?tags?\s*:.{0,200}|topics\s*:.{0,200}|filed\s+under\s*:?.{0,200}"
          r"|(?:#[^\W\d_]\w*[\s,]*){1,30}",
          "The tag list closes the article on most sites.", ends_body=True),
    _rule("comments",
          r"(?:\d+\s+)?comments?(?:\s*\(\d+\))?|(?:view|show|read|post|add|load)\s+(?:all\s+)?comments?"
          r"|no\s+comments\s+yet\.*|leave\s+a\s+(?:comment|reply)|be\s+the\s+first\s+to\s+comment\.*"
          r"|join\s+the\s+(?:conversation|discussion)",
          "The comment section follows the article; readers' posts are not its text.", ends_body=True),
    _rule("related",
          r"related(?:\s+(?:articles|stories|news|posts|coverage|content|links))?:?"
          r"|more\s+(?:from|on|in)\s+(?-i:(?:the\s+)?[A-Z0-9][\w.&'’-]*(?:\s+[A-Z0-9][\w.&'’-]*){0,4})"
          r"|more\s+(?:stories|news|articles)|recommended(?:\s+(?:for\s+you|stories|articles|reading))?"
          r"|trending(?:\s+(?:now|news|stories))?|most\s+(?:read|popular|viewed|shared)|popular(?:\s+(?:now|stories))?"
          r"|you\s+(?:may|might)\s+(?:also\s+)?like|top\s+stories|latest\s+news|what\s+to\s+read\s+next|don'?t\s+miss",
          "A related-stories list ends the article; the stories in it are headers of their own.", ends_body=True),
    _rule("copyright", rf"{_COPYRIGHT}{_SITE}.{{0,80}}|all\s+rights\s+reserved\.?",
          "The copyright footer closes the page.", ends_body=True),
)

# Lines longer than this are paragraphs, whatever words they start with.
MAX_CHROME_LINE = 220


def line_rule(line: str) -> LineRule | None:
    """The furniture rule a whole line matches, or None for article text."""
    s = line.strip()
    if not s or len(s) > MAX_CHROME_LINE:
        return None
    for rule in LINE_RULES:
        if rule.pattern.match(s):
            return rule
    return None


# --- site name -------------------------------------------------------------------------

_SITE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"explore\s+what\s+(?P<site>{_SITE})\s+AI\s+can\s+do", re.I),
    re.compile(rf"{_COPYRIGHT}(?P<site>{_SITE})", re.I),
    re.compile(rf"download\s+the\s+(?P<site>{_SITE})\s+app", re.I),
    re.compile(rf"more\s+from\s+(?P<site>{_SITE})\s*$", re.I),
)
_NOT_SITES = frozenset({"our", "us", "the", "this", "all", "ai", "app", "news", "today", "around the web"})


def site_name(line: str) -> str | None:
    """The site or aggregator a piece of furniture names ("Explore what Daily8 AI can do")."""
    s = line.strip()
    for pattern in _SITE_PATTERNS:
        m = pattern.search(s)
        if m:
            site = re.sub(r"\s+(?:All|Inc|Ltd|LLC|Pvt)\b.*$", "", m.group("site")).strip()
            if site and site.lower() not in _NOT_SITES:
                return site
    return None


# --- inline furniture ------------------------------------------------------------------

_WIDGET_TOKEN = (r"(?:by\s+(?:Taboola|Outbrain)|Recommended\s+by(?:\s+(?:Taboola|Outbrain))?|Taboola|Outbrain"
                 r"|Sponsored\s+(?:Links|Stories|Content|Ads)|Promoted\s+(?:Links|Stories|Content)|Paid\s+Content"
                 r"|You\s+May\s+(?:Also\s+)?Like|Around\s+the\s+Web|Ads\s+by\s+\w+)")
# A recommendation widget flattened into a paragraph: a run of its labels, then the ad
# teasers, closed by the widget's "Undo" (dismiss) button. Bounded, so it cannot eat prose.
WIDGET_RUN = re.compile(rf"{_WIDGET_TOKEN}(?:[ \t]+{_WIDGET_TOKEN})*(?:[^\n]{{0,300}}?\bUndo\b)?")
_STRONG_WIDGET = re.compile(r"Taboola|Outbrain|Sponsored|Promoted|Paid Content|Ads by")

_MD_LINK = re.compile(r"\[([^\]\n]{1,300})\]\((?:https?://|www\.)[^)\s]+\)")
BARE_URL = re.compile(r"<?\b(?:https?://|www\.)[^\s<>\"]+>?")
_URL_TAIL = ".,;:!?)]}'\"’”"
READ_MORE_TAIL = re.compile(r"(?:(?:\.{3}|…)\s*Read\s+[Mm]ore|(?<=\s)Read\s+More)\s*[»›>→]?\s*$")


def remove_widget_runs(text: str) -> str:
    """Drop Taboola/Outbrain-style widget runs; the sentences around them meet with one space."""
    out: list[str] = []
    pos = 0
    for m in WIDGET_RUN.finditer(text):
        if not _STRONG_WIDGET.search(m.group(0)) or m.start() < pos:
            continue  # "You May Like" alone can be prose
        before = text[pos:m.start()].rstrip(" \t")
        after = len(text[m.end():]) - len(text[m.end():].lstrip(" \t"))
        pos = m.end() + after
        at_edge = not before or before.endswith("\n") or text[pos:pos + 1] in ("", "\n")
        out += [before, "" if at_edge else " "]
    out.append(text[pos:])
    return "".join(out)


def remove_urls(text: str) -> str:
    """Keep a Markdown link's words, drop bare URLs: scraped URLs are dead embeds, not prose."""
    text = _MD_LINK.sub(r"\1", text)

    def repl(m: re.Match[str]) -> str:
        url = m.group(0)
        stripped = url.rstrip(_URL_TAIL)
        return url[len(stripped):]  # the sentence's own closing punctuation stays
    out = BARE_URL.sub(repl, text)
    if out != text:
        out = re.sub(r"[ \t]{2,}", " ", out)
        out = re.sub(r"(?<![ \t])[ \t]+(?=[.,;:!?])", "", out)
        out = re.sub(r"\(\s*\)", "", out).strip(" \t")
    return out


def strip_read_more(text: str) -> str:
    """Drop a trailing '… Read More' teaser link."""
    m = READ_MORE_TAIL.search(text)
    return text[:m.start()].rstrip() if m else text


_CAPTION = re.compile(
    r"(?:(?:[A-Z][\w.&'’-]*\s+){1,3}file\s+|(?:File|Representative|Representational)\s+|[A-Z][\w.&'’-]*\s+)"
    r"(?:image|photo(?:graph)?|picture|pic)s?(?:\s*\([^()\n]{1,40}\))?\s*[:|]?\s+")


def strip_caption(paragraph: str) -> str:
    """Drop a photo caption glued before a dateline ("ANI file image DEHRADUN: …")."""
    m = _CAPTION.match(paragraph)
    if m and match_credit(paragraph[m.end():]) is not None:
        return paragraph[m.end():]
    return paragraph


# A word of a person's name: "Rishika", "O'Neil", or an initial "J.".
_NAME_WORD = r"(?:[A-Z][\w'’-]+|[A-Z]\.)"
_BIO_ROLE = (r"(?:editor|sub-editor|reporter|correspondent|journalist|writer|columnist|contributor|author"
             r"|analyst|producer|anchor|freelancer|intern|fellow|blogger|critic|photographer|editorial\s+staff)")
# "<Name> is a Senior sub-editor at …": a bio starts with the writer's name and role.
BIO_START = re.compile(
    rf"(?:(?<=[.!?\"”’]\s)|(?<=\n)|^)(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})"
    rf"\s+(?:is|was|has\s+been|works\s+as)\s+(?:a|an|the|our)\s+[^.!?\n]{{0,120}}?\b{_BIO_ROLE}s?\b")
BIO_MAX = 900  # chars: bios are a few sentences; anything longer is article text
BIO_ZONE = 0.5  # only the last half of an article can hold its bio


def cut_bio(text: str) -> str:
    """Cut an author bio closing the article, from its first sentence to the end."""
    limit = max(len(text) - BIO_MAX, int(len(text) * BIO_ZONE))
    for m in BIO_START.finditer(text):
        if m.start() < limit:
            continue
        tail = text[m.start():]
        if re.search(r"[\"“”]|\b(?:said|told|says)\b", tail):
            continue  # quotes or reporting verbs: this is the story, not a bio
        return text[:m.start()].rstrip()
    return text


def clean_paragraph(paragraph: str) -> str:
    """All inline rules on one paragraph (a line of the page)."""
    return strip_read_more(remove_urls(remove_widget_runs(paragraph))).rstrip()


def has_inline_furniture(text: str) -> bool:
    """Whether the text holds furniture inside its paragraphs (a widget run, a '… Read More')."""
    if any(_STRONG_WIDGET.search(m.group(0)) for m in WIDGET_RUN.finditer(text)):
        return True
    return any(READ_MORE_TAIL.search(line) for line in text.split("\n"))


__all__ = [
    "LineRule", "LINE_RULES", "MAX_CHROME_LINE", "line_rule", "site_name", "remove_widget_runs",
    "remove_urls", "strip_read_more", "strip_caption", "cut_bio", "clean_paragraph",
    "has_inline_furniture", "WIDGET_RUN", "BARE_URL", "BIO_START",
]
