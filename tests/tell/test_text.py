from lagebild.tell.text import quote_de


def test_plain_span_gets_german_quotation_marks():
    assert quote_de("Der Pegel fällt.") == "„Der Pegel fällt.“"


def test_span_that_is_itself_a_quote_is_not_double_quoted():
    cited = "„Wir nennen nur bestätigte Zahlen“, sagte die Sprecherin."
    assert quote_de(cited) == "»„Wir nennen nur bestätigte Zahlen“, sagte die Sprecherin.«"
    assert "„„" not in quote_de("„Wir bleiben.“")
