"""Word stems of the lexical views: German genitives and plurals that Snowball leaves apart."""
import Stemmer

from lagebild.connect.features import Featurizer, stem_word

STEM = Stemmer.Stemmer("german")


def test_a_genitive_or_plural_s_after_a_vowel_meets_the_base_form():
    for inflected, base in (("nordkoreas", "nordkorea"), ("havariekommandos", "havariekommando"),
                            ("europas", "europa"), ("handys", "handy"), ("putins", "putin")):
        assert stem_word(STEM, inflected) == stem_word(STEM, base), (inflected, base)
    # Snowball alone keeps them apart (the reason for stem_word)
    assert STEM.stemWord("nordkoreas") != STEM.stemWord("nordkorea")


def test_is_and_us_endings_and_short_words_are_left_alone():
    assert stem_word(STEM, "paris") == STEM.stemWord("paris")
    assert stem_word(STEM, "virus") == STEM.stemWord("virus")
    assert stem_word(STEM, "gas") == STEM.stemWord("gas")


def test_reports_naming_one_agency_in_two_cases_share_its_stem():
    featurizer = Featurizer(background=False)
    first = featurizer.views("Ein Flugzeug des Seenotkommandos entdeckte vor Usedom eine Ölspur.", update_df=False)
    second = featurizer.views("Das Seenotkommando schickte am Abend zwei Schiffe in die Ostsee.", update_df=False)
    assert set(first.words) & set(second.words)
