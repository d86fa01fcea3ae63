"""``lagebild ingest | list | show | export | demo``: documents from the command line."""
from __future__ import annotations

import base64
import json
import sys
from collections import Counter
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterator, List, Optional

import typer
from rich.console import Console
from rich.table import Table

from lagebild.cli.app import app
from lagebild.config import DATA_DIR, Settings
from lagebild.display import claim_line, one_line, quote_text, source_label, speaker_label
from lagebild.document import Document

DEMO_DIR = DATA_DIR / "demo"
DbOption = typer.Option(None, "--db", help="database URL (default: LAGEBILD_DB or sqlite:///lagebild.db)")


def _console() -> Console:
    # wide enough that tables do not wrap into unreadable columns when output is piped or captured
    return Console(width=None if sys.stdout.isatty() else 160, highlight=False)


def _parse_time(value: Optional[str], option: str) -> Optional[datetime]:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO date/time (e.g. 2025-10-14 or 2025-10-14T08:30+02:00)",
                                 param_hint=option) from None


@contextmanager
def _engine(db: Optional[str]) -> Iterator["Engine"]:  # noqa: F821
    from lagebild.engine import Engine

    engine = Engine(Settings.from_env(db_url=db))
    try:
        yield engine
    finally:
        engine.close()


_PRECISION_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def _fmt_time(value: Optional[datetime], precision: Optional[str] = None) -> str:
    """A time as the source gave it: a bare date ("date 2025-09-02") is printed as a date,
    not as midnight, because the report never said 00:00. ``precision="story"`` is for story
    and member times, which carry no precision of their own: midnight there is a report dated
    by day (as in the web UI, a report at exactly 00:00 is shown as its day)."""
    if value is None:
        return "unknown"
    if precision == "story":
        precision = "day" if (value.hour, value.minute, value.second) == (0, 0, 0) else None
    if precision in _PRECISION_FORMATS:
        return value.strftime(_PRECISION_FORMATS[precision])
    return value.strftime("%Y-%m-%d %H:%M") + (value.strftime(" %z") if value.tzinfo else "")


@app.command()
def ingest(
    paths: List[str] = typer.Argument(..., help="files, folders (recursive), '-' for stdin, or http(s) URLs"),
    published: Optional[str] = typer.Option(None, help="publication time (ISO) for documents that carry none"),
    source: Optional[str] = typer.Option(None, help="publisher / site for documents that name none"),
    db: Optional[str] = DbOption,
    progress: bool = typer.Option(True, "--progress/--no-progress", help="show a progress line on stderr"),
) -> None:
    """Ingest documents: text, HTML, JSONL, RSS/Atom. Exit code 1 if any document failed."""
    when = _parse_time(published, "--published")
    with _engine(db) as engine:
        report = engine.ingest(paths, published=when, source=source, progress=progress and sys.stderr.isatty())
    for origin, reason in report.errors:
        typer.echo(f"error: {origin}: {reason}", err=True)
    typer.echo(report.summary())
    raise typer.Exit(1 if report.errors else 0)


@app.command("list")
def list_documents(
    since: Optional[str] = typer.Option(None, help="published at or after (ISO)"),
    until: Optional[str] = typer.Option(None, help="published at or before (ISO)"),
    source: Optional[str] = typer.Option(None, help="only this source"),
    kind: Optional[str] = typer.Option(None, help="liveblog, agency_wire, ai_summary, republished or article"),
    entity: Optional[str] = typer.Option(None, help="only documents mentioning this entity id"),
    limit: int = typer.Option(50, min=1, help="how many rows"),
    offset: int = typer.Option(0, min=0, help="skip this many rows"),
    db: Optional[str] = DbOption,
) -> None:
    """Stored documents, newest first."""
    filters = dict(since=_parse_time(since, "--since"), until=_parse_time(until, "--until"), source=source, kind=kind,
                   entity_id=entity)
    with _engine(db) as engine:
        rows = engine.list(**filters, limit=limit, offset=offset)
        total = engine.count(**filters)
    table = Table(title=f"{len(rows)} of {total} documents", title_justify="left")
    for col in ("id", "published (UTC)", "kind", "source", "title / name"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r.id, _fmt_time(r.published, r.published_precision), r.kind, r.source or "", r.title or r.name)
    _console().print(table)


