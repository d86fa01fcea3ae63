"""Stage "metadata": what the text says about itself.

Reads ``original_text`` (before cleaning: the "Stand:" line and the agency
dateline are evidence that cleaning removes or keeps) and ``meta``; writes ``meta``.

Publication time, in order of trust:
1. a value the user stated (caller ``--published``, a JSONL record): kept as given;
2. the page's own words: "Stand: 02.09.2025 10:10 Uhr" (the last update; a liveblog's
   entry lines "04.11.2024 • 23:36 Uhr" are entry times, never the publication time),
   or a leading " date 2025-09-02" header;
3. HTML metadata / JSON-LD / the feed date, as set at ingest;
4. weaker words of the page, used only when nothing above gave a time: a lone date line
   near the top of a non-liveblog ("24.10.2025, 18:45 Uhr") and the date of a regional
   press dateline ("Bad Kreuznach, 16.10.2025 – ", day precision).
Nothing is ever invented: without evidence ``published`` stays None.
"""
from __future__ import annotations

import re
from datetime import datetime

from lagebild.config import Settings
from lagebild.document import Document, DocumentKind
from lagebild.ingest.decode import local_naive
from lagebild.pipeline import register_stage

HEAD_LINES = 12  # publication / kind markers are looked for near the top only
TAIL_LINES = 4  # ... and a "Stand:" line also at the very end

STAND_LINE = re.compile(
    r"^[ \t]*Stand:?[ \t]*(?P<d>\d{1,2})\.[ \t]?(?P<m>\d{1,2})\.[ \t]?(?P<y>\d{4}),?[ \t]*(?:um[ \t]*)?"
    r"(?:(?P<H>\d{1,2})[:.](?P<M>\d{2})[ \t]*(?:Uhr)?)?[ \t]*$",
    re.MULTILINE,
)
DATE_HEADER = re.compile(r"\A[ \t]*date[ \t]+(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<H>\d{2}):(?P<M>\d{2}))?")
ENTRY_TIMESTAMP = re.compile(
    r"^[ \t]*(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})[ \t]*[•·|,–-][ \t]*(?P<H>\d{1,2})[:.](?P<M>\d{2})[ \t]*(?:Uhr)?[ \t]*$",
    re.MULTILINE,
)
LIVEBLOG_MARKER = re.compile(r"^[ \t]*(?:live[ -]?blog|live[ -]?ticker|\+\+\+ ?live ?\+\+\+)[ \t]*$", re.IGNORECASE | re.MULTILINE)

