"""Stories the Engine builds from the bundled demo corpus (four stories, see
lagebild/data/demo/README.md): the full pipeline, then update_stories."""
from __future__ import annotations

import re
from collections import defaultdict

import pytest

from lagebild.cli.documents import DEMO_DIR
from lagebild.config import Settings
from lagebild.engine import Engine

# the demo story of a document, from its file / record name or URL
STORY_OF = (("datavia", r"datavia"), ("port-strike", r"hafen"), ("flood", r"hochwasser|flut"),
            ("eu-sanctions", r"eu_gipfel|eu_sanktionen"))


def demo_story(name: str) -> str:
    for story, pattern in STORY_OF:
        if re.search(pattern, name):
            return story
    raise AssertionError(f"no demo story for {name!r}")


@pytest.fixture(scope="module")
def demo_stories(tmp_path_factory):
    """story id -> list of demo story names of its members (one per document or liveblog entry)."""
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    engine = Engine(Settings(db_url=f"sqlite:///{db}"))
    try:
        report = engine.ingest([DEMO_DIR])
        assert not report.errors
        engine.update_stories()
        names = {d.id: d.name for d in engine.store.documents.iter_all()}
        stories = {s.id: [demo_story(names[m.doc_id]) for m in s.members] for s in engine.stories(limit=100)}
    finally:
        engine.close()
    return stories


def test_datavia_layoffs_and_port_strike_never_share_a_story(demo_stories):
    for members in demo_stories.values():
        assert not {"datavia", "port-strike"} <= set(members), members


def test_no_story_mixes_demo_stories_and_each_is_found_whole(demo_stories):
    for members in demo_stories.values():
        assert len(set(members)) == 1, members
    # the story holding most of a demo story's reports holds at least three quarters of them
    # (undated wires and republished pieces included; liveblog entries count one by one)
    parts: dict[str, list[int]] = defaultdict(list)
    for members in demo_stories.values():
        parts[members[0]].append(len(members))
    assert set(parts) == {"datavia", "port-strike", "flood", "eu-sanctions"}
    for story, sizes in parts.items():
        assert max(sizes) >= 0.75 * sum(sizes), (story, sizes)
