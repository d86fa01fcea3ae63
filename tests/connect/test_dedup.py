from datetime import datetime

from connect_docs import make_doc

from lagebild.connect.dedup import DuplicateIndex, find_duplicates

WIRE = ("Der Stadtrat von Lindenhain hat am Abend den Bau einer neuen Brücke über die Weser beschlossen. "
        "Die Kosten werden auf rund 48 Millionen Euro geschätzt. Baubeginn soll im Frühjahr sein. "
        "Die Opposition kritisierte die Pläne als überdimensioniert und forderte eine Bürgerbefragung.")
REWRITE = ("Lindenhain bekommt eine neue Weserbrücke. Der Stadtrat von Lindenhain hat am Abend den Bau einer "
           "neuen Brücke über die Weser beschlossen. Die Kosten werden auf etwa 48 Millionen Euro geschätzt. "
           "Baubeginn soll im Frühjahr sein. Die Opposition kritisierte die Pläne als überdimensioniert.")
OTHER_WITH_PASSAGE = (
    "Im Landkreis gibt es heute mehrere Termine. Der Kreistag berät über den Haushalt und die Schulen. "
    "Der Stadtrat von Lindenhain hat am Abend den Bau einer neuen Brücke über die Weser beschlossen. "
    "Die Kosten werden auf rund 48 Millionen Euro geschätzt. "
    "Außerdem öffnet am Wochenende das neue Hallenbad in Nordheim, der Eintritt ist zunächst frei.")
UNRELATED = ("In der Bundesliga hat der Tabellenführer überraschend verloren. Die Mannschaft kassierte in der "
             "Nachspielzeit zwei Gegentore. Der Trainer sprach von einem bitteren Abend für alle Beteiligten.")


def test_exact_duplicate_is_linked_not_dropped():
    a = make_doc("a", WIRE)
    b = make_doc("b", WIRE + "\n")  # same text after normalisation, different id
    b = b.model_copy(update={"id": "other-id"})
    links = find_duplicates([a, b])
    assert [(l.level, l.a_doc, l.b_doc, l.score) for l in links] == [("exact", a.id, "other-id", 1.0)]


def test_near_duplicate_documents_get_an_estimated_similarity():
    a, b, c = make_doc("a", WIRE), make_doc("b", REWRITE), make_doc("c", UNRELATED)
    links = find_duplicates([a, b, c])
    doc_links = [l for l in links if l.level == "document"]
    assert len(doc_links) == 1 and {doc_links[0].a_doc, doc_links[0].b_doc} == {a.id, b.id}
    assert 0.6 <= doc_links[0].score < 1.0
    assert all(c.id not in (l.a_doc, l.b_doc) for l in links)


def test_shared_passage_is_found_with_spans_in_both_documents():
    index = DuplicateIndex()
    a, b = make_doc("a", WIRE), make_doc("b", OTHER_WITH_PASSAGE)
    assert index.add(a) == []
    links = index.add(b)
    assert [l.level for l in links] == ["passage"]
    link = links[0]
    assert link.a_doc == a.id and link.b_doc == b.id
    assert "Brücke über die Weser" in a.text[link.a_start:link.a_end]
    passage = b.text[link.b_start:link.b_end]
    assert "Brücke über die Weser" in passage and "Hallenbad" not in passage and "Kreistag" not in passage
    assert index.add(a) == []  # already indexed: nothing new


def test_index_is_incremental():
    index = DuplicateIndex()
    index.add(make_doc("u", UNRELATED, datetime(2025, 1, 1)))
    assert len(index) == 1
    assert index.add(make_doc("w", WIRE)) == []
    assert any(l.level == "document" for l in index.add(make_doc("r", REWRITE)))
