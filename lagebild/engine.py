"""The Python API: ``Engine(settings).ingest(paths)`` and friends.

The Engine only wires things together: readers -> decoding -> the pipeline -> the
store, one transaction per document. Each capability lives in its own module; the
Engine holds the settings, the store and the pipeline (loaded once, on first use).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo
from typing import Callable, Iterable, Iterator

from lagebild.config import Settings
from lagebild.document import Document, IngestError, RawDocument
from lagebild.pipeline import Pipeline
from lagebild.store import Store

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    """What one ingest batch did. ``errors`` holds (origin, reason): one per failed document."""

    stored: list[str] = field(default_factory=list)  # ids stored by this batch
    present: list[str] = field(default_factory=list)  # ids that were stored already (left unchanged)
    errors: list[tuple[str, str]] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)  # analysed documents, stored or present

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return f"{len(self.stored)} stored, {len(self.present)} already present, {len(self.errors)} failed"


@dataclass
class ReanalyseReport:
    updated: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.updated)} re-analysed, {len(self.errors)} failed"


def _one_line(text: str) -> str:
    return " ".join(str(text).split()) or "unknown error"


def _as_inputs(inputs) -> list:
    if isinstance(inputs, (str, Path, RawDocument)):
        return [inputs]
    return list(inputs)


class Engine:
    def __init__(self, settings: Settings | None = None, store: Store | None = None, *, pipeline: Pipeline | None = None):
        """``store``: an open Store to use (default: one opened from ``settings.db_url``, closed by ``close``).
        ``pipeline``: an already built Pipeline to share between Engines (default: built from
        ``settings.pipeline`` on first use)."""
        self.settings = settings or Settings.from_env()
        self._owns_store = store is None
        self.store = store if store is not None else Store(self.settings.db_url)
        self._pipeline: Pipeline | None = pipeline
        self.skipped_stages: list[str] = []

    # ------------------------------------------------------------------ pipeline
    @property
    def pipeline(self) -> Pipeline:
        """The configured stages, constructed once per Engine (models load here)."""
        if self._pipeline is None:
            import lagebild.stages  # noqa: F401  (registers the built-in stages)
            from lagebild.pipeline import STAGES

            names = [n for n in self.settings.pipeline if n in STAGES]
            self.skipped_stages = [n for n in self.settings.pipeline if n not in STAGES]
            if self.skipped_stages:
                # stages still being built must not block ingest; callers can show ``skipped_stages``
                log.info("pipeline stages not available, skipped: %s", ", ".join(self.skipped_stages))
            self._pipeline = Pipeline.from_names(names, self.settings)
        return self._pipeline

    def analyse(self, doc: Document) -> Document:
        """Run the pipeline on one decoded document (nothing is stored)."""
        return self.pipeline(doc)

    # ------------------------------------------------------------------ ingest
    def ingest(
        self,
        inputs: Iterable[str | Path | RawDocument] | str | Path | RawDocument,
        *,
        published: datetime | None = None,
        source: str | None = None,
        progress: bool = False,
        keep_documents: bool = True,
    ) -> IngestReport:
        """Ingest files, folders (recursive), ``"-"`` (stdin), URLs or ``RawDocument``s.

        One bad document never stops the batch and never changes stored rows; it is
        reported in ``IngestReport.errors`` as (origin, one-line reason).
        ``keep_documents=False`` leaves ``IngestReport.documents`` empty (large batches)."""
        items = self._raw_items(_as_inputs(inputs), published, source)
        return self.ingest_raw(items, progress=progress, keep_documents=keep_documents)

    def ingest_raw(self, raw_documents: Iterable[RawDocument | IngestError], *, progress: bool = False,
                   keep_documents: bool = True) -> IngestReport:
        report = IngestReport()
        seen: set[str] = set()  # ids handled in this batch: a repeat is "present" without a query
        with _progress(progress, "ingesting") as advance:
            for item in raw_documents:
                self._ingest_one(item, report, seen, keep_documents)
                advance(item.origin if isinstance(item, (RawDocument, IngestError)) else "")
        return report

    def _raw_items(self, inputs: list, published, source) -> Iterator[RawDocument | IngestError]:
        from lagebild.ingest.readers import iter_raw_documents

        for item in inputs:
            if isinstance(item, RawDocument):
                yield item
            else:
                yield from iter_raw_documents([item], self.settings, published=published, source=source)

    def _ingest_one(self, item: RawDocument | IngestError, report: IngestReport, seen: set[str],
                    keep_documents: bool) -> None:
        from lagebild.ingest.decode import to_document

        if isinstance(item, IngestError):
            report.errors.append((item.origin, _one_line(item.reason)))
            return
        origin = item.origin
        try:
            doc = to_document(item, self.settings)
        except IngestError as exc:
            report.errors.append((exc.origin, _one_line(exc.reason)))
            return
        except Exception as exc:  # a decoder bug must not stop the batch
            report.errors.append((origin, _one_line(f"could not decode: {type(exc).__name__}: {exc}")))
            return
        # same text = same id: skip the (expensive) analysis of what is stored already
        if doc.id in seen or self.store.documents.exists(doc.id):
            seen.add(doc.id)
            report.present.append(doc.id)
            return
        seen.add(doc.id)
        try:
            doc = self.analyse(doc)
        except Exception as exc:
            report.errors.append((origin, _one_line(f"analysis failed: {type(exc).__name__}: {exc}")))
            return
        try:
            doc_id, created = self.store.documents.add(doc)
        except Exception as exc:  # the transaction rolled back: nothing of this document is stored
            report.errors.append((origin, _one_line(f"could not store: {type(exc).__name__}: {exc}")))
            return
        (report.stored if created else report.present).append(doc_id)
        if keep_documents:
            report.documents.append(doc)

    # ------------------------------------------------------------------ read
    def get(self, ref: str) -> Document | None:
        """A stored document by id, name or unique id prefix."""
        return self.store.documents.get(ref)

    def list(self, **filters):
        """Stored documents, newest first; filters: since, until, source, kind, entity_id, limit, offset."""
        return self.store.documents.list(**filters)

    def count(self, **filters) -> int:
        return self.store.documents.count(**filters)

    # ------------------------------------------------------------------ re-analysis
    def reanalyse(self, ids: Iterable[str] | None = None, *, progress: bool = False) -> ReanalyseReport:
        """Run the current pipeline again on stored documents and replace their layers.

        Starts from the stored decoded text and metadata (the caller's ``published`` and
        ``source`` survive); each document is updated in its own transaction."""
        report = ReanalyseReport()
        empty = {"text": "", "removed": [], "segments": [], "sentences": [], "mentions": [], "quotes": [],
                 "claims": [], "times": [], "stages": []}
        with _progress(progress, "re-analysing") as advance:
            for doc in self.store.documents.iter_all(ids):
                try:
                    fresh = self.analyse(doc.model_copy(update=empty))
                    self.store.documents.update_layers(fresh)
                except Exception as exc:
                    report.errors.append((doc.name, _one_line(f"{type(exc).__name__}: {exc}")))
                else:
                    report.updated.append(doc.id)
                advance(doc.name)
        return report

    # ------------------------------------------------------------------ stories (lagebild.connect)
    def update_stories(self, docs: Iterable[Document] | None = None):
        """Assign stored documents not yet in a story (or ``docs``) to stories, in time order;
        links duplicates and re-tracks the touched stories' claims. Returns an UpdateReport."""
        from lagebild.connect.service import update_stories

        return update_stories(self.store, self.settings, docs)

    connect = update_stories  # the name the demo command looks for

    def stories(self, limit: int = 50, offset: int = 0):
        """Stories (lagebild.story.Story with members), newest first by last report."""
        return self.store.stories.list(limit=limit, offset=offset)

    def story(self, story_id: str):
        """A story with its documents, duplicates, claim groups and timeline (None if unknown)."""
        from lagebild.connect.service import story_detail

        return story_detail(self.store, story_id)

    # ------------------------------------------------------------------ tell (lagebild.tell)
    def summarize(self, story_id: str, *, sentences: int | None = 6, chars: int | None = None,
                  llm_url: str | None = None, llm_model: str | None = None, actor: str = "lagebild"):
        """A new draft Summary version of the story, every sentence cited (never overwrites one)."""
        from lagebild.tell.service import draft_summary
        from lagebild.tell.summary import SummaryOptions

        return draft_summary(self.store, self.settings, story_id, SummaryOptions(sentences=sentences, chars=chars),
                             llm_url=llm_url, llm_model=llm_model, actor=actor)

    def review(self, summary_id: str, action: str, *, actor: str, note: str | None = None,
               sentences: list[str] | None = None):
        """submit / approve / reject / edit (``sentences``: the new text); returns the resulting Summary."""
        if action == "edit":
            from lagebild.tell.service import edit_sentences

            current = self.store.reviews.get(summary_id)
            if current is None:
                from lagebild.tell.review import SummaryNotFound

                raise SummaryNotFound(summary_id)
            return self.store.reviews.edit(summary_id, edit_sentences(self.store, current, sentences or []), actor=actor,
                                          note=note)
        return self.store.reviews.transition(summary_id, action, actor=actor, note=note)

    def publish(self, summary_id: str, *, actor: str, note: str | None = None) -> dict:
        """Publish an approved/edited summary: the publications row (markdown, json, reviewed_by)."""
        return self.store.reviews.publish(summary_id, actor=actor, note=note)

    def timeline(self, story_id: str):
        from lagebild.tell.service import story_and_documents
        from lagebild.tell.timeline import story_timeline

        return story_timeline(story_and_documents(self.store, story_id)[1])

    def claim_board(self, story_id: str):
        from lagebild.tell.service import story_board

        return story_board(self.store, story_id)

    def whats_new(self, story_id: str, since: datetime | None = None):
        """New since ``since`` (default: the last publication). A report without a time of its
        own has no event time: it counts as new only if it *arrived* (joined the story) after
        ``since``; the time it arrived never stands in for a report time."""
        from lagebild.tell.service import story_and_documents, story_whats_new
        from lagebild.tell.whatsnew import whats_new

        if since is None:
            return story_whats_new(self.store, story_id, since)
        story, docs = story_and_documents(self.store, story_id)
        bound = since if since.tzinfo is not None else since.replace(tzinfo=ZoneInfo(self.settings.timezone))
        bound = bound.astimezone(timezone.utc).replace(tzinfo=None)  # assigned_at is naive UTC
        arrived_before = {m.doc_id for m in story.members if m.assigned_at is not None and m.assigned_at <= bound}
        return whats_new(docs, story.id, since, members=story.members, known_docs=arrived_before)

    def export(self, story_id: str, fmt: str = "md", summary_id: str | None = None) -> str:
        from lagebild.tell.export import export
        from lagebild.tell.service import story_report

        return export(story_report(self.store, story_id, summary_id), fmt)

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        if self._owns_store:
            self.store.close()

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _progress:
    """A rich progress line on stderr (count of documents, current origin) when enabled."""

    def __init__(self, enabled: bool, label: str):
        self.enabled = enabled
        self.label = label
        self._progress = None

    def __enter__(self) -> Callable[[str], None]:
        if not self.enabled:
            return lambda _origin: None
        from rich.console import Console
        from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            SpinnerColumn(), TextColumn(f"{self.label}"), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("[dim]{task.fields[origin]}"), console=Console(stderr=True), transient=True,
        )
        self._progress.start()
        task = self._progress.add_task(self.label, total=None, origin="")
        progress = self._progress

        def advance(origin: str) -> None:
            progress.update(task, advance=1, origin=origin[-60:])

        return advance

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()