AGENCIES = {
    "dpa-afx": "dpa-AFX", "dpa": "dpa", "reuters": "Reuters", "afp": "AFP", "ap": "AP", "kna": "KNA",
    "epd": "epd", "apa": "APA", "dts": "dts", "sid": "SID", "ddp": "ddp", "efe": "EFE", "ansa": "ANSA",
    "sda": "SDA", "awp": "AWP", "upi": "UPI", "xinhua": "Xinhua", "tass": "TASS", "kyodo": "Kyodo",
}
_AGENCY_ALT = "|".join(sorted((re.escape(a) for a in AGENCIES), key=len, reverse=True))
# "KIEW/WLADIWOSTOK (dpa-AFX) - ", "Berlin (dpa) – ", "Paris (AFP/dpa) -"
_PLACE = r"[A-ZÄÖÜ][\wÄÖÜäöüß.'’\-]*(?: [A-ZÄÖÜ(][\wÄÖÜäöüß.'’\-)]*){0,2}"  # "Bad Kreuznach", "Frankfurt/Main"
DATELINE = re.compile(
    rf"^[ \t]*(?P<places>{_PLACE}(?:[ \t]*/[ \t]*{_PLACE})*)"
    rf"[ \t]*\((?P<agencies>(?i:{_AGENCY_ALT})(?:[ \t]*[/,][ \t]*(?i:{_AGENCY_ALT}))*)\)[ \t]*[-–—:][ \t]*",
    re.MULTILINE,
)
_MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feb": 2, "märz": 3, "mär": 3, "april": 4, "apr": 4,
    "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9,
    "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12,
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
# regional press: "Bad Kreuznach, 16.10.2025 – ", "Frankfurt am Main, den 3. März 2025 - ",
# "BERLIN, 31.10.2025 (dpa) – ". The dash (or colon) after the date is required: without it a
# leading "Berlin, 31.10.2025" is as likely a letterhead or a list as a dateline.
_PLACE_WITH_LINK = rf"{_PLACE}(?: (?:am|an der|an|im|in der|ob der|vor der|bei) [A-ZÄÖÜ][\wÄÖÜäöüß.'’\-]*)?"
_NOT_A_PLACE = r"(?!(?:Am|Im|Ab|Bis|Seit|Vom|Zum|Bei|Stand|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag)\b)"
PLACE_DATE_LINE = re.compile(
    rf"^[ \t]*{_NOT_A_PLACE}(?P<places>{_PLACE_WITH_LINK}(?:[ \t]*/[ \t]*{_PLACE_WITH_LINK})*),[ \t]*(?:den[ \t]+|am[ \t]+)?"
    rf"(?:(?P<d>\d{{1,2}})\.[ \t]?(?P<m>\d{{1,2}})\.[ \t]?(?P<y>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})\.[ \t]*(?P<month>(?i:{_MONTH_ALT}))\.?[ \t]+(?P<y2>\d{{4}}))"
    rf"(?:[ \t]*\((?P<agencies>(?i:{_AGENCY_ALT})(?:[ \t]*[/,][ \t]*(?i:{_AGENCY_ALT}))*)\))?"
    rf"[ \t]*[-–—:](?=[ \t])",
    re.MULTILINE,
)
# a line that holds only the page's date and time ("24.10.2025, 18:45 Uhr"); on a liveblog the
# same line is an entry time, so it dates only other kinds of page, and only near the top
DATE_LINE = re.compile(
    r"^[ \t]*(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})[ \t]*[•·|,–-]?[ \t]*(?:um[ \t]*)?"
    r"(?P<H>\d{1,2})[:.](?P<M>\d{2})[ \t]*(?:Uhr)?[ \t]*$"
)
# trailing editor sigils of agency wires: "/dg/DP/nas", "/ang/DP/zb"
EDITOR_SIGILS = re.compile(r"(?:^|(?<=[.!?\"“”»]))[ \t]*/[A-Za-z]{1,4}(?:/[A-Za-z]{1,5}){1,4}[ \t]*\Z", re.MULTILINE)
# a sentence in which the page says that it was machine-written: it names itself ("dieser Text",
# "unsere Artikel", "wir"), AI, and writing. The self-reference keeps news *about* AI ("Das Video
# wurde mit KI erstellt, sagte die Polizei") from turning an article into an AI summary.
_SELF = re.compile(
    r"\b(?:wir|unser(?:e[rnms]?)?)\b|\bdies(?:e[rnms]?)?\s+(?:Text|Artikel|Beitrag|Zusammenfassung|Kurzfassung"
    r"|Meldung|Nachricht|Inhalt)\b|\b(?:der|die)\s+(?:Text|Artikel|Beitrag|Zusammenfassung|Kurzfassung)\s+"
    r"(?:wurde|ist|hat)\b",
    re.IGNORECASE,
)
_AI = re.compile(r"(?i:künstliche[rn]?\s+Intelligenz)|\bKI\b")
# a line that is only a label: "Erstellt mit KI", "KI-generiert" (no self-reference needed)
AI_LABEL_LINE = re.compile(
    r"^[ \t]*(?:(?:Erstellt|Generiert|Geschrieben|Übersetzt|Zusammengefasst) (?:mit|von|durch) (?:einer )?"
    r"(?:KI|künstlicher Intelligenz)|(?:Mit|Von|Durch) (?:einer )?(?:KI|künstlicher Intelligenz) "
    r"(?:erstellt|generiert|geschrieben|übersetzt|zusammengefasst)|KI-generiert(?:er (?:Text|Inhalt|Beitrag))?)\.?[ \t]*$"
)
_WRITTEN = re.compile(
    r"Zusammenfassung|Kurzfassung|zusammengefasst|zusammenzufassen|erstellt|erstellen|generiert|generieren"
    r"|verfasst|verfassen|geschrieben|schreiben|übersetzt|übersetzen",
    re.IGNORECASE,
)
# "Darüber berichtet nume.ch unter Berufung auf APnews." / "..., wie X unter Berufung auf Y berichtet"
_OUTLET = r"[\w.\-]+(?:\s+(?:news|News|online|Online))?"
SOURCE_CHAIN = re.compile(
    r"(?:(?:Darüber|Dies|Das|Davon)\s+(?:berichtet(?:e)?|schreibt|schrieb|meldet(?:e)?)\s+(?:die\s+|der\s+|das\s+)?"
    rf"(?P<outlet>{_OUTLET})|wie\s+(?:die\s+|der\s+|das\s+)?(?P<outlet2>{_OUTLET}))"
    rf"\s+unter\s+Berufung\s+auf\s+(?:die\s+|den\s+|das\s+|einen\s+|eine\s+)?"
    r"(?:(?:US-|britische[nr]?\s+|amerikanische[nr]?\s+)?(?:Nachrichtenagentur|Agentur|Portal|Sender|Zeitung|Website|Webseite|Nachrichtenseite)\s+)?"
    rf"(?P<origin>{_OUTLET})"
)
# names of outlets as written -> canonical short names
OUTLET_NAMES = {
    "apnews": "AP", "ap news": "AP", "apnews.com": "AP", "associated press": "AP", "ap": "AP",
    "reuters": "Reuters", "reuters.com": "Reuters", "afp": "AFP", "dpa": "dpa", "bbc": "BBC", "bbc news": "BBC",
    "cnn": "CNN", "tass": "TASS", "interfax": "Interfax", "xinhua": "Xinhua", "kcna": "KCNA",
}


