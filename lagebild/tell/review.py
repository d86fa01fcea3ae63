"""The editor review workflow: who may move a summary where, and the published artifact.

    draft --submit--> in_review --approve--> approved --publish--> published
                                --edit-----> edited   --publish--> published
                                --reject---> rejected

An edit stores a NEW version (status "edited", parent = the reviewed version); the reviewed
version is closed as "edited" too and can no longer be published (its newer version can).
An edited version may be edited again (another new version) before it is published.
The state machine lives here; lagebild.store.reviews applies it inside one transaction
together with the audit event."""
from __future__ import annotations

import difflib
import json
from datetime import datetime
from typing import Any

from lagebild.story import Summary, SummarySentence
from lagebild.tell.labels import doc_time, note_de, status_de
from lagebild.tell.text import quote_de

# action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({"draft"}), "in_review"),
    "approve": (frozenset({"in_review"}), "approved"),
    "reject": (frozenset({"in_review"}), "rejected"),
    "edit": (frozenset({"in_review", "edited"}), "edited"),
    "publish": (frozenset({"approved", "edited"}), "published"),
}


class ReviewError(Exception):
    """Base class of the workflow's refusals; nothing was changed when one is raised."""


class InvalidTransition(ReviewError):
    def __init__(self, summary_id: str, status: str, action: str, reason: str | None = None):
        allowed = sorted(TRANSITIONS[action][0]) if action in TRANSITIONS else []
        detail = reason or (f"'{action}' is allowed only from {', '.join(allowed)}" if allowed
                            else f"unknown action '{action}' (known: {', '.join(TRANSITIONS)})")
        super().__init__(f"summary {summary_id} is {status}: cannot {action} ({detail})")
        self.summary_id, self.status, self.action = summary_id, status, action


class SummaryNotFound(ReviewError, LookupError):
    def __init__(self, summary_id: str):
        super().__init__(f"summary {summary_id!r} not found")
        self.summary_id = summary_id


def target_status(summary_id: str, status: str, action: str) -> str:
    """The status ``action`` leads to from ``status``; raises InvalidTransition otherwise."""
    if action not in TRANSITIONS:
        raise InvalidTransition(summary_id, status, action)
    sources, target = TRANSITIONS[action]
    if status not in sources:
        raise InvalidTransition(summary_id, status, action)
    return target


def summary_text(sentences: list[SummarySentence]) -> list[str]:
    return [s.text for s in sentences]


def diff(old: list[SummarySentence], new: list[SummarySentence], old_label: str, new_label: str) -> str:
    """Unified diff, one summary sentence per line."""
    return "".join(difflib.unified_diff([t + "\n" for t in summary_text(old)], [t + "\n" for t in summary_text(new)],
                                        fromfile=old_label, tofile=new_label))


# ---------------------------------------------------------------------- published artifact
def _iso(t: datetime | None) -> str | None:
    return t.replace(microsecond=0).isoformat() if t is not None else None


