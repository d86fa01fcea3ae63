"""The HTML pages render from real storage (the browser test drives them for real)."""
from __future__ import annotations

import re


def test_pages_render(client, corpus):
    doc = corpus.docs[0]
    pages = {
        "/": "Storys",
        f"/stories/{corpus.story_id}": "Zeitleiste",
        f"/documents/{doc.id}": "Grimma",
        "/documents?source=Landesfunk": "Pegel der Mulde steigt weiter",
        "/entities?type=PER": "Katrin Albers",
        "/quotes": "Wir evakuieren die Altstadt vorsorglich.",
        "/search?q=Deich": "Hunderte Helfer sichern Deiche",
        f"/review/{corpus.summary_id}": "Belegstellen",
        "/login": "API-Token",
    }
    for path, expected in pages.items():
        r = client.get(path)
        assert r.status_code == 200, path
        assert expected in r.text, path


def test_story_page_draws_charts(client, corpus):
    html = client.get(f"/stories/{corpus.story_id}").text
    assert '<svg class="chart timeline"' in html
    # one coloured tick per report on the timeline
    assert len(re.findall(r'<g class="doc">', html)) == 3
    # the claim board: the helper figures (400, 650, 300) as one chart, one point per reading
    charts = re.findall(r'<svg class="chart claims".*?</svg>', html, flags=re.S)
    assert len(charts) == 1
    assert len(re.findall(r'<g class="reading ', charts[0])) == 3
    assert all(f">{v}<" in charts[0] for v in ("400", "650", "300"))


def test_document_view_offers_the_removed_boilerplate(client, store):
    from tests.api import wiring
    from tests.api.corpus import documents

    from lagebild.document import Removed

    doc = documents()[0]
    doc = doc.model_copy(update={"removed": [Removed(text="Teilen auf X", reason="share_buttons", start=0, end=12),
                                             Removed(text="Mehr zum Thema", reason="related_links", start=12, end=26)]})
    wiring.add_document(store, doc)
    html = client.get(f"/documents/{doc.id}").text
    toggle = re.search(r'<details class="removed card">(.*?)</details>', html, flags=re.S)
    assert toggle is not None  # closed by default: a <details> the reader opens
    assert "<summary>Entfernte Textteile anzeigen (2)</summary>" in toggle.group(1)
    assert "Teilen auf X" in toggle.group(1) and "share_buttons" in toggle.group(1)
    assert "Mehr zum Thema" in toggle.group(1)
    # nothing removed: no toggle
    plain = documents()[1]
    wiring.add_document(store, plain)
    assert "Entfernte Textteile" not in client.get(f"/documents/{plain.id}").text


def test_document_view_highlights_and_cites(client, corpus):
    doc = corpus.docs[0]
    quote = doc.quotes[0]
    html = client.get(f"/documents/{doc.id}", params={"hl": f"{quote.start}-{quote.end}"}).text
    assert '<span class="ent ent-LOC"' in html and '<span class="claim"' in html
    # the cited span is marked and can be jumped to
    assert '<a id="focus"></a>' in html and 'focus quote quote-direct' in html
    assert "Wir evakuieren" in html


