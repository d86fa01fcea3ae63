"""German labels shared by everything that shows the review workflow to readers (published
Markdown, CLI, web), and how a document's publication time is printed at its precision.
Machine-readable artifacts (JSON) keep the English status keys."""
from __future__ import annotations

import re
from datetime import date, datetime

STATUS_DE = {"draft": "Entwurf", "in_review": "in Prüfung", "approved": "freigegeben", "edited": "bearbeitet",
             "rejected": "abgelehnt", "published": "veröffentlicht"}
CREATED_DE = "erstellt"


def status_de(status: str | None) -> str:
    """A status in German; no status (an event that creates a version) reads "erstellt"."""
    if not status:
        return CREATED_DE
    return STATUS_DE.get(status, status)


# notes the workflow writes itself (lagebild.store.reviews, older versions of lagebild.api.review)
_MACHINE_NOTES = [
    (re.compile(r"^edited; new version (\S+)$"), r"bearbeitet; neue Version \1"),
    (re.compile(r"^edit of (\S+)$"), r"Bearbeitung von \1"),
    (re.compile(r"^taken into review$"), "zur Prüfung übernommen"),
    (re.compile(r"^publication (\S+) \(version (\d+)\)$"), r"Veröffentlichung \1 (Version \2)"),
    (re.compile(r"^(draft|in_review|approved|edited|rejected|published) (?:->|→) "
                r"(draft|in_review|approved|edited|rejected|published)$"),
     lambda m: f"{STATUS_DE[m.group(1)]} → {STATUS_DE[m.group(2)]}"),
]


def note_de(note: str | None) -> str | None:
    """An audit note for German readers: the workflow's own English notes translated, an
    editor's note exactly as written."""
    if not note:
        return note
    for pattern, repl in _MACHINE_NOTES:
        if pattern.match(note):
            return pattern.sub(repl, note)
    return note


def doc_time(value: datetime | date | str | None, precision: str | None = None) -> str | None:
    """A document's publication time as ISO text at the precision it is known: a bare date
    ("day") as 2025-09-02, a month as 2025-09, a year as 2025, otherwise ISO with seconds.
    Without a precision, a naive time at exactly midnight is taken for a bare date (that is
    how date-only publication times are stored)."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, datetime):
        return value.isoformat()
    if precision is None and value.tzinfo is None and value.time() == datetime.min.time():
        precision = "day"
    if precision == "day":
        return value.date().isoformat()
    if precision == "month":
        return value.strftime("%Y-%m")
    if precision == "year":
        return value.strftime("%Y")
    return value.replace(microsecond=0).isoformat()
