"""``lagebild summarize | review | publish | timeline | claims | news | export``: telling a story."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from lagebild.cli.app import app
from lagebild.cli.documents import DbOption, _console, _engine, _parse_time

review_app = typer.Typer(help="The editor review workflow: draft -> in_review -> approved|edited|rejected -> published.",
                         no_args_is_help=True)
app.add_typer(review_app, name="review")

ActorOption = typer.Option(..., "--actor", help="who does this (recorded in the audit log)")
NoteOption = typer.Option(None, "--note", help="a note for the audit log")


def _fail(message: str) -> None:
    _console().print(f"[red]error:[/red] {message}")
    raise typer.Exit(1)


def _print_summary(out, summary) -> None:
    from lagebild.tell.review import is_editor_note

    out.rule(f"{summary.id}  v{summary.version}  {summary.status}  ({summary.method})")
    for n, s in enumerate(summary.sentences, 1):
        if not s.supported:
            flag = f"  [red](nicht belegt: {_esc(s.note or '')})[/red]"
        elif is_editor_note(s.note):
            flag = f"  [yellow]({_esc(s.note or '')}, Quellen neu abgeglichen)[/yellow]"
        else:
            flag = ""
        out.print(f"{n}. {_esc(s.text)}{flag}")
        for c in s.citations:
            out.print(f"   [dim]↳ {c.doc_id}:{c.start}-{c.end}[/dim]")


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _guard(fn):
    """Workflow refusals and unknown ids become one clear line and exit code 1."""
    from lagebild.tell.llm import LLMError
    from lagebild.tell.review import ReviewError
    from lagebild.tell.service import StoryNotFound

    try:
        return fn()
    except (ReviewError, StoryNotFound, LLMError, ValueError) as exc:
        _fail(str(exc))


@app.command("summarize")
def summarize_cmd(story: str = typer.Argument(..., help="story id (see `lagebild stories`)"),
                  sentences: int = typer.Option(6, "--sentences", "-n", min=1, help="at most this many sentences"),
                  chars: Optional[int] = typer.Option(None, "--chars", min=40, help="at most this many characters"),
                  llm: Optional[str] = typer.Option(None, "--llm", help="OpenAI-compatible endpoint URL (abstractive)"),
                  model: Optional[str] = typer.Option(None, "--model", help="model name for --llm"),
                  db: Optional[str] = DbOption) -> None:
    """Draft a new cited summary version of a story (earlier versions are never overwritten)."""
    out = _console()
    with _engine(db) as engine:
        summary = _guard(lambda: engine.summarize(story, sentences=sentences, chars=chars, llm_url=llm, llm_model=model))
    _print_summary(out, summary)


@review_app.command("list")
def review_list(story: Optional[str] = typer.Option(None, "--story"), status: Optional[str] = typer.Option(None, "--status"),
                db: Optional[str] = DbOption) -> None:
    """Summary versions with their status."""
    with _engine(db) as engine:
        rows = engine.store.reviews.list(story, status)
    table = Table("id", "story", "version", "status", "method", "sentences", "parent", "created")
    for s in rows:
        table.add_row(s.id, s.story_id, str(s.version), s.status, s.method, str(len(s.sentences)), s.parent_id or "",
                      s.created_at.isoformat(timespec="seconds") if s.created_at else "")
    _console().print(table)


@review_app.command("show")
def review_show(summary_id: str, db: Optional[str] = DbOption) -> None:
    """A summary version with citations and its audit trail."""
    out = _console()
    with _engine(db) as engine:
        summary = engine.store.reviews.get(summary_id)
        if summary is None:
            _fail(f"summary {summary_id!r} not found")
        events = engine.store.reviews.events(summary_id)
    _print_summary(out, summary)
    out.print("[bold]Audit[/bold]")
    for e in events:
        out.print(f"  {e['at']}  {e['actor']}: {e['from_status'] or '-'} -> {e['to_status']}"
                  + (f"  ({e['note']})" if e["note"] else ""))
        if e["diff"]:
            out.print(e["diff"], markup=False)


def _move(summary_id: str, action: str, actor: str, note: Optional[str], db: Optional[str],
          sentences: list[str] | None = None) -> None:
    out = _console()
    with _engine(db) as engine:
        result = _guard(lambda: engine.review(summary_id, action, actor=actor, note=note, sentences=sentences))
    out.print(f"{result.id}: {result.status}" + (f" (new version {result.version} of {result.parent_id})"
                                                 if action == "edit" else ""))


@review_app.command("submit")
def review_submit(summary_id: str, actor: str = ActorOption, note: Optional[str] = NoteOption,
                  db: Optional[str] = DbOption) -> None:
    """draft -> in_review"""
    _move(summary_id, "submit", actor, note, db)


@review_app.command("approve")
def review_approve(summary_id: str, actor: str = ActorOption, note: Optional[str] = NoteOption,
                   db: Optional[str] = DbOption) -> None:
    """in_review -> approved"""
    _move(summary_id, "approve", actor, note, db)


@review_app.command("reject")
def review_reject(summary_id: str, actor: str = ActorOption, note: Optional[str] = NoteOption,
                  db: Optional[str] = DbOption) -> None:
    """in_review -> rejected"""
    _move(summary_id, "reject", actor, note, db)


@review_app.command("edit")
def review_edit(summary_id: str, actor: str = ActorOption,
                file: Optional[Path] = typer.Option(None, "--file", help="new text, one sentence per line ('-': stdin)"),
                text: Optional[str] = typer.Option(None, "--text", help="new text, one sentence per line"),
                note: Optional[str] = NoteOption, db: Optional[str] = DbOption) -> None:
    """in_review|edited -> edited: stores the new text as a new version (diff in the audit log)."""
    if (file is None) == (text is None):
        _fail("give exactly one of --file or --text")
    body = text if text is not None else (sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8"))
    _move(summary_id, "edit", actor, note, db, sentences=[line for line in body.splitlines() if line.strip()])


@app.command("publish")
def publish_cmd(summary_id: str, actor: str = ActorOption, note: Optional[str] = NoteOption,
                fmt: str = typer.Option("md", "--format", help="print the artifact as md or json"),
                db: Optional[str] = DbOption) -> None:
    """Publish an approved or edited summary: a versioned Markdown + JSON artifact."""
    with _engine(db) as engine:
        pub = _guard(lambda: engine.publish(summary_id, actor=actor, note=note))
    sys.stdout.write(pub["json_text"] + "\n" if fmt == "json" else pub["markdown"])


@app.command("timeline")
def timeline_cmd(story: str, db: Optional[str] = DbOption) -> None:
    """Dated events of a story with their sources."""
    from lagebild.tell.service import story_and_documents
    from lagebild.tell.timeline import render_timeline, story_timeline

    with _engine(db) as engine:
        _, docs = _guard(lambda: story_and_documents(engine.store, story))
    sys.stdout.write(render_timeline(story_timeline(docs), {d.id: d for d in docs}) + "\n")


@app.command("claims")
def claims_cmd(story: str, db: Optional[str] = DbOption) -> None:
    """The claim board: each tracked quantity's values side by side (qualifier, source, date, reading)."""
    from lagebild.tell.claim_board import render_board

    with _engine(db) as engine:
        board = _guard(lambda: engine.claim_board(story))
    sys.stdout.write(render_board(board) + "\n")


