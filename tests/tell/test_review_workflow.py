"""The review workflow on real storage: every legal and illegal move, the audit log (complete,
append-only), a failure inside a transition's transaction, re-runs making new drafts, publishing."""
from __future__ import annotations

import json
from datetime import datetime

import pytest
import sqlalchemy as sa

from lagebild.store import Store
from lagebild.store.reviews import ReviewRepo
from lagebild.story import Source, Summary, SummarySentence
from lagebild.tell.review import TRANSITIONS, InvalidTransition, SummaryNotFound

STORY = "st-test-flood"
T0 = datetime(2026, 3, 4, 12, 0)


def draft_summary(texts=("Der Pegel der Mulde sank am Mittwoch wieder.", "Rund 300 Helfer zogen ab.")) -> Summary:
    return Summary(id="tmp", story_id=STORY, version=0, sentences=[
        SummarySentence(text=t, citations=[Source(doc_id="d1", start=10 * i, end=10 * i + len(t), text=t)])
        for i, t in enumerate(texts)])


@pytest.fixture
def store(db_url):
    st = Store(db_url)
    yield st
    st.close()


def statuses(store) -> dict[str, str]:
    return {s.id: s.status for s in store.reviews.list(STORY)}


def moved_to(store, action: str) -> Summary:
    """A fresh draft moved along the shortest legal path to where ``action`` may start."""
    r = store.reviews
    s = r.save_draft(draft_summary())
    start = sorted(TRANSITIONS[action][0])[0]
    path = {"draft": [], "in_review": ["submit"], "approved": ["submit", "approve"], "edited": ["submit", "edit"]}[start]
    for step in path:
        s = r.edit(s.id, s.sentences[:1], actor="eva") if step == "edit" else r.transition(s.id, step, actor="eva")
    return s


ALL_STATUSES = ["draft", "in_review", "approved", "edited", "rejected", "published"]


def at_status(store, status: str) -> Summary:
    r = store.reviews
    s = r.save_draft(draft_summary())
    steps = {"draft": [], "in_review": ["submit"], "approved": ["submit", "approve"], "edited": ["submit", "edit"],
             "rejected": ["submit", "reject"], "published": ["submit", "approve", "publish"]}[status]
    for step in steps:
        if step == "edit":
            s = r.edit(s.id, s.sentences[:1], actor="eva")
        elif step == "publish":
            r.publish(s.id, actor="eva")
            s = r.get(s.id)
        else:
            s = r.transition(s.id, step, actor="eva")
    assert r.get(s.id).status == status
    return s


@pytest.mark.parametrize("status", ALL_STATUSES)
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_every_transition_legal_or_refused_without_change(store, status, action):
    s = at_status(store, status)
    before_status, before_events = statuses(store), store.reviews.events(story_id=STORY)
    legal = status in TRANSITIONS[action][0]
    r = store.reviews

    def act():
        if action == "edit":
            return r.edit(s.id, [SummarySentence(text="Neu formuliert.", citations=s.sentences[0].citations)], actor="max")
        if action == "publish":
            return r.publish(s.id, actor="max")
        return r.transition(s.id, action, actor="max")

    if not legal:
        with pytest.raises(InvalidTransition) as err:
            act()
        assert s.id in str(err.value) and status in str(err.value) and action in str(err.value)
        assert statuses(store) == before_status
        assert store.reviews.events(story_id=STORY) == before_events
        return
    result = act()
    after = store.reviews.events(story_id=STORY)
    new_events = after[len(before_events):]
    assert after[: len(before_events)] == before_events
    assert new_events and all(e["actor"] == "max" for e in new_events)
    if action == "edit":
        assert result.parent_id == s.id and result.version > s.version and result.status == "edited"
        assert r.get(s.id).status == "edited"
        assert "-Der Pegel der Mulde sank am Mittwoch wieder." in new_events[0]["diff"]
        assert "+Neu formuliert." in new_events[0]["diff"]
    else:
        assert r.get(s.id).status == TRANSITIONS[action][1]
        assert new_events[-1]["from_status"] == status and new_events[-1]["to_status"] == TRANSITIONS[action][1]


def test_unknown_action_and_unknown_summary(store):
    s = store.reviews.save_draft(draft_summary())
    with pytest.raises(InvalidTransition, match="unknown action"):
        store.reviews.transition(s.id, "delete", actor="eva")
    with pytest.raises(SummaryNotFound):
        store.reviews.transition("sum-nope", "submit", actor="eva")
    with pytest.raises(InvalidTransition, match="actor"):
        store.reviews.transition(s.id, "submit", actor="  ")
    assert store.reviews.get(s.id).status == "draft"


def test_audit_log_is_complete(store):
    r = store.reviews
    s = r.save_draft(draft_summary(), actor="lagebild")
    r.submit(s.id, actor="anna", note="bitte prüfen")
    new = r.edit(s.id, [SummarySentence(text="Der Pegel sinkt.", citations=s.sentences[0].citations)], actor="ben")
    r.publish(new.id, actor="carla")
    trail = [(e["summary_id"], e["from_status"], e["to_status"], e["actor"]) for e in r.events(story_id=STORY)]
    assert trail == [(s.id, None, "draft", "lagebild"), (s.id, "draft", "in_review", "anna"),
                     (s.id, "in_review", "edited", "ben"), (new.id, None, "edited", "ben"),
                     (new.id, "edited", "published", "carla")]
    assert all(isinstance(e["at"], datetime) for e in r.events(story_id=STORY))


