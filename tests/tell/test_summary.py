"""Extractive summary: every sentence cited, spans real, duplicates merged, length honoured."""
from __future__ import annotations

import pytest

from lagebild.story import StoryMember
from lagebild.tell.summary import SummaryOptions, summarize
from lagebild.tell.text import key_terms
from tests.tell.corpus import documents


@pytest.fixture(scope="module")
def docs():
    return documents()


def assert_cited(summary, docs):
    by_id = {d.id: d for d in docs}
    assert summary.sentences
    for s in summary.sentences:
        assert s.citations, s.text
        for c in s.citations:
            doc = by_id[c.doc_id]
            assert doc.text[c.start:c.end] == c.text
            assert key_terms(s.text) & key_terms(c.text), (s.text, c.text)


def test_every_sentence_cites_a_real_supporting_span(docs):
    summary = summarize(docs, "st-oder")
    assert summary.status == "draft" and summary.method == "extractive"
    assert_cited(summary, docs)
    for s in summary.sentences:
        for c in s.citations:
            # extractive: the cited span is the sentence (whitespace aside) or a near-identical one
            assert key_terms(s.text) & key_terms(c.text)


def test_near_identical_sentence_is_one_sentence_citing_both(docs):
    summary = summarize(docs, "st-oder")
    breach = [s for s in summary.sentences if "40 Metern gebrochen" in s.text]
    assert len(breach) == 1
    assert {c.doc_id for c in breach[0].citations} == {docs[0].id, docs[1].id}


def test_sentence_and_character_budgets(docs):
    assert len(summarize(docs, "x", opts=SummaryOptions(sentences=2)).sentences) == 2
    short = summarize(docs, "x", opts=SummaryOptions(sentences=None, chars=250))
    assert 1 <= len(short.sentences) and sum(len(s.text) + 1 for s in short.sentences) <= 251


def test_titles_are_not_summary_sentences(docs):
    texts = [s.text for s in summarize(docs, "x", opts=SummaryOptions(sentences=10)).sentences]
    assert "Deichbruch an der Oder bei Frankfurt" not in texts
    assert all(len(t.split()) >= 6 for t in texts)


def test_liveblog_member_entries_restrict_the_sentences(docs):
    blog = docs[2]
    members = [StoryMember(doc_id=blog.id, segment=2)]
    summary = summarize([blog], "x", members=members)
    entry = blog.segments[2]
    assert summary.sentences
    for s in summary.sentences:
        for c in s.citations:
            assert entry.start <= c.start < entry.end


def test_newer_and_figure_sentences_are_preferred(docs):
    texts = " ".join(s.text for s in summarize(docs, "x", opts=SummaryOptions(sentences=4)).sentences)
    assert "1.800" in texts  # the latest count of evacuees, from the newest liveblog entry


def test_agency_dateline_is_not_part_of_the_cited_sentence():
    from tests.tell.corpus import make_doc

    text = ("Pumpen im Einsatz\nFRANKFURT (ODER) (dpa) - Das Technische Hilfswerk hat in der Nacht acht große Pumpen "
            "an die Oder gebracht. Die Helfer arbeiten nach Angaben der Feuerwehr in drei Schichten rund um die Uhr.")
    doc = make_doc("dateline", text, None, kind="agency_wire")
    first = summarize([doc], "x").sentences[0]
    assert first.text.startswith("Das Technische Hilfswerk")
    c = first.citations[0]
    assert doc.text[c.start:c.end] == first.text


def test_regional_dateline_is_not_part_of_the_cited_sentence():
    from tests.tell.corpus import make_doc

    text = ("Pegel fällt langsam\n\nBad Kreuznach, 16.10.2025 – Der Pegel der Nahe ist in der Nacht um vierzig "
            "Zentimeter gefallen. Die Feuerwehr pumpt nach eigenen Angaben weiter Keller in der Altstadt leer.")
    doc = make_doc("regional", text, None)
    first = summarize([doc], "x").sentences[0]
    assert first.text.startswith("Der Pegel der Nahe")
    c = first.citations[0]
    assert doc.text[c.start:c.end] == first.text
