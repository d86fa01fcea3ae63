"""Tell-side rendering of a story timeline. The events themselves come from
lagebild.connect.timeline (resolved time expressions, liveblog entry times, document times)."""
from __future__ import annotations

from lagebild.document import Document
from lagebild.story import TimelineEvent


def story_timeline(docs: list[Document]) -> list[TimelineEvent]:
    from lagebild.connect.timeline import build_timeline

    return build_timeline(docs)


def render_timeline(events: list[TimelineEvent], docs: dict[str, Document] | None = None, *,
                    markdown: bool = False) -> str:
    docs = docs or {}
    lines = []
    for ev in events:
        names = ", ".join(dict.fromkeys((docs[s.doc_id].name if s.doc_id in docs else s.doc_id) for s in ev.sources))
        if markdown:
            lines.append(f"- **{ev.date}** {ev.text} _({names})_")
        else:
            lines.append(f"{ev.date:<10}  {ev.text}  [{names}]")
    return "\n".join(lines)
