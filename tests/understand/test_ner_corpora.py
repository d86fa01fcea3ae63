"""Label mapping of the NER training/evaluation corpora (tiny files written here)."""
from __future__ import annotations

from lagebild.understand.ner_corpora import read_europarl, read_germeval, spans_from_bio

GERMEVAL = """#\thttp://example.org/a\t[2014-01-01]
1\tDie\tO\tO
2\tdeutsche\tB-LOCderiv\tO
3\tKanzlerin\tO\tO
4\tAngela\tB-PER\tO
5\tMerkel\tI-PER\tO
6\tlobte\tO\tO
7\tdie\tO\tO
8\tEU-Kommission\tB-ORGpart\tO
9\tund\tO\tO
10\t"\tO\tO
11\tDer\tB-OTH\tO
12\tSpiegel\tI-OTH\tO
13\t"\tO\tO
14\tin\tO\tO
15\tHamburg\tB-LOC\tO
16\t.\tO\tO

1\tBonn\tB-LOC\tB-ORG
2\tschweigt\tO\tO
"""

EUROPARL = """Die\td\tART\tI-NC\tO
europäische\teuropäisch\tADJA\tI-NC\tI-MISC
Kommission\tKommission\tNN\tI-NC\tI-ORG
und\tund\tKON\tO\tO
Herr\tHerr\tNN\tI-NC\tO
Hans\tHans\tNE\tI-NC\tI-PER
Müller\tMüller\tNE\tI-NC\tI-PER
besuchten\tbesuchen\tVVFIN\tI-VC\tO
den\td\tART\tI-NC\tO
Schengener\tSchengener\tADJA\tI-NC\tI-MISC
Raum\tRaum\tNN\tI-NC\tI-MISC
.\t.\t$.\tO\tO
"""


def test_germeval_outer_tags_deriv_part_dropped_oth_as_misc(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text(GERMEVAL, encoding="utf-8")
    first, second = read_germeval(path)
    spans = {(" ".join(first.words[s:e]), label) for s, e, label in spans_from_bio(first.tags)}
    assert spans == {("Angela Merkel", "PER"), ("Der Spiegel", "MISC"), ("Hamburg", "LOC")}
    assert spans_from_bio(second.tags) == [(0, 1, "LOC")]  # outer tag, not the nested ORG


def test_europarl_iob1_to_bio_and_adjectives_dropped(tmp_path):
    path = tmp_path / "e.tsv"
    path.write_text(EUROPARL, encoding="utf-8")
    (sent,) = read_europarl(path)
    spans = {(" ".join(sent.words[s:e]), label) for s, e, label in spans_from_bio(sent.tags)}
    # "europäische" is a nationality adjective (GermEval's -deriv): O; the adjacent ORG starts fresh
    assert spans == {("Kommission", "ORG"), ("Hans Müller", "PER"), ("Schengener Raum", "MISC")}
    assert sent.tags[2] == "B-ORG"
