"""How speakers, quotes and claims read for people (lagebild.display, shared by CLI and web)."""
from __future__ import annotations

import pytest

from lagebild.display import claim_line, quote_text, source_label, speaker_label


@pytest.mark.parametrize("written, label", [
    ("der Polizei", "Polizei"),  # "nach Angaben der Polizei"
    ("die Polizei", "Polizei"),  # "teilte die Polizei mit"
    ("des Krisenstabs in Bad Kreuznach", "Krisenstab in Bad Kreuznach"),
    ("des Instituts für Weltwirtschaft", "Institut für Weltwirtschaft"),
    ("des Amtes", "Amt"),
    ("des Kaffees", "Kaffee"),
    ("des DWD", "DWD"),  # an acronym has no ending to strip
    ("Die Senatorin", "Senatorin"),
    ("Ein Sprecher des DWD", "Ein Sprecher des DWD"),  # indefinite: as written
    ("Helena Marquardt", "Helena Marquardt"),
    ("des russischen Verteidigungsministeriums", "russischen Verteidigungsministeriums"),  # adjective: case kept
    (None, None),
])
def test_speaker_label_drops_the_case_the_sentence_gave(written, label):
    assert speaker_label(written) == label


def test_indirect_quotes_are_marked_and_direct_ones_quoted():
    assert quote_text("indirect", "die Lage sei  ernst") == "die Lage sei ernst (indirekt)"
    assert quote_text("direct", 'Wir sagen "nein"') == "„Wir sagen ‚nein‘“"


@pytest.mark.parametrize("written, label", [
    ("Angaben der Polizei", "Polizei"),
    ("Angaben des Krisenstabs", "Krisenstab"),
    ("den Informationen aus Betriebsratskreisen", "Betriebsratskreisen"),
    ("des Gesamtbetriebsrats", "Gesamtbetriebsrat"),  # "laut Gesamtbetriebsrat", not "laut des …"
    ("das Innenministerium in Mainz", "Innenministerium in Mainz"),
    ("südkoreanischen Angaben", "südkoreanischen Angaben"),  # an adjective source stays as written
    ("ein Sprecher der Stadtverwaltung", "ein Sprecher der Stadtverwaltung"),
])
def test_source_label_names_who_a_figure_is_attributed_to(written, label):
    assert source_label(written) == label


def test_claim_line_names_the_source_without_its_case():
    from lagebild.document import Claim

    claim = Claim(start=0, end=20, text="mindestens 8 Menschen", value=8, unit="Menschen", qualifier="mindestens",
                  source="Angaben der Polizei")
    assert claim_line(claim) == "mindestens 8 Menschen · Quelle: Polizei"
