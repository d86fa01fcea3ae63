"""Cleaned text as HTML with entities, quotes and claims marked (spans may nest or overlap)."""
from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

from lagebild.document import Document

SINGLE_NEWLINE = re.compile(r"(?<!\n)\n(?!\n)")


def highlighted_html(doc: Document, focus: tuple[int, int] | None = None) -> Markup:
    """``focus``: a cited span, marked and given id="focus" so a link can jump to it."""
    text = doc.text
    n = len(text)
    marks: list[tuple[int, int, str, str]] = []  # start, end, css class, tooltip
    for mt in doc.mentions:
        marks.append((mt.start, mt.end, f"ent ent-{mt.label}", f"{mt.label}: {mt.base}" + (f" [{mt.entity_id}]" if mt.entity_id else "")))
    for qt in doc.quotes:
        marks.append((qt.start, qt.end, f"quote quote-{qt.kind}", f"Zitat ({qt.kind}) — {qt.speaker or 'unbekannt'}"))
    for cl in doc.claims:
        value = f"{cl.value:g}" + (f"–{cl.value_high:g}" if cl.value_high is not None else "")
        marks.append((cl.start, cl.end, "claim", f"Zahl: {value} {cl.unit or ''}".strip() + (f" · Quelle: {cl.source}" if cl.source else "")))
    for tm in doc.times:
        marks.append((tm.start, tm.end, "time", f"Zeit: {tm.value or '?'}"))
    if focus is not None:
        marks.append((focus[0], focus[1], "focus", "zitierte Stelle"))
    marks = [(max(0, s), min(n, e), c, t) for s, e, c, t in marks if 0 <= s < e <= n]
    bounds = sorted({0, n, *(s for s, *_ in marks), *(e for _, e, *_ in marks)})
    sentence_starts = {s.start: s.index for s in doc.sentences}
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:]):
        if a in sentence_starts:
            out.append(f'<a id="s{sentence_starts[a]}" class="sent-anchor"></a>')
        if focus is not None and a == focus[0]:
            out.append('<a id="focus"></a>')
        active = [(c, t) for s, e, c, t in marks if s <= a and b <= e]
        # a visible gap between paragraphs (the text keeps single newlines)
        piece = SINGLE_NEWLINE.sub('\n<span class="pgap"></span>', str(escape(text[a:b])))
        if not active:
            out.append(piece)
            continue
        classes = " ".join(sorted({c for c, _ in active}))
        tip = escape(" | ".join(t for _, t in active))
        out.append(f'<span class="{classes}" title="{tip}">{piece}</span>')
    return Markup("".join(out))
