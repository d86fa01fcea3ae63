"""Story, news and document-layer output of the CLI on hand-made stored data (no pipeline run):
unknown report times stay unknown, claims and quotes read as German text."""
from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa
from rich.console import Console
from typer.testing import CliRunner

from lagebild.cli import app
from lagebild.document import Claim, Quote
from lagebild.store import Store
from lagebild.story import Story, StoryMember
from tests.api.corpus import make_document

DATED = ("pegel", "Pegel der Mulde steigt", "Landesfunk", datetime(2026, 3, 2, 8, 30),
         "In Grimma ist der Pegel der Mulde über Nacht auf 6,2 Meter gestiegen. "
         "Die Feuerwehr hat am Morgen die Uferstraße in der Altstadt gesperrt.")
UNDATED = ("deiche", "Helfer sichern Deiche", "Stadtportal", None,
           "In Grimma haben zahlreiche freiwillige Helfer die Deiche mit Sandsäcken verstärkt. "
           "Der Krisenstab der Stadt tagt seitdem zweimal am Tag im Rathaus.")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def stored(tmp_path):
    """Two reports in one story; the second has no publication time."""
    url = f"sqlite:///{tmp_path / 'story.db'}"
    store = Store(url)
    dated, undated = make_document(*DATED), make_document(*UNDATED)
    for doc in (dated, undated):
        store.documents.add(doc)
    store.stories.save(Story(id="st-1", label="Hochwasser", first_time=dated.meta.published,
                             last_time=dated.meta.published,
                             members=[StoryMember(doc_id=dated.id, time=dated.meta.published, score=1.0),
                                      StoryMember(doc_id=undated.id, time=None, score=0.7)]))
    yield url, store, dated, undated
    store.close()


def _arrived(store: Store, doc_id: str, when: datetime) -> None:
    with store.db.begin() as conn:
        conn.execute(sa.text("UPDATE story_members SET assigned_at = :t WHERE doc_id = :d"), {"t": when, "d": doc_id})


def test_story_shows_an_undated_report_as_unknown_not_today(runner, stored):
    url, _, _, undated = stored
    result = runner.invoke(app, ["story", "st-1", "--db", url])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "deiche" in line)
    assert "unknown" in row
    assert datetime.now().strftime("%Y-%m-%d") not in result.stdout
    assert "2026-03-02 08:30" in result.stdout


def test_news_takes_an_undated_report_as_new_only_if_it_arrived_later(runner, stored):
    url, store, _, _ = stored
    undated = make_document(*UNDATED)
    _arrived(store, undated.id, datetime(2026, 3, 1, 12, 0))  # joined the story before --since
    old = runner.invoke(app, ["news", "st-1", "--since", "2026-03-03T00:00", "--db", url])
    assert old.exit_code == 0, old.output
    assert "Deiche" not in old.stdout and "Krisenstab" not in old.stdout
    _arrived(store, undated.id, datetime(2026, 3, 5, 12, 0))  # joined after --since: it is news
    new = runner.invoke(app, ["news", "st-1", "--since", "2026-03-03T00:00", "--db", url])
    assert new.exit_code == 0, new.output
    assert "Deiche" in new.stdout or "Krisenstab" in new.stdout
    assert "Pegel" not in new.stdout  # the dated report is older than --since


def test_list_shows_a_bare_date_without_midnight(runner, stored):
    url, store, _, _ = stored
    day = make_document("datiert", "Nur ein Datum", "Landesfunk", datetime(2026, 3, 1),
                        "Die Stadt Grimma hat am Sonntag den Katastrophenfall für die Altstadt ausgerufen.")
    store.documents.add(day.model_copy(update={"meta": day.meta.model_copy(update={"published_precision": "day"})}))
    result = runner.invoke(app, ["list", "--db", url])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "Nur ein Datum" in line)
    assert "2026-03-01" in row and "00:00" not in row
    assert "2026-03-02 07:30" in result.stdout  # a real clock time: shown in UTC as the header says


