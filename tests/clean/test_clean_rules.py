"""Stage "clean": declarative rules; every cut recorded; text = original minus cuts."""
from __future__ import annotations

import pytest

from lagebild.clean.rules import (
    CleanStage, OffsetMap, RuleFileError, apply_removals, find_removals, load_rules, to_text_offset,
)
from lagebild.config import Settings
from lagebild.document import Document, DocumentMeta

BODY = "Die Feuerwehr war mit 40 Kräften im Einsatz. Verletzt wurde niemand."


@pytest.fixture(scope="module")
def stage() -> CleanStage:
    return CleanStage(Settings())


def clean(stage, text: str, kind: str = "article") -> Document:
    """Clean ``text`` as the metadata stage would have classified it (rules may be limited to kinds)."""
    doc = Document(id="x", name="x", origin="x", format="text", raw=text.encode(), original_text=text,
                   meta=DocumentMeta(kind=kind))
    return stage(doc)


def check_invariants(doc: Document) -> None:
    for r in doc.removed:
        assert doc.original_text[r.start : r.end] == r.text
    assert apply_removals(doc.original_text, doc.removed) == doc.text


def reasons(doc: Document) -> list[str]:
    return [r.reason for r in doc.removed]


def test_share_buttons_photo_credit_newsletter_and_teaser(stage):
    text = (
        "Teilen Sie dies:\n\nBrand in der Altstadt\n\n" + BODY + "\n\n"
        "Bleiben Sie informiert – Relevantes. Jeden Tag. Lesen Sie, worum es heute wirklich geht: "
        "Zoo bekommt neue Pinguine\n\nFoto: dpa\n\nBild: Max Muster\n\nTeilen Sie dies:"
    )
    doc = clean(stage, text)
    check_invariants(doc)
    assert doc.text.strip() == "Brand in der Altstadt\n\n" + BODY
    assert reasons(doc) == ["share_buttons", "newsletter_teaser", "read_more_teaser", "photo_credit",
                            "photo_credit", "share_buttons"]


def test_liveblog_marker_stand_line_and_entry_times(stage):
    text = f"Titel der Seite\nliveblog\n\nStand: 01.02.2025 12:00 Uhr\n\n01.02.2025 • 11:45 Uhr\n\nLage ruhig\n\n{BODY}"
    doc = clean(stage, text, "liveblog")
    check_invariants(doc)
    assert doc.text == f"Titel der Seite\nLage ruhig\n\n{BODY}"
    assert reasons(doc) == ["liveblog_marker", "stand_line", "entry_timestamp"]
    assert doc.removed[2].text.strip() == "01.02.2025 • 11:45 Uhr"


def test_liveblog_word_inside_a_line_stays(stage):
    text = f"Liveblog vom Sonntag zum Nachlesen\n\n{BODY}"
    assert clean(stage, text).text == text


def test_ai_disclaimer_sentences_and_date_header(stage):
    text = (" date 2025-01-15 Diese Zusammenfassung wurde mit künstlicher Intelligenz erstellt. "
            "Der Text wurde von einer Redakteurin geprüft.\n\n" + BODY)
    doc = clean(stage, text, "ai_summary")
    check_invariants(doc)
    assert doc.text == BODY
    assert reasons(doc) == ["date_header", "ai_disclaimer", "ai_review_note"]


def test_ai_disclaimer_in_other_words(stage):
    text = ("Eine künstliche Intelligenz hat diesen Beitrag als Kurzfassung geschrieben. "
            "Eine Redakteurin hat ihn vor der Freigabe gegengelesen.\n\n" + BODY)
    doc = clean(stage, text, "ai_summary")
    assert doc.text == BODY and reasons(doc) == ["ai_disclaimer", "ai_review_note"]


def test_sentence_rule_keeps_the_rest_of_the_line(stage):
    text = "Wir nutzen künstliche Intelligenz, um Zusammenfassungen zu erstellen. " + BODY
    doc = clean(stage, text)
    assert doc.text == BODY


def test_editor_sigils_glued_to_the_last_sentence(stage):
    text = f'{BODY} "Wir bleiben dran", sagte der Sprecher./kb/DP/mis\n'
    doc = clean(stage, text)
    check_invariants(doc)
    assert doc.text.endswith('sagte der Sprecher.') and doc.removed[0].text.strip() == "/kb/DP/mis"


def test_slashes_inside_the_text_stay(stage):
    text = f"Die Strecke Köln/Bonn/Siegburg ist frei. {BODY}"
    assert clean(stage, text).text == text


def test_broadcast_note(stage):
    text = f"{BODY}\n\nDieses Thema im Programm: Über dieses Thema berichtete das Radio am 3. März 2025 um 9:00 Uhr."
    doc = clean(stage, text)
    assert doc.text.strip() == BODY and reasons(doc) == ["broadcast_note"]


def test_dateline_is_kept(stage):
    text = f"BERLIN (dpa) - {BODY}"
    assert clean(stage, text).text == text


def test_text_without_boilerplate_is_unchanged(stage):
    doc = clean(stage, BODY)
    assert doc.text == BODY and doc.removed == []