def test_review_events_are_append_only(store):
    s = store.reviews.save_draft(draft_summary())
    store.reviews.submit(s.id, actor="anna")
    from lagebild.store.schema import review_events

    for stmt in (sa.update(review_events).values(actor="mallory"), sa.delete(review_events)):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            with store.db.begin() as conn:
                conn.execute(stmt)
    assert [e["actor"] for e in store.reviews.events(s.id)] == ["lagebild", "anna"]


def test_failure_inside_transition_leaves_consistent_state(store, monkeypatch):
    """The audit insert fails after the status UPDATE ran in the same transaction: nothing changes."""
    s = store.reviews.save_draft(draft_summary())
    store.reviews.submit(s.id, actor="anna")
    before = store.reviews.events(s.id)

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ReviewRepo, "_record", crash)
    with pytest.raises(RuntimeError):
        store.reviews.approve(s.id, actor="ben")
    with pytest.raises(RuntimeError):
        store.reviews.edit(s.id, [SummarySentence(text="x y z.")], actor="ben")
    monkeypatch.undo()
    assert store.reviews.get(s.id).status == "in_review"
    assert store.reviews.events(s.id) == before
    assert [x.id for x in store.reviews.list(STORY)] == [s.id]  # the edit's new version was rolled back too
    # and the workflow goes on from the consistent state
    store.reviews.approve(s.id, actor="ben")
    pub = store.reviews.publish(s.id, actor="ben")
    assert pub["summary_id"] == s.id


def test_failure_inside_publish_leaves_no_publication(store, monkeypatch):
    s = at_status(store, "approved")
    monkeypatch.setattr(ReviewRepo, "_record", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError):
        store.reviews.publish(s.id, actor="ben")
    monkeypatch.undo()
    assert store.reviews.get(s.id).status == "approved"
    assert store.reviews.publications(STORY) == []


def test_rerun_creates_new_draft_never_overwrites_reviewed(store):
    r = store.reviews
    first = r.save_draft(draft_summary())
    r.submit(first.id, actor="anna")
    r.approve(first.id, actor="anna")
    second = r.save_draft(draft_summary(("Ganz andere Fassung des Textes hier.",)))
    assert (first.version, second.version) == (1, 2) and first.id != second.id
    kept = r.get(first.id)
    assert kept.status == "approved" and [x.text for x in kept.sentences] == [x.text for x in first.sentences]
    assert r.get(second.id).status == "draft"


def test_edited_parent_cannot_be_published_its_child_can(store):
    r = store.reviews
    s = at_status(store, "in_review")
    new = r.edit(s.id, [SummarySentence(text="Kürzer.", citations=s.sentences[0].citations)], actor="ben")
    with pytest.raises(InvalidTransition, match=new.id):
        r.publish(s.id, actor="ben")
    again = r.edit(new.id, [SummarySentence(text="Noch kürzer.", citations=s.sentences[0].citations)], actor="ben")
    assert again.parent_id == new.id
    with pytest.raises(InvalidTransition):
        r.publish(new.id, actor="ben")
    pub = r.publish(again.id, actor="carla")
    assert pub["json"]["summary_id"] == again.id
    # reviewed-by covers the whole lineage
    actors = {(x["actor"], x["to_status"]) for x in pub["json"]["reviewed_by"]}
    assert {("eva", "in_review"), ("ben", "edited")} <= actors


def test_publication_is_versioned_cited_and_deterministic(store):
    r = store.reviews
    a = at_status(store, "approved")
    pub = r.publish(a.id, actor="carla", at=T0)
    art = pub["json"]
    assert pub["version"] == 1 and art["publication_version"] == 1
    assert art["sentences"][0]["citations"] == [1] and art["sources"][0]["doc_id"] == "d1"
    assert art["reviewed_by"][-1]["actor"] == "eva" and art["reviewed_by"][-1]["to_status"] == "approved"
    assert "[1]" in pub["markdown"] and "## Geprüft von" in pub["markdown"] and "carla" in pub["markdown"]
    stored = r.publications(STORY)[0]
    assert stored["markdown"] == pub["markdown"] and stored["json"] == json.loads(pub["json_text"])
    b = at_status(store, "approved")
    pub2 = r.publish(b.id, actor="carla", at=T0)
    assert pub2["version"] == 2 and pub2["id"] != pub["id"]
    # same input -> same artifact
    from lagebild.tell.review import canonical_json, publication_json, publication_markdown

    events = r.events(a.id)[:-1]
    again = publication_json(r.get(a.id).model_copy(update={"status": "approved"}), events, story_label=None,
                             publication_version=1, published_by="carla", published_at=T0)
    assert canonical_json(again) == canonical_json(art) and publication_markdown(again) == pub["markdown"]


def test_published_artifact_keeps_a_cited_documents_date_precision(store):
    """A document known only to the month ("März 2025") is cited as 2025-03, not as a midnight time."""
    from lagebild.document import Document, DocumentMeta

    text = "Der Pegel der Mulde sank am Mittwoch wieder. Rund 300 Helfer zogen ab."
    doc = Document(id="d1", name="pegel_mulde", origin="pegel_mulde.txt", format="text", raw=text.encode(),
                   original_text=text, text=text,
                   meta=DocumentMeta(source="Elbkurier", published=datetime(2025, 3, 1), published_precision="month"))
    store.documents.add(doc)
    pub = store.reviews.publish(at_status(store, "approved").id, actor="carla", at=T0)
    cited = pub["json"]["sources"][0]
    assert cited["doc_id"] == "d1" and cited["source"] == "Elbkurier"
    assert cited["published"] == "2025-03"
