"""The review workflow over HTTP: draft -> approved -> published, edits make new versions."""
from __future__ import annotations

from tests.api.conftest import bearer


def test_story_detail_has_members_claims_and_summary(client, corpus):
    r = client.get(f"/api/stories/{corpus.story_id}")
    assert r.status_code == 200
    story = r.json()
    assert {m["doc_id"] for m in story["members"]} == {d.id for d in corpus.docs}
    assert [d["name"] for d in story["documents"]] == ["hochwasser-1", "hochwasser-2", "hochwasser-3"]
    assert story["summaries"][0]["status"] == "draft"
    listed = client.get("/api/stories").json()
    assert listed["total"] >= 1 and any(s["id"] == corpus.story_id for s in listed["items"])


def test_approve_then_publish(client, corpus, secrets_by_role):
    editor = bearer(secrets_by_role["editor"])
    sid = corpus.summary_id
    r = client.post(f"/api/summaries/{sid}/publish", headers=editor)
    assert r.status_code == 409  # a draft cannot be published
    r = client.post(f"/api/summaries/{sid}/transitions", json={"action": "approve"}, headers=editor)
    assert r.status_code == 409 and "in_review" in r.json()["detail"]  # a draft is submitted first
    r = client.post(f"/api/summaries/{sid}/transitions", json={"action": "submit"}, headers=editor)
    assert r.status_code == 200 and r.json()["summary"]["status"] == "in_review"
    r = client.post(f"/api/summaries/{sid}/transitions", json={"action": "approve", "note": "passt"}, headers=editor)
    assert r.status_code == 200, r.text
    assert r.json()["summary"]["status"] == "approved"
    assert r.json()["events"][-1]["actor"] == "test-editor"
    r = client.post(f"/api/summaries/{sid}/publish", headers=editor)
    assert r.status_code == 201, r.text
    pub = r.json()
    assert pub["summary_id"] == sid and pub["published_by"] == "test-editor"
    pubs = client.get(f"/api/stories/{corpus.story_id}/publications").json()
    assert [p["id"] for p in pubs] == [pub["id"]]


def test_edit_realigns_changed_sentences_and_reject(client, store, corpus, secrets_by_role):
    """An edited sentence never inherits the citations of the sentence at its place: a light
    edit (typo fix) is aligned to the same source and stays supported; an unrelated sentence
    is flagged unsupported and cites nothing; an unchanged one keeps itself."""
    editor = bearer(secrets_by_role["editor"])
    sid = corpus.summary_id
    original = client.get(f"/api/summaries/{sid}").json()["summary"]
    assert len(original["sentences"]) >= 2
    texts = [s["text"] for s in original["sentences"]]
    words = texts[0].split()
    k = max(range(len(words)), key=lambda i: len(words[i]))  # a typo fix in the longest word
    words[k] = words[k][:-1] + words[k][-1] * 2 if words[k][-1].isalpha() else words[k][:-2] + words[k][-2] * 2 + words[k][-1]
    texts[0] = " ".join(words)
    texts[1] = "Trump ist auch dabei."
    assert client.post(f"/api/summaries/{sid}/transitions", json={"action": "submit"}, headers=editor).status_code == 200
    r = client.post(f"/api/summaries/{sid}/transitions", json={"action": "edit", "sentences": texts}, headers=editor)
    assert r.status_code == 200, r.text
    edited = r.json()["summary"]
    light, unrelated = edited["sentences"][0], edited["sentences"][1]
    assert light["text"] == texts[0] and light["supported"] is True
    assert light["citations"] == original["sentences"][0]["citations"]
    assert light["note"].startswith("vom Redakteur geändert")
    assert unrelated["text"] == "Trump ist auch dabei."
    assert unrelated["supported"] is False and unrelated["citations"] == []
    assert "vom Redakteur geändert" in unrelated["note"]
    for before, after in zip(original["sentences"][2:], edited["sentences"][2:]):
        assert after == before  # unchanged sentences keep text, citations and support
    assert edited["version"] == 2 and edited["status"] == "edited" and edited["parent_id"] == sid
    # the review screen shows which sentences the editor changed and which are unsupported
    page = client.get(f"/review/{edited['id']}")
    assert page.status_code == 200
    assert page.text.count("vom Redakteur geändert</span>") == 2 and "nicht belegt: Kein Beleg" in page.text
    assert "Trump ist auch dabei." in page.text and "None" not in page.text
    # the edited version can be published; the original cannot be approved any more
    r = client.post(f"/api/summaries/{sid}/transitions", json={"action": "approve"}, headers=editor)
    assert r.status_code == 409
    r = client.post(f"/api/summaries/{edited['id']}/publish", headers=editor)
    assert r.status_code == 201 and r.json()["summary_id"] == edited["id"]
    published = store.reviews.latest_publication(corpus.story_id)["json"]["sentences"]
    assert published[1] == {"text": "Trump ist auch dabei.", "citations": [], "supported": False,
                            "note": unrelated["note"]}
    assert "- Trump ist auch dabei. *(nicht belegt)*" in r.json()["markdown"]


def test_invalid_transition_body_is_422(client, corpus, secrets_by_role):
    editor = bearer(secrets_by_role["editor"])
    r = client.post(f"/api/summaries/{corpus.summary_id}/transitions", json={"action": "delete"}, headers=editor)
    assert r.status_code == 422 and "action" in r.json()["detail"]
    r = client.post(f"/api/summaries/{corpus.summary_id}/transitions", json={"action": "edit"}, headers=editor)
    assert r.status_code == 409


def test_drafting_a_new_version_needs_a_token(client, store, corpus, secrets_by_role):
    url = f"/api/stories/{corpus.story_id}/summaries"
    r = client.post(url, json={"sentences": 2})
    assert r.status_code == 401
    assert len(client.get(url).json()) == 1  # nothing drafted
    r = client.post(url, json={"sentences": 2}, headers=bearer(secrets_by_role["analyst"]))
    assert r.status_code == 201, r.text
    draft = r.json()
    assert draft["status"] == "draft" and draft["version"] == 2 and draft["created_by"] == "test-analyst"
    assert 1 <= len(draft["sentences"]) <= 2
    doc_ids = {d.id for d in corpus.docs}
    for sentence in draft["sentences"]:
        assert sentence["citations"] and {c["doc_id"] for c in sentence["citations"]} <= doc_ids
    # the earlier version is untouched; newest first
    versions = client.get(url).json()
    assert [v["version"] for v in versions] == [2, 1] and versions[1]["status"] == "draft"
    assert client.post("/api/stories/nope/summaries", headers=bearer(secrets_by_role["analyst"])).status_code == 404
    r = client.post(url, json={"sentences": 0}, headers=bearer(secrets_by_role["analyst"]))
    assert r.status_code == 422