def publication_json(summary: Summary, events: list[dict[str, Any]], *, story_label: str | None,
                     publication_version: int, published_by: str, published_at: datetime,
                     documents: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The machine-readable artifact. Deterministic: the same summary, events and documents
    give the same JSON (keys sorted when serialised, citations numbered in order of use).
    ``documents[id]["published"]`` is printed at its precision (``published_precision`` when
    given): a bare date stays a date. Status keys stay English (machine-readable); the Markdown
    says them in German."""
    documents = documents or {}
    refs: dict[tuple[str, int, int], int] = {}
    sources = []
    sentences = []
    for s in summary.sentences:
        nums = []
        for c in s.citations:
            key = (c.doc_id, c.start, c.end)
            if key not in refs:
                refs[key] = len(refs) + 1
                doc = documents.get(c.doc_id, {})
                sources.append({"ref": refs[key], "doc_id": c.doc_id, "start": c.start, "end": c.end, "text": c.text,
                                "document": doc.get("name"), "title": doc.get("title"), "source": doc.get("source"),
                                "published": doc_time(doc.get("published"), doc.get("published_precision"))})
            nums.append(refs[key])
        sentences.append({"text": s.text, "citations": nums, "supported": s.supported, "note": s.note})
    reviewed_by = [{"actor": e["actor"], "from_status": e["from_status"], "to_status": e["to_status"],
                    "at": _iso(e["at"]), "note": e.get("note"), "summary_id": e["summary_id"]}
                   for e in events if e["to_status"] in ("in_review", "approved", "edited", "rejected")]
    return {
        "format": "lagebild.publication/1",
        "story_id": summary.story_id,
        "story_label": story_label,
        "publication_version": publication_version,
        "summary_id": summary.id,
        "summary_version": summary.version,
        "parent_id": summary.parent_id,
        "method": summary.method,
        "sentences": sentences,
        "sources": sources,
        "reviewed_by": reviewed_by,
        "published_by": published_by,
        "published_at": _iso(published_at),
    }


def publication_markdown(artifact: dict[str, Any]) -> str:
    """Markdown of the artifact: sentences with [n] markers, the sources, the review record."""
    lines = [f"# {artifact['story_label'] or artifact['story_id']}", "",
             f"Version {artifact['publication_version']} · Zusammenfassung {artifact['summary_id']} "
             f"(v{artifact['summary_version']}, {artifact['method']}) · veröffentlicht {artifact['published_at']} "
             f"von {artifact['published_by']}", ""]
    for s in artifact["sentences"]:
        marks = "".join(f"[{n}]" for n in s["citations"])
        flag = "*(nicht belegt)*" if not s["supported"] else ""
        lines.append(" ".join(x for x in (f"- {s['text']}", marks, flag) if x))
    lines += ["", "## Quellen", ""]
    for src in artifact["sources"]:
        where = ", ".join(str(x) for x in (src["document"] or src["doc_id"], src["source"], src["published"]) if x)
        quote = " ".join((src["text"] or "").split())
        lines.append(f"[{src['ref']}] {where}, Zeichen {src['start']}–{src['end']}: {quote_de(quote)}")
    lines += ["", "## Geprüft von", ""]
    for r in artifact["reviewed_by"]:
        note = note_de(r["note"])
        if r["from_status"]:
            move = f"{status_de(r['from_status'])} → {status_de(r['to_status'])}"
        else:
            move = f"{status_de(None)} ({status_de(r['to_status'])})"
        lines.append(f"- {r['actor']}: {move}, {r['at']}" + (f" – {note}" if note else ""))
    return "\n".join(lines) + "\n"


def canonical_json(artifact: dict[str, Any]) -> str:
    return json.dumps(artifact, ensure_ascii=False, sort_keys=True, indent=2)


EDITED_NOTE = "vom Redakteur geändert"
ADDED_NOTE = "vom Redakteur ergänzt"


def is_editor_note(note: str | None) -> bool:
    """Whether a sentence note marks the editor's own wording (changed or added)."""
    return bool(note) and note.startswith((EDITED_NOTE, ADDED_NOTE))


def edited_sentences(summary: Summary, texts: list[str], pool: list | None = None) -> list[SummarySentence]:
    """The editor's sentences. An unchanged sentence keeps itself (text, citations, support).
    A changed or new one is aligned afresh against ``pool`` (the story's source sentences,
    lagebild.tell.summary Candidates) with the alignment the LLM output gets: it cites what
    supports it and is flagged unsupported ("nicht belegt") when nothing does. It never
    inherits the citations of the sentence that stood at its place. The text stays exactly
    as the editor wrote it (whitespace normalised)."""
    from lagebild.tell.llm import align, cited_sources  # llm imports summary, which does not import review

    out = []
    old_by_text = {s.text: s for s in summary.sentences}
    for i, text in enumerate(" ".join(t.split()) for t in texts):
        if not text:
            continue
        if text in old_by_text:
            out.append(old_by_text[text])
            continue
        label = EDITED_NOTE if i < len(summary.sentences) else ADDED_NOTE
        al = align(text, pool or [])
        if al.supported:
            out.append(SummarySentence(text=text, citations=cited_sources(al), supported=True, note=label))
        else:
            why = al.note() if pool else "keine Quellensätze zum Abgleich"
            out.append(SummarySentence(text=text, citations=[], supported=False, note=f"{label}; {why}"))
    return out