def find_publication(text: str) -> tuple[datetime, str, str] | None:
    """(time, evidence, precision) stated by the text itself, or None."""
    lines = text.split("\n")
    # at the top of most pages; some put it under the text
    head = "\n".join(lines[:HEAD_LINES] + lines[-TAIL_LINES:])
    match = STAND_LINE.search(head)
    if match:
        when, precision = _when(match)
        if when is not None:
            return when, match.group(0).strip(), precision
    match = DATE_HEADER.match(text)
    if match:
        when, precision = _when(match)
        if when is not None:
            return when, match.group(0).rstrip(), precision
    return None


def _when(match: re.Match) -> tuple[datetime | None, str]:
    groups = match.groupdict()
    try:
        if groups.get("H"):
            return datetime(int(groups["y"]), int(groups["m"]), int(groups["d"]), int(groups["H"]), int(groups["M"])), "minute"
        return datetime(int(groups["y"]), int(groups["m"]), int(groups["d"])), "day"
    except ValueError:  # "Stand: 31.02.2025" is evidence of nothing
        return None, "day"


def find_date_line(text: str) -> tuple[datetime, str] | None:
    """(time, evidence) of a line near the top that holds only a date and a time."""
    for line in [ln for ln in text.split("\n") if ln.strip()][:4]:
        match = DATE_LINE.match(line)
        if match:
            when, _ = _when(match)
            return (when, line.strip()) if when is not None else None
    return None


def find_place_date(text: str) -> tuple[list[str], datetime | None, str, str | None] | None:
    """(places, day, evidence, agency or None) of a regional press dateline "Bad Kreuznach, 16.10.2025 – "."""
    for line in [ln for ln in text.split("\n") if ln.strip()][:4]:
        match = PLACE_DATE_LINE.match(line)
        if not match:
            continue
        g = match.groupdict()
        try:
            if g["d"]:
                day = datetime(int(g["y"]), int(g["m"]), int(g["d"]))
            else:
                day = datetime(int(g["y2"]), _MONTHS[g["month"].lower()], int(g["d2"]))
        except ValueError:  # "31.02.2025" is no date: keep the place, date nothing
            day = None
        agencies = g["agencies"]
        agency = "/".join(AGENCIES[a.strip().lower()] for a in re.split(r"[/,]", agencies)) if agencies else None
        places = [p.strip() for p in g["places"].split("/") if p.strip()]
        return places, day, match.group(0).strip(), agency
    return None


def has_ai_disclaimer(text: str) -> bool:
    """An AI disclaimer in the first or last three paragraphs (where pages put them).

    Linear work: only the sentences around a mention of AI are looked at.
    """
    lines = [ln for ln in text.split("\n") if ln.strip()]
    for line in dict.fromkeys(lines[:3] + lines[-3:]):
        if AI_LABEL_LINE.match(line):
            return True
        for match in _AI.finditer(line):
            start = max(line.rfind(c, 0, match.start()) for c in ".!?\n") + 1
            ends = [i for i in (line.find(c, match.end()) for c in ".!?") if i >= 0]
            sentence = line[start : min(ends) + 1 if ends else len(line)]
            if _SELF.search(sentence) and _WRITTEN.search(sentence):
                return True
    return False


