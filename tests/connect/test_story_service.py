"""update_stories / story_detail through a real SQLite store."""
from datetime import datetime, timedelta

import pytest
from connect_docs import make_doc
from test_cluster import BACKGROUND, FIRE, RATE, T0

from lagebild.config import Settings
from lagebild.connect.service import story_detail, update_stories
from lagebild.document import Claim
from lagebild.store import Store


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'connect.db'}")
    yield s
    s.close()


def _with_claim(doc, phrase, value, qualifier, source):
    start = doc.text.index(phrase)
    c = Claim(start=start, end=start + len(phrase), text=phrase, value=value, qualifier=qualifier,
              unit="Einsatzkräfte", event="einsetzen", source=source)
    return doc.model_copy(update={"claims": [c]})


def test_update_stories_persists_stories_members_duplicates_and_claims(store):
    docs = [make_doc(f"bg{n}", t, T0 - timedelta(days=30, hours=n)) for n, t in enumerate(BACKGROUND[:5])]
    fire = [make_doc(f"fire{n}", t, T0 + timedelta(hours=5 * n)) for n, t in enumerate(FIRE)]
    fire[0] = _with_claim(fire[0], "mehr als 80 Einsatzkräften", 80, "mehr als", "Feuerwehr")
    copy = make_doc("fire0-copy", FIRE[0] + " Weitere Informationen folgen.", T0 + timedelta(hours=1))
    copy = _with_claim(copy, "mehr als 80 Einsatzkräften", 80, "mehr als", "Feuerwehr")
    rate = [make_doc(f"rate{n}", t, T0 + timedelta(hours=5 * n + 1)) for n, t in enumerate(RATE)]
    for d in [*docs, *fire, copy, *rate]:
        store.documents.add(d)
    report = update_stories(store, Settings(), None)
    assert report.assigned == 5 + 3 + 1 + 3
    assert report.duplicates >= 1
    story_ids = store.stories.stories_of(fire[0].id)
    assert len(story_ids) == 1
    detail = story_detail(store, story_ids[0])
    names = {d.name for d in detail.documents}
    assert {"fire0", "fire1", "fire2", "fire0-copy"} <= names and not names & {"rate0", "rate1"}
    assert any(l.level in ("document", "passage") for l in detail.duplicates)
    [group] = detail.claim_groups
    assert [r.label for r in group.readings] == ["first", "consistent"]
    # a second run assigns nothing again; a new report joins its story from the stored state
    assert update_stories(store, Settings(), None).assigned == 0
    late = make_doc("rate3", "Die EZB hat nach der Zinssenkung erklärt, Lagarde sehe die Inflation im Euroraum "
                    "weiter sinken; die Europäische Zentralbank prüfe weitere Zinsschritte.",
                    T0 + timedelta(hours=20))
    store.documents.add(late)
    update_stories(store, Settings(), None)
    assert store.stories.stories_of(late.id) == store.stories.stories_of(rate[0].id)
    listed = store.stories.list()
    assert sum(len(s.members) for s in listed) == 13
