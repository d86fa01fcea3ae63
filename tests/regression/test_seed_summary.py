"""Seed acceptance for issue 5 (tell the story), through storage and the Engine:

- the summary of the Sept-2025 story (seeds 000, 001, 002) cites only those documents, every
  citation span exists and shares the sentence's key names/figures, and it tells of the parade,
  the Xi–Putin talks and the Putin–Kim meeting;
- the claim board for North Korean soldiers shows 11.000 / mehr als 10.000 / rund 15.000 with
  sources and dates (claims from the claims stage when it is registered; until then Claim
  objects from gold claims.json, placed on their spans in the texts);
- the seed timeline holds the gold timeline.json events with the right dates (needs the times
  stage; skipped until it is registered).

002 and 003 carry no publication time; they are ingested with the caller's time (gold
documents.json ``event_date``), as `lagebild ingest --published` would."""
from __future__ import annotations

import json
import re

import pytest

from datetime import datetime

from lagebild.config import Settings
from lagebild.document import Claim, RawDocument
from lagebild.engine import Engine
from lagebild.ingest.decode import to_document
from lagebild.pipeline import STAGES, Pipeline
from lagebild.story import ClaimRef, Story, StoryMember
from lagebild.tell.claim_board import claim_board, format_number
from lagebild.tell.text import key_terms

SEPT = ["000_5e518155fb4ba7bc", "001_66a4197c0a17e729", "002_d03c8074fb176ee0"]


@pytest.fixture(scope="module")
def seeds(shared_dir):
    import lagebild.stages  # noqa: F401

    settings = Settings()
    names = [n for n in settings.pipeline if n in STAGES]
    pipeline = Pipeline.from_names(names, settings)
    meta = {d["doc"]: d for d in json.loads((shared_dir / "gold" / "documents.json").read_text(encoding="utf-8"))}
    docs = {}
    for path in sorted((shared_dir / "seeds").glob("0*.txt")):
        caller = meta[path.stem].get("event_date") if not meta[path.stem].get("published") else None
        raw = RawDocument(content=path.read_bytes(), origin=str(path), name=path.stem,
                          published=datetime.fromisoformat(caller) if caller else None,
                          published_from="caller" if caller else None)
        docs[path.stem] = pipeline(to_document(raw, settings))
    return docs


@pytest.fixture(scope="module")
def engine(seeds, tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('seed') / 'tell.db'}"
    eng = Engine(Settings(db_url=url))
    for doc in seeds.values():
        eng.store.documents.add(doc)
    members = [StoryMember(doc_id=seeds[n].id, time=seeds[n].meta.published) for n in SEPT]
    eng.store.stories.save(Story(id="st-sept-2025", label="Putin, Xi und Kim in Peking", members=members))
    yield eng
    eng.close()


@pytest.fixture(scope="module")
def summary(engine):
    return engine.summarize("st-sept-2025")


def test_summary_cites_only_story_documents_with_supporting_spans(summary, seeds):
    by_id = {d.id: d for d in seeds.values()}
    allowed = {seeds[n].id for n in SEPT}
    assert summary.status == "draft" and summary.version == 1 and len(summary.sentences) >= 3
    for s in summary.sentences:
        assert s.citations, s.text
        for c in s.citations:
            assert c.doc_id in allowed
            assert by_id[c.doc_id].text[c.start:c.end] == c.text
            assert key_terms(s.text) & key_terms(c.text), (s.text, c.text)


def test_summary_tells_parade_talks_and_meeting(summary):
    sentences = [s.text for s in summary.sentences]
    text = " ".join(sentences)
    assert "Militärparade" in text
    assert any("Xi" in s and "Putin" in s and re.search(r"Gespräch|Treffen", s) for s in sentences)
    assert any("Putin" in s and "Kim" in s and re.search(r"Treffen|trifft|getroffen|gelobt|Gespräch", s)
               for s in sentences)


def test_rerun_makes_a_new_draft(engine, summary):
    again = engine.summarize("st-sept-2025")
    assert again.version == summary.version + 1 and again.id != summary.id
    assert [s.text for s in again.sentences] == [s.text for s in summary.sentences]  # deterministic