@app.command("news")
def news_cmd(story: str, since: Optional[str] = typer.Option(None, "--since", help="ISO time; default: last publication"),
             db: Optional[str] = DbOption) -> None:
    """What is new in a story since a time or since its last published summary."""
    out = _console()
    with _engine(db) as engine:
        news = _guard(lambda: engine.whats_new(story, _parse_time(since, "--since")))
    when = news.since.isoformat(sep=" ", timespec="minutes") if news.since else None
    if not news.summary.sentences and not news.claims:
        out.print(f"Nichts Neues seit {when} (nothing new since {when})." if when
                  else "Nichts Neues: die Story hat keine Meldungen (nothing new: the story has no reports).")
        return
    out.print(f"Neu seit {when} (new since {when}):" if when else "Alles ist neu (new since the beginning):")
    if news.summary.sentences:
        _print_summary(out, news.summary)
    from lagebild.tell.labels import doc_time

    for ref in news.claims:
        when = (doc_time(ref.time) or "ohne Zeit").replace("T", " ")
        out.print(f"  {_esc(ref.claim.text)}  [dim]({ref.doc_id}, {when})[/dim]")


def _drop_command(name: str) -> None:
    """``lagebild export`` is shared with the documents export (no STORY: all documents);
    this module's command handles both, so the earlier registration is removed."""
    app.registered_commands[:] = [c for c in app.registered_commands
                                  if (c.name or c.callback.__name__.replace("_", "-")) != name]


_drop_command("export")


@app.command("export")
def export_cmd(story: Optional[str] = typer.Argument(None, help="story id; without it: all stored documents"),
               fmt: Optional[str] = typer.Option(None, "--format",
                                                 help="with STORY: md | json | csv (default md); without: jsonl | json"),
               summary: Optional[str] = typer.Option(None, "--summary", help="summary id (default: newest published)"),
               out: Optional[Path] = typer.Option(None, "--out", help="file to write (default: stdout)"),
               db: Optional[str] = DbOption) -> None:
    """A story's summary, timeline, claim board and citations (md|json|csv), or all documents."""
    if story is None:
        from lagebild.cli.documents import export as export_documents

        export_documents(format=fmt or "jsonl", out=out, db=db)
        return
    fmt = fmt or "md"
    if fmt not in ("md", "json", "csv"):
        raise typer.BadParameter("choose md, json or csv", param_hint="--format")
    with _engine(db) as engine:
        text = _guard(lambda: engine.export(story, fmt, summary))
    if out is not None:
        # CSV with a byte-order mark: German Excel reads it as UTF-8 (umlauts intact)
        out.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
        typer.echo(f"story {story} written to {out}", err=True)
    else:
        sys.stdout.write(text)
