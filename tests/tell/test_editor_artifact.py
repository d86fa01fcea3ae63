"""Editor edits re-aligned to the sources, the published artifact for German readers (review
record, dates at their precision), `news` with nothing new, the CSV export for German Excel.
On the Oder test story (tests/tell/corpus.py, our own sentences)."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest
from typer.testing import CliRunner

from lagebild.story import Source, Story, StoryMember, Summary, SummarySentence
from lagebild.tell.export import StoryReport, export
from lagebild.tell.review import edited_sentences, publication_json, publication_markdown
from lagebild.tell.summary import rank, summarize
from tests.tell.corpus import documents

T0 = datetime(2026, 5, 12, 10, 0)


@pytest.fixture(scope="module")
def docs():
    return documents()


@pytest.fixture(scope="module")
def pool(docs):
    return [c for c, _ in rank(docs)]


def wire_summary(docs) -> Summary:
    """Two sentences of the agency report, each citing its own sentence."""
    wire = docs[0]
    sents = []
    for text in ("Nach Angaben des Landkreises mussten rund 1.200 Menschen ihre Häuser verlassen.",
                 "Das Technische Hilfswerk schickte zusätzliche Pumpen aus Cottbus in das Gebiet."):
        start = wire.text.index(text)
        end = start + len(text)
        sents.append(SummarySentence(text=text, citations=[Source(doc_id=wire.id, start=start, end=end, text=text)]))
    return Summary(id="s1", story_id="st-oder", version=1, status="in_review", sentences=sents)


# ------------------------------------------------------------------ 1. edits are re-aligned
def test_unrelated_edited_sentence_is_unsupported_and_cites_nothing(docs, pool):
    summary = wire_summary(docs)
    texts = [summary.sentences[0].text, "Trump ist auch dabei."]
    kept, changed = edited_sentences(summary, texts, pool)
    assert kept == summary.sentences[0]  # unchanged: keeps text, citations, support
    assert changed.text == "Trump ist auch dabei."  # the editor's text exactly
    assert changed.supported is False and changed.citations == []
    assert changed.note.startswith("vom Redakteur geändert") and "Kein Quellensatz" in changed.note


def test_typo_fix_keeps_support_and_its_source(docs, pool):
    summary = wire_summary(docs)
    original = summary.sentences[1]
    fixed = original.text.replace("Hilfswerk", "Hilfswerck")  # a light edit of one word
    [_, light] = edited_sentences(summary, [summary.sentences[0].text, fixed], pool)
    assert light.text == fixed and light.supported is True
    assert [(c.doc_id, c.start, c.end) for c in light.citations] == [(c.doc_id, c.start, c.end)
                                                                    for c in original.citations]
    assert light.note == "vom Redakteur geändert"


def test_changed_sentence_cites_what_supports_it_not_what_stood_there(docs, pool):
    summary = wire_summary(docs)
    article = docs[1]
    # the editor replaces the THW sentence with one the article supports (the soldiers)
    new = "Am Montagnachmittag kamen 300 Soldaten der Bundeswehr nach Frankfurt, um Sandsäcke zu füllen."
    [_, changed] = edited_sentences(summary, [summary.sentences[0].text, new], pool)
    assert changed.supported is True
    assert {c.doc_id for c in changed.citations} == {article.id}
    assert all("300 Soldaten" in c.text for c in changed.citations)
    # a changed figure is not supported by the sentence that gave the old one
    wrong = summary.sentences[0].text.replace("1.200", "2.400")
    [flagged] = edited_sentences(summary, [wrong], pool)
    assert flagged.supported is False and "Zahlen ohne Beleg: 2400" in flagged.note
    assert "Inhaltswörter" not in flagged.note  # every word is covered; only the figure is not


def test_added_sentence_is_aligned_too(docs, pool):
    summary = wire_summary(docs)
    texts = [s.text for s in summary.sentences] + ["Ein zweiter Deich bei Lebus hat in der Nacht gehalten."]
    added = edited_sentences(summary, texts, pool)[2]
    assert added.supported is True and added.citations and added.note == "vom Redakteur ergänzt"
    alone = edited_sentences(summary, texts)[2]  # no sources to compare with: never supported
    assert alone.supported is False and alone.citations == []


# ------------------------------------------------------------------ 2./3. the published artifact
EVENTS = [
    {"actor": "eva", "from_status": "draft", "to_status": "in_review", "at": T0, "note": "taken into review",
     "summary_id": "s1"},
    {"actor": "anna", "from_status": "in_review", "to_status": "edited", "at": T0, "note": "edited; new version s2",
     "summary_id": "s1"},
    {"actor": "anna", "from_status": None, "to_status": "edited", "at": T0, "note": "edit of s1", "summary_id": "s2"},
]


def _artifact(docs, precision):
    summary = wire_summary(docs).model_copy(update={"id": "s2", "status": "edited", "parent_id": "s1"})
    documents = {docs[0].id: {"name": "wire", "title": "Deichbruch", "source": "dpa",
                              "published": "2025-09-02T00:00:00", "published_precision": precision}}
    return publication_json(summary, EVENTS, story_label="Deichbruch an der Oder", publication_version=1,
                            published_by="chef", published_at=T0, documents=documents)


def test_review_record_in_german_without_none(docs):
    art = _artifact(docs, "day")
    md = publication_markdown(art)
    record = md.split("## Geprüft von", 1)[1]
    assert "None" not in record and "in_review" not in record and "edited" not in record
    assert "- eva: Entwurf → in Prüfung, 2026-05-12T10:00:00 – zur Prüfung übernommen" in record
    assert "- anna: in Prüfung → bearbeitet, 2026-05-12T10:00:00 – bearbeitet; neue Version s2" in record
    assert "- anna: erstellt (bearbeitet), 2026-05-12T10:00:00 – Bearbeitung von s1" in record
    # the JSON keeps machine-readable English status keys
    assert [(r["from_status"], r["to_status"]) for r in art["reviewed_by"]] == [
        ("draft", "in_review"), ("in_review", "edited"), (None, "edited")]


def test_status_labels_live_in_one_place():
    from lagebild.tell.labels import STATUS_DE
    from lagebild.web import views

    assert views.STATUS_DE is STATUS_DE
    assert views.templates.env.filters["status_de"]("in_review") == "in Prüfung"


def test_document_date_printed_at_its_precision(docs):
    art = _artifact(docs, "day")
    assert {s["published"] for s in art["sources"]} == {"2025-09-02"}
    assert "dpa, 2025-09-02, Zeichen" in publication_markdown(art)
    assert "T00:00:00" not in publication_markdown(art).split("## Geprüft von")[0]
    assert {s["published"] for s in _artifact(docs, "minute")["sources"]} == {"2025-09-02T00:00:00"}
    assert {s["published"] for s in _artifact(docs, "month")["sources"]} == {"2025-09"}
    # the story export too
    day = docs[0].model_copy(update={"meta": docs[0].meta.model_copy(
        update={"published": datetime(2025, 9, 2), "published_precision": "day"})})
    minute = docs[1]
    report = StoryReport(story=Story(id="st-oder", members=[StoryMember(doc_id=d.id) for d in docs]),
                         documents=[day, minute], summary=None, timeline=[], board=[])
    published = {d["id"]: d["published"] for d in json.loads(export(report, "json"))["documents"]}
    assert published == {day.id: "2025-09-02", minute.id: "2026-05-11T20:00:00"}


# ------------------------------------------------------------------ 5. CSV for German Excel
def test_csv_quotes_commas_quotes_and_newlines(docs):
    text = 'Der Landrat sagte, „alles“ sei "unter Kontrolle",\nvorerst.'
    summary = Summary(id="s", story_id="st-oder", version=1, sentences=[SummarySentence(
        text=text, citations=[Source(doc_id=docs[0].id, start=0, end=5, text="Deich, bruch")])])
    report = StoryReport(story=Story(id="st-oder"), documents=docs, summary=summary, timeline=[], board=[])
    out = export(report, "csv")
    assert '"Der Landrat sagte, „alles“ sei ""unter Kontrolle"",\nvorerst."' in out
    [row] = list(csv.DictReader(io.StringIO(out, newline="")))
    assert row["text"] == text and row["cited_text"] == "Deich, bruch"


# ------------------------------------------------------------------ CLI: edit, show, news, export
@pytest.fixture
def cli(tmp_path, docs):
    """run(*args) against a fresh database holding the Oder story."""
    from lagebild.cli import app
    from lagebild.store import Store

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    store = Store(url)
    for d in docs:
        store.documents.add(d)
    store.stories.save(Story(id="st-oder", label="Deichbruch an der Oder",
                             members=[StoryMember(doc_id=d.id, time=d.meta.published) for d in docs]))
    runner = CliRunner()

    def run(*args, code=0):
        result = runner.invoke(app, [*args, "--db", url])
        assert result.exit_code == code, result.output
        return result.output

    run.store = store
    yield run
    store.close()


def test_cli_edit_show_and_publish(cli):
    store = cli.store
    cli("summarize", "st-oder", "--sentences", "3")
    [draft] = store.reviews.list("st-oder")
    cli("review", "submit", draft.id, "--actor", "eva")
    texts = [s.text for s in draft.sentences]
    texts[1] = "Trump ist auch dabei."
    cli("review", "edit", draft.id, "--actor", "anna", "--text", "\n".join(texts))
    edited = [s for s in store.reviews.list("st-oder") if s.parent_id == draft.id][0]
    assert edited.sentences[1].supported is False and edited.sentences[1].citations == []
    shown = " ".join(cli("review", "show", edited.id).split())
    assert "Trump ist auch dabei. (nicht belegt: vom Redakteur geändert" in shown
    md = cli("publish", edited.id, "--actor", "chef")
    assert "- Trump ist auch dabei. *(nicht belegt)*" in md
    assert "None" not in md and "anna: in Prüfung → bearbeitet" in md and "anna: erstellt (bearbeitet)" in md
    pub = store.reviews.latest_publication("st-oder")["json"]
    assert pub["sentences"][1]["citations"] == [] and pub["sentences"][1]["supported"] is False


def test_cli_news_with_nothing_new_says_so(cli):
    store = cli.store
    cli("summarize", "st-oder", "--sentences", "3")
    [draft] = store.reviews.list("st-oder")
    cli("review", "submit", draft.id, "--actor", "eva")
    cli("review", "approve", draft.id, "--actor", "eva")
    cli("publish", draft.id, "--actor", "chef")
    news = cli("news", "st-oder")
    assert "nothing new since" in news and "Nichts Neues seit" in news
    assert "none" not in news and "v0" not in news and len(news.strip().splitlines()) == 1


def test_cli_csv_file_has_a_byte_order_mark(cli, tmp_path):
    cli("summarize", "st-oder", "--sentences", "3")
    target = tmp_path / "oder.csv"
    cli("export", "st-oder", "--format", "csv", "--out", str(target))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfsection,")  # German Excel then reads UTF-8: umlauts intact
    assert "ä" in raw.decode("utf-8-sig") or "ü" in raw.decode("utf-8-sig")
    assert cli("export", "st-oder", "--format", "csv").startswith("section,")  # stdout: no BOM
    cli("export", "st-oder", "--format", "md", "--out", str(tmp_path / "oder.md"))
    assert not (tmp_path / "oder.md").read_bytes().startswith(b"\xef\xbb\xbf")
