"""Summaries, their review audit log and publications (tables summaries, review_events,
publications). Every status change and its audit event are written in ONE transaction;
review_events is append-only (database triggers refuse UPDATE and DELETE).

The workflow rules (which action is legal from which status) live in lagebild.tell.review."""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from lagebild.store.db import Database
from lagebild.store.schema import documents, publications, review_events, stories, summaries
from lagebild.story import Summary, SummarySentence
from lagebild.tell.review import (
    InvalidTransition,
    SummaryNotFound,
    canonical_json,
    diff,
    publication_json,
    publication_markdown,
    target_status,
)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def _naive(t: datetime | None) -> datetime | None:
    if t is None or t.tzinfo is None:
        return t
    return t.astimezone(timezone.utc).replace(tzinfo=None)


def summary_id_for(story_id: str, version: int) -> str:
    return "sum-" + hashlib.sha256(f"{story_id}|{version}".encode()).hexdigest()[:16]


def publication_id_for(story_id: str, version: int) -> str:
    return "pub-" + hashlib.sha256(f"{story_id}|{version}".encode()).hexdigest()[:16]


def _summary_from_row(row) -> Summary:
    content = row["content"] or {}
    return Summary(id=row["id"], story_id=row["story_id"], version=row["version"], status=row["status"],
                   method=row["method"], sentences=content.get("sentences", []), parent_id=row["parent_id"],
                   created_at=row["created_at"], created_by=row["created_by"])


