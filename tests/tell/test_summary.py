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


# our own sentences: a storm over Bremen; the "Demnach" sentence is the most central one but
# cannot be read without the sentence before it (whose report does "demnach" refer to?)
STORM_REPORT = (
    "Sturm über Bremen\n"
    "Der Deutsche Wetterdienst legte am Dienstag in Offenbach seine Bilanz vor. "
    "Demnach hat der Sturm in Bremen 12 Menschen verletzt, Bäume auf Straßen geworfen und den Straßenbahnverkehr "
    "lahmgelegt. "
    "Die Feuerwehr war die ganze Nacht im Einsatz."
)
STORM_OTHERS = [
    ("Sturmschäden in Bremen\n"
     "Der Sturm hat in Bremen 12 Menschen verletzt, teilte die Polizei mit. "
     "Umgestürzte Bäume blockierten am Morgen viele Straßen der Stadt."),
    ("Bremen räumt auf\n"
     "Helfer räumen in Bremen Bäume von den Straßen, der Straßenbahnverkehr ist weiter lahmgelegt. "
     "Der Bürgermeister dankte den Einsatzkräften."),
]


def _storm_docs(others=STORM_OTHERS):
    from datetime import datetime

    from tests.tell.corpus import make_doc

    return [make_doc("storm-0", STORM_REPORT, datetime(2026, 2, 3, 9, 0))] + [
        make_doc(f"storm-{i + 1}", text, datetime(2026, 2, 3, 10 + i, 0)) for i, text in enumerate(others)]


def _leans_only_on_its_predecessor(texts):
    for i, t in enumerate(texts):
        if t.startswith("Demnach"):  # only right after the sentence it refers to
            assert i > 0 and texts[i - 1].startswith("Der Deutsche Wetterdienst legte"), texts


def test_sentence_leaning_on_the_previous_one_is_not_picked_alone():
    docs = _storm_docs()
    for n in (1, 2, 3, 4):
        texts = [s.text for s in summarize(docs, "st-storm", opts=SummaryOptions(sentences=n)).sentences]
        _leans_only_on_its_predecessor(texts)


def test_sentence_leaning_on_the_previous_one_is_kept_with_it_in_order():
    from lagebild.tell.summary import candidates

    docs = _storm_docs(others=[])
    demnach = [c for c in candidates(docs) if c.text.startswith("Demnach")]
    assert demnach and demnach[0].anaphoric and demnach[0].follows  # it follows the DWD sentence
    texts = [s.text for s in summarize(docs, "st-storm", opts=SummaryOptions(sentences=3)).sentences]
    assert any(t.startswith("Demnach") for t in texts)
    _leans_only_on_its_predecessor(texts)


def test_mmr_defers_an_item_until_it_is_allowed():
    import numpy as np

    from lagebild.tell.mmr import mmr_select

    # item 1 needs item 0: it scores best but is picked only once 0 is in
    def needs_0(i, picked):
        return i != 1 or 0 in picked

    assert mmr_select(np.array([0.5, 1.0, 0.2]), np.eye(3), lam=1.0, limit=2, allowed=needs_0) == [0, 1]
    assert mmr_select(np.array([0.5, 1.0, 0.2]), np.eye(3), lam=1.0, limit=1, allowed=needs_0) == [0]


@pytest.mark.parametrize("opening", ["Demnach", "Dabei", "Daher", "Deshalb", "Zudem", "Außerdem", "Dennoch",
                                     "Allerdings", "Trotzdem", "Dies", "Diese", "Dieser"])
def test_anaphoric_openings(opening):
    from lagebild.tell.summary import Candidate

    def cand(text):
        return Candidate(doc_id="d", start=0, end=1, text=text, time=None, position=0.0)

    assert cand(f"{opening} wurden zwölf Menschen verletzt.").anaphoric
    assert cand("Er sagte, der Sturm sei vorbei.").anaphoric and cand("Sie sagte, der Sturm sei vorbei.").anaphoric
    assert not cand("Der Sturm hat zwölf Menschen verletzt.").anaphoric
    assert not cand("Sie-Gruppe meldet Schäden in Bremen.").anaphoric
