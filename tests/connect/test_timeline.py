from datetime import datetime

from connect_docs import dated, liveblog

from lagebild.connect.timeline import build_timeline


def test_same_event_from_two_documents_is_merged_with_both_sources():
    a = dated("a", "Am Dienstag hat der Landtag in Schwerin das neue Schulgesetz verabschiedet. Die Opposition "
                   "stimmte dagegen.", datetime(2026, 2, 4), "Am Dienstag", "2026-02-03")
    b = dated("b", "Der Landtag in Schwerin hat am 3. Februar das neue Schulgesetz verabschiedet, berichten "
                   "Abgeordnete.", datetime(2026, 2, 5), "am 3. Februar", "2026-02-03")
    c = dated("c", "Im März soll der Landtag über den Haushalt beraten.", datetime(2026, 2, 5), "Im März", "2026-03")
    events = build_timeline([a, b, c])
    assert [e.date for e in events] == ["2026-02-03", "2026-03"]
    merged = events[0]
    assert {s.doc_id for s in merged.sources} == {a.id, b.id}
    assert merged.granularity == "day" and events[1].granularity == "month"
    src = merged.sources[0]
    assert "Schulgesetz" in a.text[src.start:src.end]


def test_liveblog_entry_times_are_dated_events():
    page = liveblog("blog", [(datetime(2026, 2, 4, 9, 30), "Sturm erreicht die Küste", "Windböen bis 120 km/h."),
                             (datetime(2026, 2, 5, 7, 0), "Fähren fahren wieder", "Der Betrieb läuft an.")],
                    published=datetime(2026, 2, 5, 7, 0))
    events = build_timeline([page])
    assert [(e.date, e.text) for e in events] == [("2026-02-04", "Sturm erreicht die Küste"),
                                                   ("2026-02-05", "Fähren fahren wieder")]
