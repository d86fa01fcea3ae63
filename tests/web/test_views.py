"""View helpers of the web UI that need no browser: one time convention on the chart axes."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from lagebild.web.views import _claim_boards, _stored_to_local


def test_stored_utc_column_times_become_german_local_time():
    assert _stored_to_local(datetime(2025, 9, 2, 8, 10)) == datetime(2025, 9, 2, 10, 10)  # CEST
    assert _stored_to_local(datetime(2025, 1, 15, 8, 10)) == datetime(2025, 1, 15, 9, 10)  # CET
    assert _stored_to_local(datetime(2025, 9, 2)) == datetime(2025, 9, 2)  # a bare date stays that date
    aware = datetime(2025, 9, 2, 23, 30, tzinfo=timezone(timedelta(hours=-4)))
    assert _stored_to_local(aware) == datetime(2025, 9, 3, 5, 30)
    assert _stored_to_local(None) is None


def _reading(doc_id: str, value: float, time: datetime | None):
    claim = SimpleNamespace(value=value, value_high=None, source=None, text=f"{value:g} Tote", start=0, end=8)
    return SimpleNamespace(ref=SimpleNamespace(doc_id=doc_id, time=time, claim=claim), label="update")


def test_claim_board_puts_reports_with_and_without_own_time_on_one_clock():
    # report a has a liveblog entry time (local 10:00); report b only its stored column time,
    # 09:30 UTC = 11:30 local: b was reported after a, and the chart must say so
    docs = [SimpleNamespace(id="a", source="Kurier", published=datetime(2025, 9, 2, 6, 0)),
            SimpleNamespace(id="b", source="Bote", published=datetime(2025, 9, 2, 9, 30))]
    group = SimpleNamespace(readings=[_reading("a", 13, datetime(2025, 9, 2, 10, 0)), _reading("b", 15, None)])
    board, = _claim_boards(SimpleNamespace(documents=docs, claim_groups=[group]), colours={})
    assert [r.when for r in board["readings"]] == [datetime(2025, 9, 2, 10, 0), datetime(2025, 9, 2, 11, 30)]
    assert board["charted"] and "<svg" in board["svg"]


def test_quotes_are_filed_under_one_speaker_however_the_reports_name_them(seeded_db):
    """Demo corpus through the real pipeline: the Datavia reports quote Helena Marquardt as
    "Helena Marquardt", "Marquardt" and "sie"; the pages show one speaker with her quotes."""
    from fastapi.testclient import TestClient

    from lagebild.api.app import create_app
    from lagebild.config import Settings

    url, _, _ = seeded_db
    with TestClient(create_app(Settings(db_url=url))) as client:
        items = client.get("/api/quotes", params={"speaker": "per:helena-marquardt", "limit": 100}).json()["items"]
        forms = {i["speaker"] for i in items}
        assert {"Helena Marquardt", "Marquardt"} <= forms and {i["speaker_name"] for i in items} == {"Helena Marquardt"}
        html = client.get("/quotes").text
    headings = re.findall(r"<h2>([^<]+?) <span", html)
    assert headings.count("Helena Marquardt") == 1 and "Marquardt" not in headings
    section = html[html.index("<h2>Helena Marquardt"):]
    section = section[: section.index("</section>")]
    assert "auch: " in section and section.count("<li") == len(items)
    # a place linked to a speaker phrase ("der Polizei in Trier") is not who spoke: no place heading
    assert "Trier" not in headings
    # "nach Angaben der Hafenbehörde" and "die Hafenbehörde teilte mit": one heading, without the case
    assert "Hafenbehörde" in headings and not any(h.startswith(("der ", "des ", "die ")) for h in headings)
