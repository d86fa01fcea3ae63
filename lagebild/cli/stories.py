"""``lagebild stories | story ID``: stories from the command line (connect stage)."""
from __future__ import annotations

from typing import Optional

import typer
from rich.table import Table

from lagebild.cli.app import app
from lagebild.cli.documents import DbOption, _console, _engine, _fmt_time


@app.command("stories")
def list_stories(
    db: Optional[str] = DbOption,
    update: bool = typer.Option(True, help="first assign documents not yet in a story"),
    limit: int = typer.Option(50, min=1),
) -> None:
    """Stories, newest first: id, label, size, first and last report time."""
    out = _console()
    with _engine(db) as engine:
        if update:
            rep = engine.update_stories()
            if rep.assigned:
                out.print(f"[dim]{rep.summary()}[/dim]")
        stories = engine.stories(limit=limit)
    table = Table("id", "label", "size", "first", "last")
    for st in stories:
        table.add_row(st.id, st.label or "", str(len(st.members)), _fmt_time(st.first_time, 'story'), _fmt_time(st.last_time, 'story'))
    out.print(table)


@app.command("story")
def show_story(story_id: str = typer.Argument(..., help="story id (see `lagebild stories`)"),
               db: Optional[str] = DbOption) -> None:
    """A story: documents, duplicates, claim groups with their readings, timeline."""
    out = _console()
    with _engine(db) as engine:
        detail = engine.story(story_id)
    if detail is None:
        out.print(f"story {story_id!r} not found")
        raise typer.Exit(1)
    st = detail.story
    out.rule(f"{st.id}: {st.label or ''}")
    out.print(f"{len(st.members)} reports, {_fmt_time(st.first_time, 'story')} .. {_fmt_time(st.last_time, 'story')}")
    names = {d.id: d.name for d in detail.documents}
    docs = Table("time", "document", "part", "score", "title / source")
    by_id = {d.id: d for d in detail.documents}
    for m in st.members:
        d = by_id.get(m.doc_id)
        title = (d.meta.title or d.meta.source or "") if d else ""
        part = "whole" if m.segment < 0 else f"entry {m.segment}"
        docs.add_row(_fmt_time(m.time, 'story'), names.get(m.doc_id, m.doc_id), part,
                     "" if m.score is None else f"{m.score:.2f}", title)
    out.print(docs)
    if detail.duplicates:
        out.rule(f"{len(detail.duplicates)} duplicate links")
        for link in detail.duplicates:
            where = ""
            if link.level == "passage" and link.b_doc in by_id:
                where = " " + repr(by_id[link.b_doc].text[link.b_start:link.b_end][:90] + "…")
            out.print(f"{link.level:9} {link.score:.2f}  {names.get(link.a_doc, link.a_doc)} ~ "
                      f"{names.get(link.b_doc, link.b_doc)}{where}", markup=False)
    if detail.claim_groups:
        out.rule(f"{len(detail.claim_groups)} claim groups")
        for g in detail.claim_groups:
            out.print(f"[bold]{g.label}[/bold]  ({g.key})")
            for r in g.readings:
                c = r.ref.claim
                out.print(f"  {r.label:13} {c.text}  source: {c.source or '-'}  as of: {c.as_of or '-'}  "
                          f"[{names.get(r.ref.doc_id, r.ref.doc_id)}]", markup=False)
                out.print(f"  {'':13} {r.reasoning}", markup=False, style="dim")
    if detail.timeline:
        out.rule(f"timeline ({len(detail.timeline)} events)")
        for ev in detail.timeline:
            srcs = ", ".join(sorted({names.get(s.doc_id, s.doc_id) for s in ev.sources}))
            out.print(f"{ev.date:10}  {ev.text[:140]}  [{srcs}]", markup=False)
