"""Claim board: for each tracked quantity, its reported values side by side with qualifier,
source, date and the connect stage's reading (first / update / consistent / contradiction)."""
from __future__ import annotations

from dataclasses import dataclass, field

from lagebild.document import Claim, Document
from lagebild.story import ClaimGroup, Source

LABELS_DE = {"first": "erste Meldung", "update": "Aktualisierung", "consistent": "stimmt überein",
             "contradiction": "Widerspruch"}


def format_number(value: float) -> str:
    """German style: 11.000, 2,5, 1.234,5."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    whole, frac = f"{value:,.2f}".rstrip("0").split(".")
    return whole.replace(",", ".") + "," + frac


def format_value(claim: Claim) -> str:
    if claim.value_high is not None and claim.relation == "range":
        core = f"{format_number(claim.value)} bis {format_number(claim.value_high)}"
    elif claim.value_high is not None and claim.relation == "of":
        core = f"{format_number(claim.value)} von {format_number(claim.value_high)}"
    else:
        core = format_number(claim.value)
    return f"{claim.qualifier} {core}" if claim.qualifier else core


@dataclass
class BoardRow:
    value: str  # "rund 15.000"
    number: float
    qualifier: str | None
    unit: str | None
    source: str | None  # attributed source as written ("südkoreanische Geheimdienste")
    date: str | None  # what the figure refers to (as_of) or else when it was reported
    reported: str | None  # when it was reported (document / entry time)
    label: str
    reasoning: str
    doc_id: str
    doc_name: str | None
    citation: Source


@dataclass
class BoardEntry:
    key: str
    label: str
    rows: list[BoardRow] = field(default_factory=list)

    @property
    def contradicted(self) -> bool:
        return any(r.label == "contradiction" for r in self.rows)


def claim_board(groups: list[ClaimGroup], docs: dict[str, Document] | None = None) -> list[BoardEntry]:
    docs = docs or {}
    board = []
    for g in groups:
        entry = BoardEntry(key=g.key, label=g.label)
        for r in g.readings:
            c, doc = r.ref.claim, docs.get(r.ref.doc_id)
            reported = r.ref.time.date().isoformat() if r.ref.time else None
            text = doc.text[c.start:c.end] if doc is not None else c.text
            entry.rows.append(BoardRow(
                value=format_value(c), number=c.value, qualifier=c.qualifier, unit=c.unit, source=c.source,
                date=c.as_of or reported, reported=reported, label=r.label, reasoning=r.reasoning,
                doc_id=r.ref.doc_id, doc_name=doc.name if doc is not None else None,
                citation=Source(doc_id=r.ref.doc_id, start=c.start, end=c.end, text=text)))
        board.append(entry)
    return board


def render_board(board: list[BoardEntry]) -> str:
    """Plain-text board, one block per quantity."""
    lines = []
    for e in board:
        lines.append(f"{e.label} [{e.key}]" + ("  (Widerspruch!)" if e.contradicted else ""))
        for r in e.rows:
            lines.append(f"  {r.value:<18} {r.unit or '':<12} {r.source or '–':<34} {r.date or '–':<10} "
                         f"{LABELS_DE.get(r.label, r.label):<16} {r.doc_name or r.doc_id}")
    return "\n".join(lines)