def test_user_rules_extend_replace_and_disable(tmp_path):
    extra = tmp_path / "eigene.yaml"
    extra.write_text(
        "rules:\n"
        "  - id: sponsor\n    line: 'Anzeige'\n    description: ad label\n"
        "  - id: photo_credit\n    enabled: false\n",
        encoding="utf-8",
    )
    rules = load_rules([extra])
    ids = [r.id for r in rules]
    assert "sponsor" in ids and "photo_credit" not in ids
    text = f"Anzeige\n{BODY}\nFoto: dpa"
    removed = find_removals(text, rules)
    assert [r.reason for r in removed] == ["sponsor"]
    doc = CleanStage(Settings(cleaning_rules=[extra]))(
        Document(id="x", name="x", origin="x", format="text", raw=b"", original_text=text))
    assert doc.text == f"{BODY}\nFoto: dpa"


@pytest.mark.parametrize(
    "content, message",
    [
        ("rules:\n  - pattern: 'x'\n", "needs an 'id'"),
        ("rules:\n  - id: a\n    pattern: '(unclosed'\n", "bad pattern"),
        ("rules:\n  - id: a\n    pattern: 'x'\n    scope: paragraph\n", "scope"),
        ("rules:\n  - id: a\n", "needs 'pattern' or 'line'"),
    ],
)
def test_bad_rule_files_are_reported(tmp_path, content, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(RuleFileError, match=message):
        load_rules([bad])


def test_offset_mapping(stage):
    text = "liveblog\nStand: 01.02.2025 12:00 Uhr\nErster Satz hier. Foto: Kai Beispiel\nZweiter Satz."
    doc = clean(stage, text)
    omap = OffsetMap(doc.removed)
    for target in ("Erster", "Zweiter"):
        assert doc.text[omap(text.index(target)) :].startswith(target)
        assert to_text_offset(text.index(target), doc.removed) == omap(text.index(target))
    inside = doc.removed[0].start + 3  # inside a cut span: maps to where it was cut
    assert omap(inside) == 0


def test_rules_limited_to_kinds(tmp_path):
    extra = tmp_path / "nur_wire.yaml"
    extra.write_text("rules:\n  - id: wire_end\n    line: '+++ Schluss +++'\n    kinds: [agency_wire]\n", encoding="utf-8")
    rules = load_rules([extra])
    text = f"{BODY}\n+++ Schluss +++"
    assert [r.reason for r in find_removals(text, rules, "agency_wire")] == ["wire_end"]
    assert find_removals(text, rules, "article") == []


def test_rule_runs_only_where_its_requirement_occurs(tmp_path):
    extra = tmp_path / "mit_vorpruefung.yaml"
    extra.write_text("rules:\n  - id: promo\n    pattern: 'Jetzt \\w+ testen[.!]'\n    scope: sentence\n"
                     "    requires: 'Probeabo'\n", encoding="utf-8")
    rules = [r for r in load_rules([extra]) if r.id == "promo"]
    assert find_removals(f"{BODY} Jetzt gratis testen!", rules) == []  # no "Probeabo": rule skipped
    removed = find_removals(f"{BODY} Jetzt gratis testen! Ihr Probeabo endet automatisch.", rules)
    assert [r.text.strip() for r in removed] == ["Jetzt gratis testen!"]
    bad = tmp_path / "kaputt.yaml"
    bad.write_text("rules:\n  - id: a\n    pattern: 'x'\n    requires: '(offen'\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="requires"):
        load_rules([bad])


@pytest.mark.parametrize(
    "credit",
    [
        "(Bericht von Jana Weber, redigiert von Tobias Lang)",
        "(Reporting by Jana Weber; Editing by Tobias Lang)",
        "(Bericht von Jana Weber; Mitarbeit: Ole Brandt; redigiert von Tobias Lang. Bei Rückfragen wenden Sie sich "
        "an unsere Redaktion (Politik und Konjunktur).)",
    ],
)
def test_wire_credit_line_at_the_end(stage, credit):
    text = f"HAMBURG (Reuters) - {BODY} {credit}\n"
    doc = clean(stage, text, "agency_wire")
    check_invariants(doc)
    assert doc.text == f"HAMBURG (Reuters) - {BODY}" and reasons(doc) == ["wire_credit_line"]


def test_credit_words_inside_the_text_stay(stage):
    text = f"Der Ausschuss legte seinen Abschlussbericht vor (Bericht von 2024, Seite 12). {BODY}"
    assert clean(stage, text, "agency_wire").text == text


def test_date_line_of_an_article_is_cut_as_date_line(stage):
    text = f"Stadtrat beschließt Haushalt\n\n12.11.2025, 17:05 Uhr\n\n{BODY}"
    doc = clean(stage, text)
    check_invariants(doc)
    assert doc.text == f"Stadtrat beschließt Haushalt\n\n{BODY}" and reasons(doc) == ["date_line"]


def test_review_note_is_kept_outside_ai_summaries(stage):
    # in an ordinary article such a sentence is news, not boilerplate
    text = f"Der Artikel wurde von der Kommission mehrfach geprüft. {BODY}"
    assert clean(stage, text).text == text


def test_sentence_about_ai_in_the_news_stays(stage):
    text = f"Das Video wurde nach Angaben der Polizei mit künstlicher Intelligenz erstellt. {BODY}"
    assert clean(stage, text).text == text


def test_ai_label_line(stage):
    doc = clean(stage, f"Erstellt mit KI\n\n{BODY}\n\nKI-generierter Text.", "ai_summary")
    check_invariants(doc)
    assert doc.text.strip() == BODY and reasons(doc) == ["ai_label", "ai_label"]