@app.command()
def show(
    doc: str = typer.Argument(..., help="document id, unique id prefix, or name"),
    text: bool = typer.Option(False, "--text", help="the cleaned text"),
    removed: bool = typer.Option(False, "--removed", help="what cleaning removed, with the rule"),
    segments: bool = typer.Option(False, "--segments", help="segments (entries, paragraphs) and sentences"),
    entities: bool = typer.Option(False, "--entities", help="entity mentions"),
    quotes: bool = typer.Option(False, "--quotes", help="quotes with speakers"),
    claims: bool = typer.Option(False, "--claims", help="numeric claims"),
    dates: bool = typer.Option(False, "--dates", help="time expressions"),
    as_json: bool = typer.Option(False, "--json", help="the whole document as JSON (raw bytes as base64)"),
    db: Optional[str] = DbOption,
) -> None:
    """One stored document with the layers you ask for."""
    with _engine(db) as engine:
        document = engine.get(doc)
    if document is None:
        typer.echo(f"error: no document {doc!r}", err=True)
        raise typer.Exit(1)
    if as_json:
        typer.echo(json.dumps(document_json(document), ensure_ascii=False, indent=2))
        return
    out = _console()
    _print_header(out, document)
    if text:
        out.rule("text")
        out.print(document.text, markup=False)
    if removed:
        out.rule(f"removed ({len(document.removed)})")
        for r in document.removed:
            out.print(f"[{r.reason}] {r.text!r}", markup=False)
    if segments:
        _print_segments(out, document)
    if entities:
        out.rule(f"entities ({len(document.mentions)} mentions)")
        for m in document.mentions:
            out.print(f"{m.start:>6}-{m.end:<6} {m.label:<4} {m.text}  -> {m.entity_id or m.base}", markup=False)
    if quotes:
        out.rule(f"quotes ({len(document.quotes)})")
        for q in document.quotes:
            out.print(f"{q.kind:<8} {q.speaker or '?'}: {quote_text(q.kind, q.text)}" + (f"  [{q.cue}]" if q.cue else ""),
                      markup=False)
    if claims:
        out.rule(f"claims ({len(document.claims)})")
        for c in document.claims:
            out.print(f"{one_line(c.text)}: {claim_line(c)}", markup=False)
    if dates:
        out.rule(f"dates ({len(document.times)})")
        for t in document.times:
            out.print(f"{t.text!r} -> {t.value or '?'} ({t.granularity or '?'}, {t.anchor})", markup=False)


def _print_header(out: Console, d: Document) -> None:
    m = d.meta
    out.print(f"[bold]{m.title or d.name}[/bold]")
    rows = [
        ("id", d.id), ("name", d.name), ("origin", d.origin), ("format", f"{d.format} ({d.encoding})"),
        ("kind", m.kind), ("published", f"{_fmt_time(m.published, m.published_precision)}" + (f"  from {m.published_from!r}" if m.published_from else "")),
        ("source", m.source), ("url", m.url), ("agency", m.agency), ("dateline", "/".join(m.dateline)),
        ("source chain", " <- ".join(m.source_chain)), ("author", m.author), ("stages", ", ".join(d.stages)),
        ("layers", f"{len(d.segments)} segments, {len(d.sentences)} sentences, {len(d.mentions)} mentions, "
                   f"{len(d.quotes)} quotes, {len(d.claims)} claims, {len(d.times)} dates, {len(d.removed)} removed"),
    ]
    for key, value in rows:
        if value:
            out.print(f"  {key:<13}{value}", markup=False)


def _print_segments(out: Console, d: Document) -> None:
    out.rule(f"segments ({len(d.segments)}) and sentences ({len(d.sentences)})")
    by_segment: dict[int, list] = {}
    for s in d.sentences:
        by_segment.setdefault(s.segment, []).append(s)
    for seg in d.segments:
        indent = "    " if seg.parent is not None else ""
        head = f"{indent}#{seg.index} {seg.kind}"
        if seg.time:
            head += f" {_fmt_time(seg.time)}"
        if seg.headline:
            head += f" | {seg.headline}"
        out.print(head, markup=False, style="bold")
        for s in by_segment.get(seg.index, []):
            out.print(f"{indent}  {s.index:>3}: {d.sentence_text(s)}", markup=False)


def document_json(doc: Document) -> dict:
    """A document with every layer, as JSON-ready data; raw bytes as base64 (they need not be UTF-8)."""
    data = doc.model_dump(mode="json", exclude={"raw"})
    data["raw_base64"] = base64.b64encode(doc.raw).decode("ascii")
    return data


@app.command()
def export(
    format: str = typer.Option("jsonl", "--format", help="jsonl (one document per line) or json (one array)"),
    out: Optional[Path] = typer.Option(None, "--out", help="file to write (default: stdout)"),
    db: Optional[str] = DbOption,
) -> None:
    """All stored documents with all layers, oldest first."""
    if format not in ("jsonl", "json"):
        raise typer.BadParameter("choose jsonl or json", param_hint="--format")
    stream = out.open("w", encoding="utf-8") if out else sys.stdout
    n = 0
    try:
        with _engine(db) as engine:
            if format == "json":
                stream.write("[")
            for doc in engine.store.documents.iter_all():
                line = json.dumps(document_json(doc), ensure_ascii=False)
                if format == "json":
                    stream.write(("\n" if n == 0 else ",\n") + line)
                else:
                    stream.write(line + "\n")
                n += 1
            if format == "json":
                stream.write("\n]\n")
    finally:
        if out:
            stream.close()
    if out:
        typer.echo(f"{n} documents written to {out}", err=True)


def demo_dir() -> Path:
    """The bundled demo corpus (the texts live in the package, so no ../shared is needed)."""
    return DEMO_DIR


