"""Review transitions and publishing, delegated to the ReviewRepo (lagebild/store/reviews.py),
which owns the state machine and the audit log. This module only adapts HTTP input to it
and turns its refusals into ``ReviewRefused`` (HTTP 409)."""
from __future__ import annotations

import inspect
from typing import Any

from lagebild.story import Summary, SummarySentence


class ReviewRefused(Exception):
    """The workflow does not allow this move (e.g. publishing a draft)."""


def _call(fn, **kwargs: Any):
    params = inspect.signature(fn).parameters
    accepts_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    args = {k: v for k, v in kwargs.items() if accepts_any or k in params}
    try:
        return fn(**args)
    except (ValueError, LookupError, PermissionError) as exc:
        raise ReviewRefused(str(exc)) from None
    except Exception as exc:  # the repo's own error types (e.g. InvalidTransition)
        if type(exc).__name__.endswith(("Transition", "Refused", "Error")) and not isinstance(exc, (TypeError, AttributeError)):
            raise ReviewRefused(str(exc)) from None
        raise


def edited_sentences(summary: Summary, texts: list[str]) -> list[SummarySentence]:
    """New sentence texts keep the citations of the sentence they replace; extra ones have none."""
    out = []
    for i, text in enumerate(t.strip() for t in texts):
        if not text:
            continue
        old = summary.sentences[i] if i < len(summary.sentences) else None
        if old is not None and old.text == text:
            out.append(old)
        else:
            out.append(SummarySentence(text=text, citations=old.citations if old else [],
                                       supported=old.supported if old else False, note="edited"))
    return out


def transition(store, summary: Summary, action: str, *, actor: str, note: str | None = None,
               sentences: list[str] | None = None) -> str:
    """Apply one review action; returns the id of the resulting summary (an edit makes a new version)."""
    reviews = store.reviews
    if action == "edit":
        if not sentences:
            raise ReviewRefused("an edit needs the new sentences")
        new = edited_sentences(summary, sentences)
        if not new:
            raise ReviewRefused("an edit must keep at least one sentence")
        result = _call(reviews.edit, summary_id=summary.id, sentences=new, actor=actor, note=note)
    else:
        fn = getattr(reviews, action, None)
        if fn is None:
            result = _call(reviews.transition, summary_id=summary.id, action=action, actor=actor, note=note)
        else:
            result = _call(fn, summary_id=summary.id, actor=actor, note=note)
    if isinstance(result, Summary):
        return result.id
    if isinstance(result, str):
        return result
    return summary.id


def publish(store, summary: Summary, *, actor: str):
    return _call(store.reviews.publish, summary_id=summary.id, actor=actor)
