"""StoryRepo on SQLite and (with LAGEBILD_TEST_PG) PostgreSQL: report times never invented,
story times stored as naive UTC like documents.published, the 0003 migration."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from lagebild.store import Store
from lagebild.store.migrate import upgrade
from lagebild.store.stories import story_time_from_db, story_time_to_db
from lagebild.story import Story, StoryMember
from tests.store.test_documents import make_doc


@pytest.fixture
def store(db_url):
    st = Store(db_url)
    yield st
    st.close()


def _docs(store: Store) -> tuple[str, str]:
    dated = make_doc(doc_id="d" * 16, name="dated", published=datetime(2025, 9, 2, 10, 10))
    undated = make_doc(doc_id="u" * 16, name="undated", published=None)
    store.documents.add(dated)
    store.documents.add(undated)
    return dated.id, undated.id


def _story(dated: str, undated: str) -> Story:
    return Story(id="s1", label="test", first_time=datetime(2025, 9, 2, 10, 10), last_time=datetime(2025, 9, 2, 10, 10),
                 members=[StoryMember(doc_id=dated, score=0.9, time=datetime(2025, 9, 2, 10, 10)),
                          StoryMember(doc_id=undated, score=0.8, time=None)])


def test_an_undated_member_keeps_no_time_after_a_round_trip(store):
    dated, undated = _docs(store)
    store.stories.save(_story(dated, undated))
    members = {m.doc_id: m for m in store.stories.get("s1").members}
    assert members[undated].time is None  # unknown stays unknown: not the clustering time
    assert members[dated].time == datetime(2025, 9, 2, 10, 10)
    # when it arrived is kept apart, and is not a report time
    assert members[undated].assigned_at is not None
    assert abs(members[undated].assigned_at - datetime.utcnow()) < timedelta(minutes=5)
    listed = {m.doc_id: m for m in store.stories.list()[0].members}
    assert listed[undated].time is None
    # dated reports first, the undated one after them
    assert [m.doc_id for m in store.stories.get("s1").members] == [dated, undated]


def test_saving_again_keeps_when_a_member_joined(store):
    dated, undated = _docs(store)
    store.stories.save(_story(dated, undated))
    first = {m.doc_id: m.assigned_at for m in store.stories.get("s1").members}
    with store.db.begin() as conn:  # pretend it joined a day ago
        conn.execute(sa.text("UPDATE story_members SET assigned_at = :t"), {"t": datetime(2025, 9, 3, 8, 0)})
    store.stories.save(_story(dated, undated))
    again = {m.doc_id: m.assigned_at for m in store.stories.get("s1").members}
    assert again == {k: datetime(2025, 9, 3, 8, 0) for k in first}


def test_story_times_are_stored_as_utc_like_documents_published(store):
    dated, undated = _docs(store)
    store.stories.save(_story(dated, undated))
    with store.db.connect() as conn:
        row = conn.execute(sa.text("SELECT first_time, last_time FROM stories")).one()
        member = conn.execute(sa.text("SELECT report_time FROM story_members WHERE doc_id = :d"), {"d": dated}).scalar()
        published = conn.execute(sa.text("SELECT published FROM documents WHERE id = :d"), {"d": dated}).scalar()
    assert _dt(row[1]) == _dt(member) == _dt(published) == datetime(2025, 9, 2, 8, 10)  # CEST = UTC+2
    # Story objects keep the clusterer's local time
    st = store.stories.get("s1")
    assert st.first_time == st.last_time == datetime(2025, 9, 2, 10, 10)
    # states(since): a local ``since`` compares with the stored UTC time
    assert store.stories.states(datetime(2025, 9, 2, 10, 10)) == store.stories.states(None)
    assert store.stories.states(datetime(2025, 9, 2, 10, 11)) == []


def _dt(value):
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def test_story_time_conversion_keeps_bare_dates():
    assert story_time_to_db(datetime(2025, 11, 15, 22, 40)) == datetime(2025, 11, 15, 21, 40)
    assert story_time_to_db(datetime(2025, 10, 14)) == datetime(2025, 10, 14)  # a date, not a midnight
    assert story_time_from_db(datetime(2025, 11, 15, 21, 40)) == datetime(2025, 11, 15, 22, 40)
    assert story_time_from_db(datetime(2025, 10, 14)) == datetime(2025, 10, 14)
    assert story_time_to_db(None) is None and story_time_from_db(None) is None
    assert story_time_to_db(datetime.min + timedelta(hours=1)) is not None  # bounds do not overflow


def test_migration_0003_separates_report_time_from_clustering_time(new_db_url):
    st = Store(new_db_url, migrate=False)
    try:
        upgrade(st.db, "0002_search")
        dated, undated = make_doc(doc_id="d" * 16, name="dated", published=datetime(2025, 9, 2, 10, 10)), \
            make_doc(doc_id="u" * 16, name="undated", published=None)
        with st.db.begin() as conn:
            for doc in (dated, undated):
                conn.execute(sa.text(
                    "INSERT INTO documents (id, name, origin, format, kind, raw, encoding, original_text, text, meta, "
                    "layers, ingested_at, published) VALUES (:id, :name, 'x', 'text', 'article', :raw, 'utf-8', 't', 't', "
                    "'{}', '{}', :now, :published)"),
                    {"id": doc.id, "name": doc.name, "raw": b"x", "now": datetime(2025, 9, 5),
                     "published": datetime(2025, 9, 2, 8, 10) if doc is dated else None})
            conn.execute(sa.text("INSERT INTO stories (id, label, first_time, last_time, size, state, created_at) "
                                 "VALUES ('s1', 'x', :t, :t, 2, '{}', :now)"),
                         {"t": datetime(2025, 9, 2, 10, 10), "now": datetime(2025, 9, 5)})
            for doc_id, at in ((dated.id, datetime(2025, 9, 2, 10, 10)), (undated.id, datetime(2025, 9, 5, 7, 0))):
                conn.execute(sa.text("INSERT INTO story_members (story_id, doc_id, segment, score, assigned_at) "
                                     "VALUES ('s1', :d, -1, 0.5, :at)"), {"d": doc_id, "at": at})
        upgrade(st.db)
        story = st.stories.get("s1")
        members = {m.doc_id: m for m in story.members}
        assert members[undated.id].time is None
        assert members[dated.id].time == datetime(2025, 9, 2, 10, 10)
        assert story.last_time == datetime(2025, 9, 2, 10, 10)
        with st.db.connect() as conn:
            assert _dt(conn.execute(sa.text("SELECT last_time FROM stories")).scalar()) == datetime(2025, 9, 2, 8, 10)
    finally:
        st.close()
