"""Hand-written German reports (our own sentences) as Documents, for the connect tests."""
from __future__ import annotations

import hashlib
from datetime import datetime

from lagebild.document import Document, DocumentMeta, Segment, TimeExpression


def make_doc(name: str, text: str, published: datetime | None = None, **fields) -> Document:
    return Document(id=hashlib.sha256(text.encode()).hexdigest()[:16], name=name, origin=f"test:{name}",
                    format="text", raw=text.encode(), original_text=text, text=text,
                    **{"meta": DocumentMeta(published=published), **fields})


def liveblog(name: str, entries: list[tuple[datetime, str, str]], published: datetime) -> Document:
    """A liveblog page: one entry segment (headline + body) per item."""
    text, segments = "", []
    for when, headline, body in entries:
        start = len(text)
        text += f"{headline}\n{body}\n"
        segments.append(Segment(index=len(segments), kind="liveblog_entry", start=start, end=len(text) - 1,
                                time=when, headline=headline))
    return make_doc(name, text, published, segments=segments, meta=DocumentMeta(published=published, kind="liveblog"))


def dated(name: str, text: str, published: datetime, phrase: str, value: str) -> Document:
    start = text.index(phrase)
    te = TimeExpression(start=start, end=start + len(phrase), text=phrase, value=value, granularity={4: "year", 7: "month"}.get(len(value), "day"),
                        anchor="publication")
    return make_doc(name, text, published, times=[te])
