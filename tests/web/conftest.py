"""A database seeded with the bundled demo corpus: ingested by the Engine, clustered into
stories by the connect module, with a draft summary for the largest story."""
from __future__ import annotations

from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "lagebild" / "data" / "demo"


def seed_demo(url: str) -> dict:
    from lagebild.config import Settings
    from lagebild.connect.cluster import StoryClusterer
    from lagebild.engine import Engine
    from tests.api import wiring

    settings = Settings(db_url=url)
    with Engine(settings) as engine:
        report = engine.ingest([DEMO])
        assert report.stored, report.errors
        store = engine.store
        docs = list(store.documents.iter_all())  # oldest first
        clusterer = StoryClusterer.from_settings(settings)
        for doc in docs:
            clusterer.add_document(wiring.naive_utc(doc))
        by_id = {d.id: d for d in docs}
        stories = [clusterer.story(sid) for sid in clusterer.stories]
        for story in stories:
            wiring.save_story(store, story, [by_id[i] for i in dict.fromkeys(m.doc_id for m in story.members)])
        biggest = max(stories, key=lambda s: len({m.doc_id for m in s.members}))
        members = [by_id[i] for i in dict.fromkeys(m.doc_id for m in biggest.members)]
        summary_id = wiring.draft_summary(store, biggest, members)
        editor = store.tokens.create("browser-editor", "editor")[0]
        first_sentence = ""
        if summary_id:
            first_sentence = store.reviews.get(summary_id).sentences[0].text
    return {"editor": editor, "story": biggest.id, "document": members[0].id, "summary": summary_id,
            "first_sentence": first_sentence}


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'demo.db'}"
    ids = seed_demo(url)
    return url, ids["editor"], ids