def _doc_with_layers():
    text = ("Die Regierung stellt 200 Millionen Euro bereit. 50 von 80 Soldaten wurden getötet. "
            "Martin Hesse sagte, die Lage sei „dramatisch und unübersichtlich“. "
            "„Wir nennen das „Katastrophe“ nicht leichtfertig“, sagte Hesse.")
    doc = make_document("layers", "Lage", "Landesfunk", datetime(2026, 3, 2, 8, 30), text)

    def span(needle):
        s = text.index(needle)
        return s, s + len(needle)

    money, soldiers = span("200 Millionen Euro"), span("50 von 80 Soldaten")
    indirect, direct = span("die Lage sei „dramatisch und unübersichtlich“"), span("Wir nennen das „Katastrophe“ nicht leichtfertig")
    claims = [Claim(start=money[0], end=money[1], text="200 Millionen Euro", value=2e8, unit="Euro",
                    source="Regierung", as_of="2026-03"),
              Claim(start=soldiers[0], end=soldiers[1], text="50 von 80 Soldaten", value=50, value_high=80,
                    relation="of", unit="Soldaten", qualifier="mindestens", event="töten")]
    quotes = [Quote(start=indirect[0], end=indirect[1], text=text[indirect[0]:indirect[1]], kind="indirect",
                    speaker="Martin Hesse", cue="sagte"),
              Quote(start=direct[0], end=direct[1], text=text[direct[0]:direct[1]], kind="direct", speaker="Hesse")]
    return doc.model_copy(update={"claims": claims, "quotes": quotes})


def _show_layer(runner, stored, flag: str):
    """`lagebild show ID FLAG` on a stored document with hand-made claims and quotes."""
    url, store, _, _ = stored
    doc = _doc_with_layers()
    store.documents.add(doc)
    result = runner.invoke(app, ["show", doc.id, flag, "--db", url])
    assert result.exit_code == 0, result.output
    return result, doc


def test_show_claims_in_german_with_qualifier_event_and_relation(runner, stored):
    result, _ = _show_layer(runner, stored, "--claims")
    assert "2e+08" not in result.stdout and "200 Millionen Euro" in result.stdout
    assert "Quelle: Regierung" in result.stdout and "Stand: 2026-03" in result.stdout
    assert "50..80" not in result.stdout
    assert "mindestens 50 von 80 Soldaten" in result.stdout and "Ereignis: töten" in result.stdout


def test_show_quotes_and_demo_quotes_use_german_marks(runner, stored):
    result, doc = _show_layer(runner, stored, "--quotes")
    assert "Martin Hesse: die Lage sei „dramatisch und unübersichtlich“ (indirekt)" in result.stdout
    assert "Hesse: „Wir nennen das ‚Katastrophe‘ nicht leichtfertig“" in result.stdout
    assert "'" not in result.stdout.split("quotes", 1)[1]  # no repr

    from lagebild.cli.documents import _demo_quotes_claims

    out = Console(record=True, width=300)
    _demo_quotes_claims(out, [doc])
    shown = out.export_text()
    assert "Martin Hesse: die Lage sei „dramatisch und unübersichtlich“ (indirekt)" in shown
    assert "„die Lage sei" not in shown and "““" not in shown
    assert "„Wir nennen das ‚Katastrophe‘ nicht leichtfertig“" in shown


def test_lagebild_db_may_be_a_plain_file_path(runner, tmp_path):
    path = tmp_path / "x.db"
    result = runner.invoke(app, ["list"], env={"LAGEBILD_DB": str(path)})
    assert result.exit_code == 0, result.output
    assert "0 of 0 documents" in result.stdout and path.is_file()
    from lagebild.config import Settings

    assert Settings(db_url="data/l.db").db_url == "sqlite:///data/l.db"
    assert Settings(db_url="postgresql://u@h/db").db_url == "postgresql://u@h/db"
    assert Settings().db_url == "sqlite:///lagebild.db"