# ---------------------------------------------------------------------- claim board
def _gold_claims_on_text(shared_dir, seeds) -> list[ClaimRef]:
    """Gold troop figures as Claim objects on their real spans (until the claims stage lands)."""
    refs = []
    for g in json.loads((shared_dir / "gold" / "claims.json").read_text(encoding="utf-8")):
        if g["topic"] not in ("nk_soldiers_sent", "nk_soldiers_in_kursk"):
            continue
        doc = seeds[g["doc"]]
        surface = g.get("surface") or f"{g['qualifier']} {format_number(g['value'])}"
        m = re.search(re.escape(surface), doc.text) or re.search(re.escape(format_number(g["value"])), doc.text)
        assert m, (g["doc"], surface)
        qualifier = g["qualifier"] if g["qualifier"] in ("mehr als", "rund", "über") else None
        claim = Claim(start=m.start(), end=m.end(), text=m.group(), value=g["value"], qualifier=qualifier,
                      unit="Soldaten", subject="nordkoreanische", event="entsenden", source=g["source"],
                      as_of=g["as_of"])
        refs.append(ClaimRef(doc_id=doc.id, claim=claim, time=doc.meta.published))
    return refs


def test_claim_board_north_korean_soldiers(seeds, shared_dir):
    from lagebild.connect.claim_tracking import track_claims

    if "claims" in STAGES:
        refs = [ClaimRef(doc_id=d.id, claim=c, time=d.meta.published) for d in seeds.values() for c in d.claims]
    else:  # switch: once the claims stage is registered, the branch above runs instead
        refs = _gold_claims_on_text(shared_dir, seeds)
    by_id = {d.id: d for d in seeds.values()}
    board = claim_board(track_claims(refs), by_id)
    rows = [r for e in board for r in e.rows if r.unit and "Soldat" in r.unit and r.number in (11000, 10000, 15000)]
    values = {r.value for r in rows}
    assert any(v.endswith("11.000") for v in values)
    assert "mehr als 10.000" in values and "rund 15.000" in values
    for r in rows:
        assert r.date and r.label in ("first", "update", "consistent")
        # the three figures a reader must compare name their source (001's "über zehntausend" names none)
        assert r.source or r.value == "über 10.000", r
        assert by_id[r.doc_id].text[r.citation.start:r.citation.end] == r.citation.text
    fifteen = next(r for r in rows if r.value == "rund 15.000")
    assert fifteen.doc_name == "002_d03c8074fb176ee0" and "südkoreanisch" in fifteen.source
    assert fifteen.date == "2025-09-03"


# ---------------------------------------------------------------------- timeline
# a German word the event's sentence must carry, per gold timeline.json entry (in file order)
EVENT_WORDS = ["Peskow", "Partnerschaft", "Choe", "11.000", "Sonntag", "Gespräch", "Grenze", "parade", "Kim"]


@pytest.mark.parametrize("index", range(len(EVENT_WORDS)))
def test_seed_timeline_has_gold_event(seeds, shared_dir, index):
    if "times" not in STAGES:
        pytest.skip("the times stage is not registered yet: switch on when lagebild.understand.temporal lands")
    from lagebild.tell.timeline import story_timeline

    events = story_timeline(list(seeds.values()))
    gold = json.loads((shared_dir / "gold" / "timeline.json").read_text(encoding="utf-8"))[index]
    word = EVENT_WORDS[index]
    ids = {n: d.id for n, d in seeds.items()}
    hits = [e for e in events if e.date.startswith(gold["date"])
            and any(word.lower() in (s.text or "").lower() for s in e.sources)
            and {ids[d] for d in gold["docs"]} & {s.doc_id for s in e.sources}]
    assert hits, (gold["date"], gold["event"], [(e.date, e.text[:60]) for e in events if e.date == gold["date"]])


def test_parade_cites_every_september_report(seeds):
    """000 and 002 date the parade ("am Mittwoch"); 001 only says Kim will attend a parade in Peking:
    at story level that mention is one more source of the dated event, not an event of its own."""
    if "times" not in STAGES:
        pytest.skip("the times stage is not registered yet")
    from lagebild.tell.timeline import story_timeline

    events = story_timeline([seeds[n] for n in SEPT])
    parade = [e for e in events if any("parade" in (s.text or "").lower() for s in e.sources)]
    assert len(parade) == 1 and parade[0].date == "2025-09-03", [(e.date, e.text[:60]) for e in parade]
    assert {s.doc_id for s in parade[0].sources} == {seeds[n].id for n in SEPT}
