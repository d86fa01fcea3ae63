"""What is new, the claim board, timeline rendering and the exports, on the Oder test story;
then the same through storage and the CLI (summarize -> review -> publish -> news -> export)."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest
from typer.testing import CliRunner

from lagebild.connect.claim_tracking import track_claims
from lagebild.story import ClaimRef, Story, StoryMember
from lagebild.tell.claim_board import claim_board, format_number, render_board
from lagebild.tell.export import StoryReport, export
from lagebild.tell.summary import summarize
from lagebild.tell.timeline import render_timeline, story_timeline
from lagebild.tell.whatsnew import whats_new
from tests.tell.corpus import documents

EVENING = datetime(2026, 5, 11, 19, 0)


@pytest.fixture(scope="module")
def docs():
    return documents()


def refs_of(docs):
    return [ClaimRef(doc_id=d.id, claim=c, time=d.meta.published) for d in docs for c in d.claims]


def test_whats_new_since_a_time_uses_entry_times(docs):
    wire, article, blog = docs
    news = whats_new(docs, "st-oder", EVENING)
    cited = {(c.doc_id, c.start) for s in news.summary.sentences for c in s.citations}
    assert news.summary.sentences and news.summary.method == "update"
    last_entry = blog.segments[2]
    for doc_id, start in cited:
        assert doc_id == article.id or (doc_id == blog.id and start >= last_entry.start)
    assert [r.claim.value for r in news.claims] == [300, 1500, 1800]  # the evening article and last entry, not the 1.200 of the morning wire
    assert news.claims[-1].time == last_entry.time


def test_whats_new_does_not_repeat_what_was_told(docs):
    told = [s.text for s in summarize(docs, "x").sentences]
    news = whats_new(docs, "st-oder", None, told=told)
    assert not {s.text for s in news.summary.sentences} & set(told)


def test_format_number_german():
    assert [format_number(v) for v in (11000, 10000.0, 2.5, 1234.5, 7)] == ["11.000", "10.000", "2,5", "1.234,5", "7"]


def test_claim_board_rows(docs):
    board = claim_board(track_claims(refs_of(docs)), {d.id: d for d in docs})
    people = next(e for e in board if any(r.number == 1200 for r in e.rows))
    assert [r.value for r in people.rows][:2] == ["rund 1.200", "mehr als 1.500"]
    for r in people.rows:
        doc = next(d for d in docs if d.id == r.doc_id)
        assert doc.text[r.citation.start:r.citation.end] == r.citation.text and r.reasoning
    assert "rund 1.200" in render_board(board)


def test_timeline_render_and_exports(docs):
    events = story_timeline(docs)
    assert events and all(e.sources for e in events)
    assert "2026-05-12" in render_timeline(events, {d.id: d for d in docs})
    story = Story(id="st-oder", label="Deichbruch an der Oder",
                  members=[StoryMember(doc_id=d.id) for d in docs])
    report = StoryReport(story=story, documents=docs, summary=summarize(docs, "st-oder"), timeline=events,
                         board=claim_board(track_claims(refs_of(docs)), {d.id: d for d in docs}))
    md = export(report, "md")
    assert md.startswith("# Deichbruch an der Oder") and "## Zeitleiste" in md and "## Quellen" in md
    assert "| rund 1.200 |" in md and "[1]" in md
    data = json.loads(export(report, "json"))
    assert data["summary"]["sentences"][0]["citations"] and data["claim_board"] and data["timeline"]
    rows = list(csv.DictReader(io.StringIO(export(report, "csv"))))
    assert {r["section"] for r in rows} == {"summary", "timeline", "claims"}
    by_id = {d.id: d for d in docs}
    for r in rows:
        assert by_id[r["doc_id"]].text[int(r["start"]):int(r["end"])] == r["cited_text"]
    assert export(report, "md") == md  # deterministic
    with pytest.raises(ValueError, match="format"):
        export(report, "xml")


def test_cli_workflow_end_to_end(tmp_path, docs):
    from lagebild.cli import app
    from lagebild.store import Store

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    store = Store(url)
    early = docs[:2]
    for d in docs:
        store.documents.add(d)
    store.stories.save(Story(id="st-oder", label="Deichbruch an der Oder",
                             members=[StoryMember(doc_id=d.id, time=d.meta.published) for d in early]))
    store.stories.save_claim_groups("st-oder", track_claims(refs_of(early), "st-oder"))
    runner = CliRunner()

    def run(*args, code=0):
        result = runner.invoke(app, [*args, "--db", url])
        assert result.exit_code == code, result.output
        return result.output

    out = run("summarize", "st-oder", "--sentences", "3")
    [draft] = store.reviews.list("st-oder")
    assert draft.id in out and len(draft.sentences) == 3
    assert "cannot approve" in run("review", "approve", draft.id, "--actor", "eva", code=1)
    run("review", "submit", draft.id, "--actor", "eva")
    edited_text = "\n".join([s.text for s in draft.sentences[:2]] + ["Der Landkreis richtete Notunterkünfte ein."])
    run("review", "edit", draft.id, "--actor", "eva", "--text", edited_text)
    edited = [s for s in store.reviews.list("st-oder") if s.parent_id == draft.id][0]
    assert not edited.sentences[2].supported or edited.sentences[2].note
    shown = run("review", "show", draft.id)
    assert "+Der Landkreis richtete Notunterkünfte ein." in shown
    assert "cannot publish" in run("publish", draft.id, "--actor", "eva", code=1)
    md = run("publish", edited.id, "--actor", "chef")
    assert "## Geprüft von" in md and "eva" in md and "chef" in md
    assert edited.id in run("review", "list", "--story", "st-oder")
    # the blog arrives later: what's new since the publication is only the blog
    store.stories.save(Story(id="st-oder", label="Deichbruch an der Oder",
                             members=[StoryMember(doc_id=d.id, time=d.meta.published) for d in docs]))
    news = run("news", "st-oder")
    assert "Lebus" in news or "1.800" in news
    assert "rund 1.200" not in news
    assert "None" not in news and "Neu seit" in news
    assert "Zeitleiste" in run("export", "st-oder", "--format", "md")
    assert json.loads(run("export", "st-oder", "--format", "json"))["summary"]["status"] == "published"
    assert run("export", "st-oder", "--format", "csv").startswith("section,")
    assert "2026-05-1" in run("timeline", "st-oder")
    assert "rund 1.200" in run("claims", "st-oder")
    assert "not found" in run("summarize", "st-nope", code=1)
    store.close()
