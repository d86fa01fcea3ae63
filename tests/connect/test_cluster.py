import json
from datetime import datetime, timedelta

import pytest
from connect_docs import liveblog, make_doc

from lagebild.connect.cluster import StoryClusterer, StreamItem, items_of

T0 = datetime(2026, 5, 4, 8, 0)
FIRE = [
    "In einer Lagerhalle im Hafen von Rostock ist in der Nacht ein Großbrand ausgebrochen. Die Feuerwehr ist mit "
    "mehr als 80 Einsatzkräften vor Ort, die Rauchwolke ist kilometerweit zu sehen.",
    "Der Großbrand im Rostocker Hafen ist unter Kontrolle. Die Feuerwehr meldete am Morgen, die Lagerhalle sei "
    "vollständig ausgebrannt; verletzt wurde niemand. Anwohner sollen Fenster geschlossen halten.",
    "Nach dem Brand der Lagerhalle im Rostocker Hafen ermittelt die Polizei. Die Brandursache ist noch unklar, "
    "die Feuerwehr schätzt den Schaden auf mehrere Millionen Euro.",
]
RATE = [
    "Die Europäische Zentralbank senkt den Leitzins um 0,25 Prozentpunkte. EZB-Präsidentin Christine Lagarde "
    "begründete den Schritt mit der nachlassenden Inflation im Euroraum.",
    "Nach der Zinssenkung der EZB reagieren die Börsen erleichtert. Der Dax stieg am Nachmittag um ein Prozent, "
    "Banken warnen dagegen vor sinkenden Margen. Lagarde ließ weitere Schritte offen.",
    "Sparer spüren die Zinssenkung der Europäischen Zentralbank zuerst beim Tagesgeld. Mehrere Banken kündigten "
    "an, ihre Zinsen zu senken, wie es nach dem EZB-Beschluss heißt.",
]
BACKGROUND = [
    "Die Bundesregierung hat am Mittwoch ein neues Gesetz beschlossen, das nun im Bundestag beraten wird.",
    "Bei einem Unfall auf der Autobahn wurden am Abend zwei Menschen verletzt, die Polizei sperrte die Strecke.",
    "Der Verein gewann das Spiel am Samstag mit zwei zu eins und steht nun auf Platz drei der Tabelle.",
    "Die Stadt plant eine neue Schule, der Gemeinderat will im Herbst über die Kosten entscheiden.",
    "Nach Angaben des Wetterdienstes wird es am Wochenende sonnig, in der Nacht kann es Frost geben.",
] * 4


@pytest.fixture
def clusterer():
    cl = StoryClusterer(window_days=7)
    cl.warm(BACKGROUND)
    return cl


def _stream():
    out = []
    for n, (f, r) in enumerate(zip(FIRE, RATE)):
        out.append(StreamItem(f"fire{n}", f, T0 + timedelta(hours=5 * n)))
        out.append(StreamItem(f"rate{n}", r, T0 + timedelta(hours=5 * n + 1)))
    return out


def test_reports_of_two_stories_land_in_two_stories(clusterer):
    got = {it.doc_id: clusterer.add(it)[0] for it in _stream()}
    assert got["fire0"] == got["fire1"] == got["fire2"]
    assert got["rate0"] == got["rate1"] == got["rate2"]
    assert got["fire0"] != got["rate0"]
    assert len(clusterer.stories) == 2
    sid = got["fire0"]
    assert clusterer.story(sid).first_time == T0 and len(clusterer.story(sid).members) == 3
    assert "Hafen" in clusterer.label(sid) or "Feuerwehr" in clusterer.label(sid) or "Lagerhalle" in clusterer.label(sid)


def test_stories_older_than_the_window_stop_attracting_reports(clusterer):
    first, _ = clusterer.add(StreamItem("fire0", FIRE[0], T0))
    late, _ = clusterer.add(StreamItem("fire1", FIRE[1], T0 + timedelta(days=8)))
    assert late != first
    assert first not in clusterer.active and late in clusterer.active
    wide = StoryClusterer(window_days=10)
    wide.warm(BACKGROUND)
    a, _ = wide.add(StreamItem("fire0", FIRE[0], T0))
    b, _ = wide.add(StreamItem("fire1", FIRE[1], T0 + timedelta(days=8)))
    assert a == b


def test_liveblog_entries_are_assigned_one_by_one(clusterer):
    clusterer.add(StreamItem("fire0", FIRE[0], T0))
    clusterer.add(StreamItem("rate0", RATE[0], T0 + timedelta(hours=1)))
    page = liveblog("blog", [
        (T0 + timedelta(hours=3), "Brand im Hafen gelöscht", FIRE[1]),
        (T0 + timedelta(hours=4), "Börsen nach EZB-Entscheid", RATE[1]),
    ], published=T0 + timedelta(hours=4))
    assert [i.segment for i in items_of(page)] == [0, 1]
    pairs = clusterer.add_document(page)
    assert [m.segment for m, _ in pairs] == [0, 1]
    fire_story = clusterer.assignments()[("fire0", -1)]
    rate_story = clusterer.assignments()[("rate0", -1)]
    assert [sid for _, sid in pairs] == [fire_story, rate_story]
    assert pairs[0][0].time == T0 + timedelta(hours=3)


