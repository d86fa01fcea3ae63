import math
from datetime import datetime

from lagebild.connect.claim_tracking import interval, overlaps, track_claims
from lagebild.document import Claim
from lagebild.story import ClaimRef


def claim(value, qualifier=None, source="Polizei", as_of="2026-03-02", unit="Tote", event="sterben", **kw):
    return Claim(start=0, end=5, text=f"{qualifier or ''} {value}".strip(), value=value, qualifier=qualifier,
                 unit=unit, event=event, source=source, as_of=as_of, **kw)


def ref(c, hour, doc="d"):
    return ClaimRef(doc_id=f"{doc}{hour}", claim=c, time=datetime(2026, 3, 2, hour))


def test_qualifiers_become_intervals():
    assert interval(claim(10000, "mehr als"))[:2] == (10000, math.inf)
    lo, hi, _, _ = interval(claim(15000, "rund"))
    assert (lo, hi) == (13500, 16500)
    assert interval(claim(600, "mindestens"))[:3] == (600, math.inf, False)
    assert interval(claim(700, "bis zu"))[:2] == (0.0, 700)
    assert interval(claim(50, relation="range", value_high=200))[:2] == (50, 200)
    assert overlaps(interval(claim(10000, "mehr als")), interval(claim(15000, "rund")))
    assert not overlaps(interval(claim(10000, "mehr als")), interval(claim(10000)))  # open bound excludes 10000


def test_different_sources_disagreeing_on_one_day_is_a_contradiction():
    groups = track_claims([ref(claim(23, source="Polizei"), 9), ref(claim(19, source="Landkreis"), 11)])
    [g] = groups
    assert [r.label for r in g.readings] == ["first", "contradiction"]
    assert "Landkreis" in g.readings[1].reasoning and g.readings[1].compared_to == 0


def test_later_reference_time_is_an_update_and_overlap_is_consistent():
    refs = [ref(claim(8, "mindestens", as_of="2026-03-01"), 8),
            ref(claim(12, "mindestens", as_of="2026-03-02"), 9),
            ref(claim(13, "etwa", as_of="2026-03-02", source="Landkreis"), 9, doc="e")]
    [g] = track_claims(refs)
    assert [r.label for r in g.readings] == ["first", "update", "consistent"]


def test_unrelated_quantities_are_not_grouped():
    refs = [ref(claim(23), 9), ref(claim(400, unit="Helfer", event="einsetzen"), 10),
            ref(claim(40, unit="Menschen", event="vermissen"), 11)]
    assert len(track_claims(refs)) == 3


def test_same_counted_thing_with_compatible_events_is_one_group():
    a = claim(10000, "mehr als", unit="Soldaten", subject="nordkoreanische", event="entsenden", as_of="2024")
    b = claim(11000, unit="Soldaten", subject="nordkoreanische", event="eintreffen", as_of="2024-11-04")
    c = claim(6000, unit="Soldaten", subject="weitere", event="entsenden", as_of="2025-09-02")
    groups = track_claims([ref(b, 8), ref(a, 9), ref(c, 10)])
    assert sorted(len(g.readings) for g in groups) == [1, 2]


def test_demonym_noun_and_fighters_with_that_nationality_are_one_quantity():
    killed = [claim(600, "mindestens", unit="Nordkoreanern", event="töten", as_of="2025-04"),
              claim(2000, "etwa", unit="Soldaten", subject="nordkoreanische", event="töten", as_of="2025-09"),
              claim(40, unit="Menschen", subject="nordkoreanische", event="töten"),
              claim(300, unit="Soldaten", subject="russische", event="töten")]
    groups = track_claims([ref(c, h, doc=f"d{h}") for h, c in enumerate(killed)])
    values = sorted(sorted(r.ref.claim.value for r in g.readings) for g in groups)
    assert values == [[40], [300], [600, 2000]]


def test_words_for_people_count_the_same_people():
    # "mehr als 300 Menschen" and "320 Bewohner" evacuated: one quantity, and the figures fit
    refs = [ref(claim(300, "mehr als", unit="Menschen", event="evakuieren"), 9),
            ref(claim(320, unit="Bewohner", event="evakuieren", source="Gouverneur"), 9, doc="e")]
    [g] = track_claims(refs)
    assert [r.label for r in g.readings] == ["first", "consistent"]
    # soldiers are not "people" in this sense: a civilian count stays apart
    soldiers = ref(claim(300, unit="Soldaten", event="evakuieren"), 10)
    assert len(track_claims(refs + [soldiers])) == 2


def test_a_count_that_rose_is_an_update_of_the_injured():
    # "mindestens 13 Menschen verletzt", later "die Zahl der Verletzten ist auf 15 gestiegen"
    earlier = ref(claim(13, "mindestens", unit="Menschen", event="verletzen", source="Rettungsdienst"), 8)
    later = ref(claim(15, unit="Verletzten", event="steigen", source="Gouverneur"), 11)
    [g] = track_claims([later, earlier])
    assert [r.ref.claim.value for r in g.readings] == [13, 15]
    assert [r.label for r in g.readings] == ["first", "update"] and "steigen" in g.readings[1].reasoning


def _liveblog(order_on_page):
    """A liveblog page (newest entry first) with two untimed entries holding one figure each."""
    from lagebild.document import Document, DocumentMeta, Segment

    texts = {13: "Mindestens 13 Menschen wurden verletzt.", 15: "Die Zahl der Verletzten stieg auf 15."}
    text, segments, claims = "", [], []
    for i, value in enumerate(order_on_page):
        start = len(text)
        text += texts[value] + "\n\n"
        segments.append(Segment(index=i, kind="liveblog_entry", start=start, end=len(text) - 2))
        claims.append(Claim(start=start, end=start + 5, text=str(value), value=value, unit="Verletzten" if value == 15
                            else "Menschen", event="steigen" if value == 15 else "verletzen", as_of="2024-11-04"))
    return Document(id="lb", name="lb", origin="t", format="text", encoding="utf-8", raw=text.encode(),
                    original_text=text, text=text, segments=segments, claims=claims,
                    meta=DocumentMeta(kind="liveblog", published=datetime(2024, 11, 4, 23, 36)))


def test_untimed_liveblog_entries_are_read_in_page_order():
    from lagebild.connect.claim_tracking import claim_refs

    [g] = track_claims(claim_refs(_liveblog([15, 13])))  # newest first: 13 was reported before 15
    assert [r.ref.claim.value for r in g.readings] == [13, 15]