def test_web_review_needs_editor_cookie(client, corpus, secrets_by_role):
    url = f"/review/{corpus.summary_id}"
    r = client.post(url, data={"action": "approve"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    r = client.post("/login", data={"token": "falsch", "next": url})
    assert r.status_code == 401
    r = client.post("/login", data={"token": secrets_by_role["analyst"], "next": url}, follow_redirects=False)
    assert r.status_code == 303
    r = client.post(url, data={"action": "approve"})
    assert "darf nicht" in r.text
    r = client.post("/login", data={"token": secrets_by_role["editor"], "next": url})
    r = client.post(url, data={"action": "approve"})
    assert r.status_code == 200 and "freigegeben" in r.text
    r = client.post(url, data={"action": "publish"})
    assert r.status_code == 200 and 'id="published"' in r.text


def test_login_redirect_stays_local(client, secrets_by_role):
    r = client.post("/login", data={"token": secrets_by_role["editor"], "next": "//evil.example/"},
                    follow_redirects=False)
    assert r.headers["location"] == "/"


def test_unknown_pages_are_friendly_404(client):
    r = client.get("/stories/gibt-es-nicht")
    assert r.status_code == 404 and "gibt es nicht" in r.text


def test_odd_web_input_is_never_a_server_error(client, corpus, secrets_by_role):
    doc = corpus.docs[0]
    paths = [f"/documents/{doc.id}?hl=50-10", f"/documents/{doc.id}?hl=x-y", f"/documents/{doc.id}?hl=0-99999",
             "/documents/%00", "/stories/%00abc", "/review/%00", "/review/" + "x" * 300, "/search?q=%22%2A",
             "/search?q=", "/entities?type=XYZ&q=%25", "/documents?source=%00&kind=roman", "/?sort=nonsense&page=3",
             "/quotes?speaker=%25_", "/?source=%00&entity=%00x", "/quotes?story=%00"]
    for path in paths:
        r = client.get(path)
        assert r.status_code in (200, 404, 422), (path, r.status_code)
    client.post("/login", data={"token": secrets_by_role["editor"]})
    for action in ("publish", "fly", "edit"):
        r = client.post(f"/review/{corpus.summary_id}", data={"action": action})
        assert r.status_code == 200 and ('class="error"' in r.text), action


def test_refused_edit_on_a_draft_changes_nothing(client, store, corpus, secrets_by_role):
    client.post("/login", data={"token": secrets_by_role["editor"]})
    r = client.post(f"/review/{corpus.summary_id}", data={"action": "edit", "s0": " "})
    assert 'class="error"' in r.text
    assert store.reviews.get(corpus.summary_id).status == "draft"
    assert len(store.reviews.events(summary_id=corpus.summary_id)) == 1  # only "draft created"


def test_story_page_drafts_a_new_version_for_signed_in_users(client, store, corpus, secrets_by_role):
    url = f"/stories/{corpus.story_id}"
    assert 'id="draft"' not in client.get(url).text  # anonymous: no button
    r = client.post(url + "/draft", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert len(store.reviews.list(story_id=corpus.story_id)) == 1
    client.post("/login", data={"token": secrets_by_role["analyst"]})
    assert 'id="draft"' in client.get(url).text
    r = client.post(url + "/draft")
    assert r.status_code == 200 and "Entwurf Version 2 erstellt" in r.text
    assert [s.version for s in store.reviews.list(story_id=corpus.story_id)] == [1, 2]
    assert client.post("/stories/nope/draft").status_code == 404


def test_story_list_and_page_lead_with_the_newest_headline(client, corpus):
    assert "Entwarnung an der Mulde" in client.get("/").text
    html = client.get(f"/stories/{corpus.story_id}").text
    assert "<h1>Entwarnung an der Mulde</h1>" in html


def test_published_summary_links_each_citation(client, store, corpus, secrets_by_role):
    client.post("/login", data={"token": secrets_by_role["editor"]})
    client.post(f"/review/{corpus.summary_id}", data={"action": "approve"})
    html = client.post(f"/review/{corpus.summary_id}", data={"action": "publish"}).text
    published = html.split('id="published"', 1)[1].split("</section>", 1)[0]
    summary = store.reviews.get(corpus.summary_id)
    first = summary.sentences[0].citations[0]
    assert f'?hl={first.start}-{first.end}#focus" title=' in published and ">[1]</a>" in published
    assert summary.sentences[0].text in published


def test_web_edit_makes_a_new_version_and_reject_is_final(client, store, corpus, secrets_by_role):
    client.post("/login", data={"token": secrets_by_role["editor"]})
    summary = store.reviews.get(corpus.summary_id)
    form = {f"s{i}": s.text for i, s in enumerate(summary.sentences)}
    form["s0"] = summary.sentences[0].text.rstrip(".") + " (korrigiert)."
    r = client.post(f"/review/{corpus.summary_id}", data={**form, "action": "edit", "note": "Tippfehler"})
    assert r.status_code == 200 and "bearbeitet" in r.text
    [edited] = [s for s in store.reviews.list(story_id=corpus.story_id) if s.version == 2]
    assert edited.status == "edited" and edited.sentences[0].text.endswith("(korrigiert).")
    assert edited.sentences[0].citations == summary.sentences[0].citations
    diff = [e for e in store.reviews.events(summary_id=edited.id) if e["to_status"] == "edited"][0]["diff"]
    assert "(korrigiert)" in diff
    # an edited version is decided: it can be published, not rejected afterwards
    r = client.post(f"/review/{edited.id}", data={"action": "reject"})
    assert 'class="error"' in r.text and store.reviews.get(edited.id).status == "edited"
    r = client.post(f"/review/{edited.id}", data={"action": "publish"})
    assert r.status_code == 200 and 'id="published"' in r.text


def test_story_page_shows_a_new_report_at_once(client, store, corpus):
    from datetime import datetime

    from tests.api import wiring
    from tests.api.corpus import ENTITIES, make_document

    url = f"/stories/{corpus.story_id}"
    assert "Aufräumen in Grimma" not in client.get(url).text  # rendered (and kept) before the report
    late = make_document("hochwasser-4", "Aufräumen in Grimma", "Landesfunk", datetime(2026, 3, 5, 10, 0),
                         "In Grimma beginnen die Aufräumarbeiten. Die Feuerwehr pumpt Keller aus.")
    wiring.add_document(store, late, ENTITIES)
    story = store.stories.get(corpus.story_id)
    store.stories.save(story.model_copy(update={"members": [*story.members, *wiring.story_of([late]).members],
                                                "last_time": late.meta.published}))
    assert "Aufräumen in Grimma" in client.get(url).text


def test_story_list_filters_by_source_and_entity(client, corpus):
    assert "Entwarnung an der Mulde" in client.get("/", params={"source": "Landesfunk"}).text
    assert "Keine Story passt" in client.get("/", params={"source": "Niemand"}).text
    html = client.get("/", params={"entity": "loc-mulde", "sort": "size"}).text
    assert "Entwarnung an der Mulde" in html and "nennt Mulde" in html
    assert "sort=recent&amp;entity=loc-mulde" in html  # the filter survives re-sorting
    # the story page's entity chips lead there
    assert 'href="/?entity=loc-mulde"' in client.get(f"/stories/{corpus.story_id}").text


def test_indirect_speech_is_not_shown_in_quotation_marks():
    from lagebild.document import Quote
    from lagebild.web.views import templates

    show = templates.env.filters["quote_words"]
    direct = Quote(start=0, end=30, text="Wir evakuieren die Altstadt", kind="direct", speaker="Albers")
    indirect = Quote(start=0, end=40, text="die Stadt sei auf sieben Meter vorbereitet", kind="indirect")
    assert str(show(direct)) == "„Wir evakuieren die Altstadt“"
    rendered = str(show(indirect))
    assert "„" not in rendered and rendered.startswith("die Stadt sei") and "(indirekt)" in rendered
    assert "&lt;b&gt;" in str(show({"kind": "direct", "text": "<b>fett</b>"}))  # escaped, not markup