class ReviewRepo:
    def __init__(self, db: Database):
        self.db = db

    # ------------------------------------------------------------------ drafts
    def save_draft(self, summary: Summary, *, actor: str | None = None, covered_until: datetime | None = None,
                   doc_ids: list[str] | None = None, at: datetime | None = None) -> Summary:
        """Store a machine draft as the story's next version (never overwrites an earlier one)."""
        at = at or _now()
        with self.db.begin() as conn:
            version = self._next_version(conn, summary.story_id)
            stored = summary.model_copy(update={"id": summary_id_for(summary.story_id, version), "version": version,
                                                "status": "draft", "created_at": at})
            self._insert(conn, stored, covered_until=covered_until, doc_ids=doc_ids)
            self._record(conn, stored.id, None, "draft", actor or stored.created_by, at, None, "draft created")
        return stored

    def _next_version(self, conn: Connection, story_id: str) -> int:
        current = conn.execute(select(func.max(summaries.c.version)).where(summaries.c.story_id == story_id)).scalar()
        return int(current or 0) + 1

    def _insert(self, conn: Connection, s: Summary, *, covered_until: datetime | None = None,
                doc_ids: list[str] | None = None) -> None:
        content: dict[str, Any] = {"sentences": [x.model_dump(mode="json") for x in s.sentences]}
        if covered_until is not None:
            content["covered_until"] = _naive(covered_until).isoformat()
        if doc_ids is not None:
            content["doc_ids"] = sorted(set(doc_ids))
        conn.execute(insert(summaries).values(
            id=s.id, story_id=s.story_id, version=s.version, status=s.status, method=s.method, content=content,
            parent_id=s.parent_id, created_at=_naive(s.created_at) or _now(), created_by=s.created_by))

    # ------------------------------------------------------------------ reads
    def get(self, summary_id: str) -> Summary | None:
        with self.db.connect() as conn:
            row = conn.execute(select(summaries).where(summaries.c.id == summary_id)).mappings().first()
        return _summary_from_row(row) if row else None

    def content(self, summary_id: str) -> dict[str, Any]:
        """The stored content: sentences, and ``covered_until`` / ``doc_ids`` of a machine draft."""
        with self.db.connect() as conn:
            row = conn.execute(select(summaries.c.content).where(summaries.c.id == summary_id)).first()
        if row is None:
            raise SummaryNotFound(summary_id)
        return dict(row[0] or {})

    def list(self, story_id: str | None = None, status: str | None = None) -> list[Summary]:
        q = select(summaries).order_by(summaries.c.story_id, summaries.c.version)
        if story_id is not None:
            q = q.where(summaries.c.story_id == story_id)
        if status is not None:
            q = q.where(summaries.c.status == status)
        with self.db.connect() as conn:
            return [_summary_from_row(r) for r in conn.execute(q).mappings()]

    def events(self, summary_id: str | None = None, story_id: str | None = None) -> list[dict[str, Any]]:
        """Audit events, oldest first (of one summary, of all versions of a story, or all)."""
        q = select(review_events).order_by(review_events.c.id)
        if summary_id is not None:
            q = q.where(review_events.c.summary_id == summary_id)
        if story_id is not None:
            q = q.where(review_events.c.summary_id.in_(select(summaries.c.id).where(summaries.c.story_id == story_id)))
        with self.db.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def publications(self, story_id: str) -> list[dict[str, Any]]:
        with self.db.connect() as conn:
            rows = conn.execute(select(publications).where(publications.c.story_id == story_id)
                                .order_by(publications.c.version)).mappings().all()
        return [dict(r) for r in rows]

    def latest_publication(self, story_id: str) -> dict[str, Any] | None:
        pubs = self.publications(story_id)
        return pubs[-1] if pubs else None

    # ------------------------------------------------------------------ transitions
    def submit(self, summary_id: str, actor: str, note: str | None = None) -> Summary:
        return self.transition(summary_id, "submit", actor, note)

    def approve(self, summary_id: str, actor: str, note: str | None = None) -> Summary:
        return self.transition(summary_id, "approve", actor, note)

    def reject(self, summary_id: str, actor: str, note: str | None = None) -> Summary:
        return self.transition(summary_id, "reject", actor, note)

    def transition(self, summary_id: str, action: str, actor: str, note: str | None = None,
                   at: datetime | None = None) -> Summary:
        """submit / approve / reject: status change + audit event in one transaction."""
        if action in ("edit", "publish"):
            raise InvalidTransition(summary_id, "?", action, f"use {action}() for this action")
        at = at or _now()
        with self.db.begin() as conn:
            current = self._locked(conn, summary_id)
            target = target_status(summary_id, current.status, action)
            self._set_status(conn, current, target)
            self._record(conn, summary_id, current.status, target, actor, at, None, note)
        return current.model_copy(update={"status": target})

    def edit(self, summary_id: str, sentences: list[SummarySentence], actor: str, note: str | None = None,
             at: datetime | None = None) -> Summary:
        """Store the editor's text as a new version (status edited, parent = the reviewed one)
        and close the reviewed one as edited; the audit event carries the unified diff."""
        if not sentences:
            raise InvalidTransition(summary_id, "?", "edit", "an edit must keep at least one sentence")
        at = at or _now()
        with self.db.begin() as conn:
            current = self._locked(conn, summary_id)
            target = target_status(summary_id, current.status, "edit")
            version = self._next_version(conn, current.story_id)
            new = current.model_copy(update={
                "id": summary_id_for(current.story_id, version), "version": version, "status": "edited",
                "sentences": list(sentences), "parent_id": current.id, "created_at": at, "created_by": actor})
            change = diff(current.sentences, new.sentences, f"{current.id} (v{current.version})",
                          f"{new.id} (v{new.version})")
            if current.status != target:
                self._set_status(conn, current, target)
            self._insert(conn, new)
            self._record(conn, current.id, current.status, target, actor, at, change,
                         note or f"edited; new version {new.id}")
            self._record(conn, new.id, None, "edited", actor, at, change, f"edit of {current.id}")
        return new

    def publish(self, summary_id: str, actor: str, note: str | None = None, at: datetime | None = None) -> dict[str, Any]:
        """Publish an approved or edited version: the publications row (Markdown + JSON with
        citations and the reviewed-by record), the status change and the audit event together."""
        at = at or _now()
        with self.db.begin() as conn:
            current = self._locked(conn, summary_id)
            target_status(summary_id, current.status, "publish")
            child = conn.execute(select(summaries.c.id).where(summaries.c.parent_id == summary_id)).first()
            if child is not None:
                raise InvalidTransition(summary_id, current.status, "publish",
                                        f"it was edited; publish the newer version {child[0]}")
            lineage = self._lineage(conn, current)
            events = [dict(r) for r in conn.execute(
                select(review_events).where(review_events.c.summary_id.in_(lineage)).order_by(review_events.c.id)
            ).mappings()]
            version = int(conn.execute(select(func.max(publications.c.version))
                                       .where(publications.c.story_id == current.story_id)).scalar() or 0) + 1
            label = conn.execute(select(stories.c.label).where(stories.c.id == current.story_id)).scalar()
            artifact = publication_json(current, events, story_label=label, publication_version=version,
                                        published_by=actor, published_at=at,
                                        documents=self._documents(conn, current))
            row = {"id": publication_id_for(current.story_id, version), "story_id": current.story_id,
                   "summary_id": current.id, "version": version, "markdown": publication_markdown(artifact),
                   "json": artifact, "published_at": at, "published_by": actor}
            self._set_status(conn, current, "published")
            self._record(conn, current.id, current.status, "published", actor, at, None,
                         note or f"publication {row['id']} (version {version})")
            conn.execute(insert(publications).values(**row))
        row["json_text"] = canonical_json(artifact)
        return row

    # ------------------------------------------------------------------ internals
    def _locked(self, conn: Connection, summary_id: str) -> Summary:
        q = select(summaries).where(summaries.c.id == summary_id)
        if not self.db.is_sqlite:
            q = q.with_for_update()  # two editors moving the same summary: the second waits, then sees the new status
        row = conn.execute(q).mappings().first()
        if row is None:
            raise SummaryNotFound(summary_id)
        return _summary_from_row(row)

    def _set_status(self, conn: Connection, current: Summary, target: str) -> None:
        res = conn.execute(update(summaries).where(summaries.c.id == current.id, summaries.c.status == current.status)
                           .values(status=target))
        if res.rowcount != 1:  # someone else moved it since we read it
            raise InvalidTransition(current.id, current.status, target, "the status changed concurrently")

    def _record(self, conn: Connection, summary_id: str, from_status: str | None, to_status: str, actor: str,
                at: datetime, diff_text: str | None, note: str | None) -> None:
        """Append one audit event (inside the caller's transaction)."""
        if not actor or not actor.strip():
            raise InvalidTransition(summary_id, from_status or "new", to_status, "an actor name is required")
        conn.execute(insert(review_events).values(summary_id=summary_id, from_status=from_status, to_status=to_status,
                                                  actor=actor.strip(), at=at, diff=diff_text, note=note))

    def _lineage(self, conn: Connection, s: Summary) -> list[str]:
        """This version and the versions it was edited from (the whole review history)."""
        ids, parent = [s.id], s.parent_id
        while parent is not None and parent not in ids:
            ids.append(parent)
            parent = conn.execute(select(summaries.c.parent_id).where(summaries.c.id == parent)).scalar()
        return ids

    def _documents(self, conn: Connection, s: Summary) -> dict[str, dict[str, Any]]:
        ids = sorted({c.doc_id for x in s.sentences for c in x.citations})
        if not ids:
            return {}
        # the precision lives in the stored meta JSON: a month-only "März 2025" stays a month in the artifact
        precision = documents.c.meta["published_precision"].as_string().label("published_precision")
        rows = conn.execute(select(documents.c.id, documents.c.name, documents.c.title, documents.c.source,
                                   documents.c.published, precision).where(documents.c.id.in_(ids))).mappings()
        return {r["id"]: {"name": r["name"], "title": r["title"], "source": r["source"],
                          "published": r["published"].isoformat() if r["published"] else None,
                          "published_precision": r["published_precision"]} for r in rows}
