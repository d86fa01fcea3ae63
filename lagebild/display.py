"""How quotes and numeric claims read for people: shared by the CLI and the web UI, so both
follow one rule (plain strings; the web UI escapes them)."""
from __future__ import annotations

import re

from lagebild.document import Claim

INDIRECT_MARK = "(indirekt)"
# German quotation marks inside a direct quote: „…“ (or "…") become the inner pair ‚…‘
_INNER = re.compile(r"[„\"“]([^„\"“”]*)[“\"”]")


def one_line(text: str) -> str:
    return " ".join((text or "").split())


def _shorten(text: str, limit: int | None) -> str:
    text = one_line(text)
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def quote_parts(kind: str | None, text: str | None, limit: int | None = None) -> tuple[str, bool]:
    """``(words, indirect)``: a direct or partial quote in „…“ with quotation marks inside it as
    ‚…‘; indirect speech ("sagte, die Lage sei …") bare, because those are the reporter's words,
    not the speaker's (``indirect`` True: the caller marks it "(indirekt)")."""
    words = _shorten(text or "", limit)
    if kind == "indirect":
        return words, True
    return f"„{_INNER.sub(lambda m: f'‚{m.group(1)}‘', words)}“", False


def quote_text(kind: str | None, text: str | None, limit: int | None = None) -> str:
    """A quote as one plain line: „direct words“ or ``indirect words (indirekt)``."""
    words, indirect = quote_parts(kind, text, limit)
    return f"{words} {INDIRECT_MARK}" if indirect else words


_SCALES = ((1e9, "Milliarden", "Milliarde"), (1e6, "Millionen", "Million"))


def number_de(value: float) -> str:
    """German digits (lagebild.tell.claim_board.format_number: 11.000, 2,5); whole millions and
    billions as words, as reports write them: 200 Millionen, 1,5 Milliarden."""
    from lagebild.tell.claim_board import format_number

    for scale, plural, singular in _SCALES:
        scaled = value / scale
        if abs(value) >= scale and round(scaled, 2) == scaled:
            return f"{format_number(scaled)} {singular if scaled == 1 else plural}"
    return format_number(value)


def claim_line(claim: Claim) -> str:
    """A numeric claim in words: qualifier, value (German digits: 200.000.000; "50 von 80";
    "50 bis 80"), unit, event, then source and reference date, e.g.
    ``mindestens 35 Häuser · Ereignis: beschädigen · Quelle: Feuerwehr · Stand: 2025-11-03``."""
    if claim.value_high is not None and claim.relation in ("range", "of"):
        joint = " bis " if claim.relation == "range" else " von "
        core = number_de(claim.value) + joint + number_de(claim.value_high)
    else:
        core = number_de(claim.value)
    parts = [f"{claim.qualifier} {core}" if claim.qualifier else core]
    if claim.subject:
        parts.append(claim.subject)
    if claim.unit:
        parts.append(claim.unit)
    line = " ".join(parts)
    extras = []
    if claim.event:
        extras.append(f"Ereignis: {claim.event}")
    if claim.source:
        extras.append(f"Quelle: {source_label(claim.source)}")
    if claim.as_of:
        extras.append(f"Stand: {claim.as_of}")
    if claim.since:
        extras.append(f"seit {claim.since}")
    return " · ".join([line, *extras])


_ARTICLE = re.compile(r"^(?:der|die|das|des|dem|den)\s+(?=\S)", re.IGNORECASE)
_GENITIVE_HEAD = re.compile(r"^des\s+(?P<head>[A-ZÄÖÜ][\w\-]*?)(?P<ending>e?s)\b(?P<rest>.*)$", re.DOTALL)


def speaker_label(speaker: str | None) -> str | None:
    """A speaker as a heading, without the case the sentence gave it: "nach Angaben der Polizei"
    and "sagte die Polizei" are both "Polizei", "des Krisenstabs in Bad Kreuznach" is
    "Krisenstab in Bad Kreuznach". The stored quote keeps the words as written; names and
    indefinite speakers ("Ein Sprecher des DWD") are left alone."""
    if not speaker:
        return speaker
    text = one_line(speaker)
    m = _GENITIVE_HEAD.match(text)
    if m and not m.group("head").isupper():  # "des DWD" has no ending to strip
        head, ending = m.group("head"), m.group("ending")
        if ending == "es" and head[-1:] in "aeiouäöü":  # "des Kaffees": the e belongs to the noun
            head += "e"
        return head + m.group("rest")
    return _ARTICLE.sub("", text, count=1)


_SAYING = re.compile(
    r"^(?:(?:den|die|der)\s+)?(?:Angaben|Informationen|Erkenntnisse|Erkenntnissen|Schätzungen|Berichten|Berechnungen)"
    r"\s+(?:(?:aus|von)\s+)?(?=\S)")


def source_label(source: str | None) -> str | None:
    """Who a figure is attributed to, as a name: "Angaben der Polizei" -> "Polizei", "den
    Informationen aus Betriebsratskreisen" -> "Betriebsratskreisen", "der DWD" -> "DWD"
    ("laut Polizei" reads right; "laut des Gesamtbetriebsrats" does not)."""
    if not source:
        return source
    return speaker_label(_SAYING.sub("", one_line(source), count=1))