@app.command()
def demo(
    db: Optional[str] = DbOption,
    path: Optional[Path] = typer.Option(None, "--path", help="ingest this folder instead of the bundled demo corpus"),
) -> None:
    """Ingest the bundled demo corpus and print what lagebild found in it."""
    corpus = path or demo_dir()
    out = _console()
    with _engine(db) as engine:
        out.print(f"[bold]lagebild demo[/bold]: ingesting {corpus} into {engine.settings.db_url}")
        report = engine.ingest([corpus], progress=sys.stderr.isatty())
        for origin, reason in report.errors:
            out.print(f"[red]error[/red]: {origin}: {reason}", markup=True, highlight=False)
        out.print(report.summary())
        if engine.skipped_stages:
            out.print(f"[dim]stages not built yet, skipped: {', '.join(engine.skipped_stages)}[/dim]")
        docs = list(engine.store.documents.iter_all())
        _demo_documents(out, docs)
        _demo_entities(out, engine, docs)
        _demo_quotes_claims(out, docs)
        stories_ok = _demo_stories(out, engine)
    raise typer.Exit(1 if report.errors or not stories_ok else 0)


def _demo_documents(out: Console, docs: list[Document]) -> None:
    kinds = Counter(d.meta.kind for d in docs)
    out.rule(f"{len(docs)} documents")
    out.print("by kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    table = Table(show_edge=False, box=None, pad_edge=False)
    for col in ("id", "kind", "published", "evidence", "title / name"):
        table.add_column(col, overflow="fold")
    for d in docs:
        evidence = d.meta.published_from or ""
        table.add_row(d.id[:10], d.meta.kind, _fmt_time(d.meta.published, d.meta.published_precision), evidence[:40], (d.meta.title or d.name)[:70])
    out.print(table)


def _demo_entities(out: Console, engine, docs: list[Document]) -> None:
    counts = engine.store.documents.entity_counts(limit=15)
    if not counts:
        return
    out.rule("entities mentioned in most documents")
    names = []
    for entity_id, n in counts:
        ent = engine.store.documents.get_entity(entity_id)
        names.append(f"{ent.name if ent else entity_id} ({ent.type if ent else '?'}, {n})")
    out.print(", ".join(names), markup=False)


def _demo_quotes_claims(out: Console, docs: list[Document]) -> None:
    quotes = [(d, q) for d in docs for q in d.quotes]
    if quotes:
        out.rule(f"{len(quotes)} quotes (first 8)")
        for d, q in quotes[:8]:
            out.print(f"{speaker_label(q.speaker) or '?'}: {quote_text(q.kind, q.text, limit=110)}  [{d.id[:10]}]", markup=False)
    claims = [(d, c) for d in docs for c in d.claims]
    if claims:
        out.rule(f"{len(claims)} numeric claims (first 10)")
        for d, c in claims[:10]:
            source = f" (source: {source_label(c.source)})" if c.source else ""
            out.print(f"{c.text}{source}  [{d.id[:10]}]", markup=False)


def _demo_stories(out: Console, engine) -> bool:
    """Stories and summaries, once the connect and tell modules exist (the demo runs at every
    stage of the project). Returns False when a step that exists failed (shown, not hidden)."""
    connect = getattr(engine, "connect", None)
    if not callable(connect):
        return True
    try:
        connect()
        stories = list(engine.stories() if callable(getattr(engine, "stories", None)) else engine.store.stories.list())
    except Exception as exc:  # noqa: BLE001 - the documents part above is still worth showing
        out.print(f"[red]error[/red]: stories: {type(exc).__name__}: {' '.join(str(exc).split())}")
        return False
    out.rule(f"{len(stories)} stories")
    ok = True
    for rank, story in enumerate(stories[:10]):
        members = getattr(story, "members", [])
        span = (f"{_fmt_time(getattr(story, 'first_time', None), 'story')} .. "
                f"{_fmt_time(getattr(story, 'last_time', None), 'story')}")
        out.print(f"[bold]{getattr(story, 'label', None) or story.id}[/bold]  {len(members)} reports, {span}",
                  highlight=False)
        if rank < 3:  # a cited summary of the three most recent stories, once lagebild.tell exists
            try:
                summary = _demo_summary(engine, story.id)
            except Exception as exc:  # noqa: BLE001
                out.print(f"  [red]error[/red]: summary: {type(exc).__name__}: {' '.join(str(exc).split())}")
                ok = False
                continue
            for sentence in getattr(summary, "sentences", [])[:5]:
                cites = ", ".join(c.doc_id[:8] for c in getattr(sentence, "citations", []))
                out.print(f"  - {sentence.text}" + (f" [{cites}]" if cites else ""), markup=False)
    return ok


def _demo_summary(engine, story_id: str):
    """The newest stored summary of a story, else a new draft (so re-running the demo adds none)."""
    summarize = getattr(engine, "summarize", None)
    if not callable(summarize):
        return None
    existing = engine.store.reviews.list(story_id=story_id)
    if existing:
        return max(existing, key=lambda s: s.version)
    return summarize(story_id)
