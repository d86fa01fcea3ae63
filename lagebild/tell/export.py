"""``export STORY --format md|json|csv``: summary, timeline, claim board and citations."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass

from lagebild.document import Document
from lagebild.story import Story, Summary, TimelineEvent
from lagebild.tell.claim_board import LABELS_DE, BoardEntry
from lagebild.tell.labels import doc_time, status_de
from lagebild.tell.timeline import render_timeline
from lagebild.tell.text import quote_de

FORMATS = ("md", "json", "csv")


@dataclass
class StoryReport:
    story: Story
    documents: list[Document]
    summary: Summary | None
    timeline: list[TimelineEvent]
    board: list[BoardEntry]


def _names(report: StoryReport) -> dict[str, Document]:
    return {d.id: d for d in report.documents}


def to_json(report: StoryReport) -> str:
    docs = _names(report)
    data = {
        "story": {"id": report.story.id, "label": report.story.label,
                  "first_time": report.story.first_time.isoformat() if report.story.first_time else None,
                  "last_time": report.story.last_time.isoformat() if report.story.last_time else None},
        "documents": [{"id": d.id, "name": d.name, "title": d.meta.title, "source": d.meta.source,
                       "published": doc_time(d.meta.published, d.meta.published_precision)}
                      for d in report.documents],
        "summary": report.summary.model_dump(mode="json") if report.summary else None,
        "timeline": [e.model_dump(mode="json") for e in report.timeline],
        "claim_board": [{"key": e.key, "label": e.label,
                         "rows": [{**{k: v for k, v in asdict(r).items() if k != "citation"},
                                   "citation": r.citation.model_dump(mode="json")} for r in e.rows]}
                        for e in report.board],
    }
    data["document_names"] = {i: d.name for i, d in docs.items()}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def to_markdown(report: StoryReport) -> str:
    docs = _names(report)
    refs: dict[tuple[str, int, int], int] = {}
    out = [f"# {report.story.label or report.story.id}", ""]
    if report.summary is not None:
        out += [f"## Zusammenfassung (v{report.summary.version}, {status_de(report.summary.status)}, "
                f"{report.summary.method})", ""]
        for s in report.summary.sentences:
            marks = []
            for c in s.citations:
                marks.append(refs.setdefault((c.doc_id, c.start, c.end), len(refs) + 1))
            flag = " *(nicht belegt: " + (s.note or "") + ")*" if not s.supported else ""
            out.append(f"- {s.text} " + "".join(f"[{n}]" for n in marks) + flag)
        out.append("")
    if report.timeline:
        out += ["## Zeitleiste", "", render_timeline(report.timeline, docs, markdown=True), ""]
    if report.board:
        out += ["## Zahlen im Vergleich", ""]
        for e in report.board:
            out += [f"### {e.label}", "", "| Wert | Einheit | Quelle | Datum | Einordnung | Dokument |",
                    "|---|---|---|---|---|---|"]
            for r in e.rows:
                out.append(f"| {r.value} | {r.unit or ''} | {r.source or ''} | {r.date or ''} | "
                           f"{LABELS_DE.get(r.label, r.label)} | {r.doc_name or r.doc_id} |")
            out.append("")
    if refs:
        out += ["## Quellen", ""]
        for (doc_id, start, end), n in refs.items():
            d = docs.get(doc_id)
            quote = " ".join(d.text[start:end].split()) if d is not None else ""
            name = d.name if d is not None else doc_id
            out.append(f"[{n}] {name} ({doc_id}, Zeichen {start}–{end}): {quote_de(quote)}")
    return "\n".join(out).rstrip() + "\n"


CSV_COLUMNS = ["section", "n", "date", "text", "value", "qualifier", "unit", "source", "label", "doc_id", "doc_name",
               "start", "end", "cited_text", "supported"]


def to_csv(report: StoryReport) -> str:
    """One row per citation: summary sentences, timeline events and claim-board values."""
    docs = _names(report)
    buf = io.StringIO()
    # comma-separated; fields holding commas, quotes or line breaks are quoted (quotes doubled)
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writeheader()

    def name(doc_id: str) -> str:
        return docs[doc_id].name if doc_id in docs else ""

    if report.summary is not None:
        for n, s in enumerate(report.summary.sentences, 1):
            for c in s.citations or [None]:
                w.writerow({"section": "summary", "n": n, "text": s.text, "supported": s.supported,
                            **({"doc_id": c.doc_id, "doc_name": name(c.doc_id), "start": c.start, "end": c.end,
                                "cited_text": c.text} if c else {})})
    for n, e in enumerate(report.timeline, 1):
        for c in e.sources:
            w.writerow({"section": "timeline", "n": n, "date": e.date, "text": e.text, "doc_id": c.doc_id,
                        "doc_name": name(c.doc_id), "start": c.start, "end": c.end, "cited_text": c.text})
    for n, e in enumerate(report.board, 1):
        for r in e.rows:
            w.writerow({"section": "claims", "n": n, "date": r.date, "text": e.label, "value": r.value,
                        "qualifier": r.qualifier, "unit": r.unit, "source": r.source, "label": r.label,
                        "doc_id": r.doc_id, "doc_name": r.doc_name, "start": r.citation.start,
                        "end": r.citation.end, "cited_text": r.citation.text})
    return buf.getvalue()


def export(report: StoryReport, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (use one of: {', '.join(FORMATS)})")
    return {"md": to_markdown, "json": to_json, "csv": to_csv}[fmt](report)
