"""Review transitions and publishing, delegated to the ReviewRepo (lagebild/store/reviews.py)
and its rules (lagebild/tell/review.py), which own the state machine and the audit log.
This module adapts HTTP input to them and turns their refusals into ``ReviewRefused`` (409)."""
from __future__ import annotations

from typing import Any

from lagebild.story import Summary
from lagebild.tell.review import ReviewError
from lagebild.tell.service import edit_sentences


class ReviewRefused(Exception):
    """The workflow does not allow this move (e.g. publishing a draft); nothing changed."""


def transition(store, summary: Summary, action: str, *, actor: str, note: str | None = None,
               sentences: list[str] | None = None) -> str:
    """Apply one review action; returns the id of the resulting summary (an edit makes a new version)."""
    try:
        if action == "edit":
            if not sentences:
                raise ReviewRefused("an edit needs the new sentences")
            new = edit_sentences(store, summary, sentences)
            return store.reviews.edit(summary.id, new, actor, note).id
        return store.reviews.transition(summary.id, action, actor, note).id
    except ReviewError as exc:
        raise ReviewRefused(str(exc)) from None


def review_from_draft(store, summary: Summary, action: str, *, actor: str, note: str | None = None,
                      sentences: list[str] | None = None) -> str:
    """The review screen's buttons on a draft: the editor takes it into review (an audited
    'submit' by the same editor) and then approves / edits / rejects it."""
    if action == "edit" and not any(t.strip() for t in sentences or []):
        raise ReviewRefused("an edit must keep at least one sentence")  # before anything is recorded
    if summary.status == "draft" and action in ("approve", "edit", "reject"):
        transition(store, summary, "submit", actor=actor, note="zur Prüfung übernommen")
        summary = summary.model_copy(update={"status": "in_review"})
    return transition(store, summary, action, actor=actor, note=note, sentences=sentences)


def publish(store, summary: Summary, *, actor: str, note: str | None = None) -> dict[str, Any]:
    try:
        return store.reviews.publish(summary.id, actor, note)
    except ReviewError as exc:
        raise ReviewRefused(str(exc)) from None