def test_state_round_trips_through_json(clusterer):
    for it in _stream()[:4]:
        clusterer.add(it)
    state = json.loads(json.dumps(clusterer.state()))
    resumed = StoryClusterer(window_days=7)
    resumed.warm(BACKGROUND + FIRE[:2] + RATE[:2])
    resumed.load_state(state)
    assert set(resumed.active) == set(clusterer.active)
    a = clusterer.add(StreamItem("fire2", FIRE[2], T0 + timedelta(hours=11)))[0]
    b = resumed.add(StreamItem("fire2", FIRE[2], T0 + timedelta(hours=11)))[0]
    assert a == b == clusterer.assignments()[("fire0", -1)]


def test_documents_without_time_still_cluster(clusterer):
    a, _ = clusterer.add(StreamItem("fire0", FIRE[0], T0))
    b, p = clusterer.add(StreamItem("fire1", FIRE[1], None))
    assert a == b and p is not None
    doc = make_doc("rate", RATE[0])
    [(member, sid)] = clusterer.add_document(doc)
    assert sid != a and member.segment == -1 and member.time is None


def test_liveblog_entries_listed_newest_first_are_assigned_in_time_order():
    page = liveblog("blog", [
        (T0 + timedelta(hours=4), "Börsen nach EZB-Entscheid", RATE[1]),
        (T0 + timedelta(hours=3), "Brand im Hafen gelöscht", FIRE[1]),
    ], published=T0 + timedelta(hours=4))
    page = page.model_copy(update={"meta": page.meta.model_copy(update={"title": "Der Tag im Überblick"})})
    items = items_of(page)
    assert [i.segment for i in items] == [1, 0]
    assert all(i.text.startswith("Der Tag im Überblick\n") for i in items)


def test_undated_report_finds_its_story_after_the_window_closed(clusterer):
    fire, _ = clusterer.add(StreamItem("fire0", FIRE[0], T0))
    clusterer.add(StreamItem("rate0", RATE[0], T0 + timedelta(days=20)))
    assert fire not in clusterer.active
    # without a time nothing says the story is over: compared with every story in memory
    late, p = clusterer.add(StreamItem("fire1", FIRE[1], None))
    assert late == fire and p is not None
    # ... but it does not reopen the window: the next dated report starts afresh
    clusterer.add(StreamItem("rate1", RATE[1], T0 + timedelta(days=20, hours=1)))
    assert fire not in clusterer.active


def test_story_opened_by_undated_report_closes_a_window_after_the_stream_time(clusterer):
    clusterer.add(StreamItem("fire0", FIRE[0], T0))
    undated, p = clusterer.add(StreamItem("rate0", RATE[0], None))
    assert p is None and undated in clusterer.active and clusterer.stories[undated].last_time is None
    clusterer.add(StreamItem("fire1", FIRE[1], T0 + timedelta(days=6)))
    assert undated in clusterer.active
    clusterer.add(StreamItem("fire2", FIRE[2], T0 + timedelta(days=8)))
    assert undated not in clusterer.active



def test_story_label_prefers_nouns_and_names_to_verbs(clusterer):
    texts = ["Beim Softwarekonzern Datavia sollen weltweit 1.200 Stellen wegfallen, teilte Datavia mit. "
             "Betroffen sind Standorte in Berlin und Leipzig.",
             "Die Beschäftigten von Datavia protestieren gegen den Stellenabbau. In Berlin sollen 450 Stellen "
             "wegfallen, sagte der Betriebsrat."]
    sids = {clusterer.add(StreamItem(f"datavia{i}", t, T0 + timedelta(hours=i)))[0] for i, t in enumerate(texts)}
    assert len(sids) == 1
    words = clusterer.label(sids.pop()).split(", ")
    assert "Datavia" in words and "wegfallen" not in words
    assert all(w[:1].isupper() for w in words)


def test_paraphrased_follow_up_reaches_its_story_through_the_embedding_view(monkeypatch):
    """A follow-up worded without any of the story's index terms is no candidate by the word
    index; with the embedding view the stories with the closest recent leads are added."""
    import lagebild.connect.cluster as cluster_module

    cl = StoryClusterer(window_days=7, use_embeddings=True)
    cl.warm(BACKGROUND)
    for n, text in enumerate([FIRE[0], RATE[0], *dict.fromkeys(BACKGROUND)]):
        cl.add(StreamItem(f"r{n}", text, T0 + timedelta(hours=n)))
    fire = cl.assignments()[("r0", -1)]
    paraphrase = "Flammen zerstörten ein Warenlager an der Ostseeküste; Dutzende Retter kämpften stundenlang."
    views = cl.featurizer.views(paraphrase, update_df=False)
    assert len(cl.active) >= 3
    monkeypatch.setattr(cluster_module, "EMB_CANDIDATES", 1)  # only the closest story is added
    assert cl._closest_by_embedding(views.emb, everywhere=False) == [fire]
    assert fire in cl.candidates(views)
    monkeypatch.setattr(cluster_module, "EMB_CANDIDATES", 0)
    assert fire not in cl.candidates(views)