def find_dateline(text: str) -> tuple[str, list[str]] | None:
    """(agency, places) of an agency dateline at the start of one of the first paragraphs."""
    for line in [ln for ln in text.split("\n") if ln.strip()][:4]:
        match = DATELINE.match(line)
        if match:
            agencies = [AGENCIES[a.strip().lower()] for a in re.split(r"[/,]", match.group("agencies"))]
            places = [p.strip() for p in match.group("places").split("/") if p.strip()]
            return "/".join(agencies), places
    return None


def find_source_chain(text: str) -> list[str]:
    match = SOURCE_CHAIN.search(text)
    if not match:
        return []
    outlet = match.group("outlet") or match.group("outlet2")
    # "wie Tass unter Berufung auf das Ministerium" is ordinary attribution, not republishing:
    # the short form counts only when the reporter is a web site
    if match.group("outlet2") and "." not in outlet:
        return []
    chain = [normalise_outlet(outlet), normalise_outlet(match.group("origin"))]
    return [c for c in chain if c]


def normalise_outlet(name: str) -> str:
    name = name.strip().rstrip(".,;:")
    return OUTLET_NAMES.get(name.lower(), name)


def find_title(text: str) -> str | None:
    """A plain-text title: a first line that reads like a headline, followed by more text."""
    lines = text.split("\n")
    if lines and LIVEBLOG_MARKER.match(lines[0]):
        # "liveblog" above the headline is page chrome: the headline is the next line
        lines = lines[1:]
        while lines and not lines[0].strip():
            lines = lines[1:]
    first = lines[0].strip() if lines else ""
    rest = "\n".join(lines[1:]).strip()
    if not first or not rest or len(first) > 200 or len(first.split()) < 3:
        return None
    if first[-1] in ".!?:;,\"“”»«" or LIVEBLOG_MARKER.match(first) or STAND_LINE.match(first):
        return None
    if DATE_HEADER.match(first) or DATELINE.match(first) or PLACE_DATE_LINE.match(first):
        return None
    return first


def classify(text: str, has_dateline: bool, source_chain: list[str], given: DocumentKind = "article") -> DocumentKind:
    head = "\n".join(text.split("\n")[:HEAD_LINES])
    if given == "liveblog" or LIVEBLOG_MARKER.search(head) or len(ENTRY_TIMESTAMP.findall(text)) >= 2:
        return "liveblog"
    if has_ai_disclaimer(text):
        return "ai_summary"
    if has_dateline or EDITOR_SIGILS.search(text):
        return "agency_wire"
    if source_chain:
        return "republished"
    return given


@register_stage("metadata", reads=("original_text", "meta"), writes=("meta",))
class MetadataStage:
    def __init__(self, settings: Settings):
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        text = doc.original_text
        meta = doc.meta
        update: dict = {}
        if meta.published is not None and meta.published.tzinfo is not None:
            update["published"] = local_naive(meta.published, self.settings.timezone)  # built without to_document

        stated = find_publication(text)
        user_given = meta.published is not None and meta.published_from in ("caller", "jsonl")
        if stated and not user_given:
            when, evidence, precision = stated
            update.update(published=when, published_from=evidence, published_precision=precision)

        dateline = find_dateline(text)
        agency, dated_by_dateline = None, None
        if dateline:  # a wire with sigils but no dateline stays agency=None: the agency is not named
            agency, update["dateline"] = dateline
        else:
            place_date = find_place_date(text)
            if place_date:
                places, day, evidence, agency = place_date
                update["dateline"] = places
                if day is not None:
                    dated_by_dateline = (day, evidence, "day")
        if agency:
            update["agency"] = agency
        chain = find_source_chain(text)
        if chain:
            update["source_chain"] = chain
        kind = classify(text, agency is not None, chain, meta.kind)
        update["kind"] = kind

        if "published" not in update and meta.published is None:  # weak evidence, only when nothing else
            date_line = find_date_line(text) if kind != "liveblog" else None
            weak = (date_line[0], date_line[1], "minute") if date_line else dated_by_dateline
            if weak:
                update.update(published=weak[0], published_from=weak[1], published_precision=weak[2])
        if meta.title is None:
            title = find_title(text)
            if title:
                update["title"] = title
        return doc.model_copy(update={"meta": meta.model_copy(update=update)})
