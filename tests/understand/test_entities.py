"""Entity recognition, inflection and resolution on German sentences written for these tests."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from entity_support import make_document  # noqa: E402

from lagebild.understand.inflection import base_name, base_word  # noqa: E402
from lagebild.understand.resolve import EntityResolver  # noqa: E402


@pytest.fixture(scope="module")
def run(entity_extractor):
    def _run(text: str, name: str = "t"):
        return entity_extractor(make_document(text, name))

    return _run


def by_text(doc, surface: str, label: str | None = None):
    found = [m for m in doc.mentions if m.text == surface and (label is None or m.label == label)]
    assert found, f"no mention {surface!r} in {[(m.text, m.label) for m in doc.mentions]}"
    return found


# ------------------------------------------------------------------ inflection (pure rules)
@pytest.mark.parametrize(
    "word,known,genitive,expected",
    [
        ("Putins", {"Putin"}, False, "Putin"),
        ("Nordkoreas", {"Nordkorea"}, False, "Nordkorea"),
        ("Pekings", {"Peking"}, False, "Peking"),
        ("Kims", {"Kim"}, False, "Kim"),
        ("Klaus", set(), True, "Klaus"),  # stem ends in s: no genitive of "Klau"
        ("Paris", set(), False, "Paris"),
        ("Tass", {"Tass"}, True, "Tass"),  # known as written
        ("Borrells", set(), True, "Borrell"),  # genitive position: "Borrells Sprecher"
        ("Borrells", set(), False, "Borrells"),  # no evidence: kept
        ("Klaus'", set(), False, "Klaus"),
        ("Trumps", {"Trump"}, True, "Trump"),
    ],
)
def test_base_word(word, known, genitive, expected):
    assert base_word(word, known, genitive) == expected


def test_base_name_inflects_only_last_word():
    assert base_name("Wladimir Putins", {"Wladimir Putin"}) == "Wladimir Putin"
    assert base_name("Olena Hrytsenkos", set(), genitive_position=True) == "Olena Hrytsenko"


# ------------------------------------------------------------------ recognition + base forms
def test_genitive_names_get_base_forms(run):
    doc = run("Nordkoreas Raketen und Pekings Haltung beunruhigen Kiews Regierung. Putins Berater schwiegen.")
    assert by_text(doc, "Nordkoreas", "LOC")[0].base == "Nordkorea"
    assert by_text(doc, "Pekings", "LOC")[0].base == "Peking"
    assert by_text(doc, "Kiews", "LOC")[0].base == "Kiew"
    putin = by_text(doc, "Putins", "PER")[0]
    assert putin.base == "Putin" and putin.entity_id == "per:wladimir-putin"


def test_unknown_person_after_title_is_recognised(run):
    doc = run("Der Gouverneur Wassilij Tschernow aus Kursk sprach von schweren Schäden. Tschernow kündigte Hilfen an.")
    full = by_text(doc, "Wassilij Tschernow", "PER")[0]
    assert full.entity_id == "per:wassilij-tschernow"
    assert by_text(doc, "Tschernow", "PER")[0].entity_id == full.entity_id
    assert by_text(doc, "Kursk", "LOC")


def test_organisation_acronyms_and_agencies(run):
    doc = run("Der IWF und die NATO berieten in Brüssel. Die Agentur Yonhap und Interfax berichteten, "
              "das Rote Kreuz sei vor Ort. Auch der UN-Sicherheitsrat und die Bundeswehr äußerten sich.")
    ids = {m.text: (m.label, m.entity_id) for m in doc.mentions}
    assert ids["IWF"] == ("ORG", "org:internationaler-waehrungsfonds")
    assert ids["NATO"] == ("ORG", "org:nato")
    assert ids["Yonhap"][0] == "ORG" and ids["Interfax"][0] == "ORG"
    assert ids["UN-Sicherheitsrat"] == ("ORG", "org:un-sicherheitsrat")
    assert ids["Bundeswehr"] == ("ORG", "org:bundeswehr")
    assert any(m.label == "ORG" and "Rote Kreuz" in m.text for m in doc.mentions)
    assert ids["Brüssel"] == ("LOC", "loc:bruessel")


def test_acronym_with_long_form_resolves_to_one_entity(run):
    doc = run("Die Shanghaier Organisation für Zusammenarbeit tagt in Tianjin. Die SOZ wurde 2001 gegründet.")
    long_form = by_text(doc, "Shanghaier Organisation für Zusammenarbeit", "ORG")[0]
    assert by_text(doc, "SOZ", "ORG")[0].entity_id == long_form.entity_id
    assert by_text(doc, "Tianjin", "LOC")


# ------------------------------------------------------------------ titles and roles
def test_title_then_bare_role_resolves_in_context(run):
    doc = run("Kremlchef Wladimir Putin empfing am Abend Gäste aus Asien. Später sagte der Kremlchef, man sei sich einig.")
    roles = [m for m in doc.mentions if m.origin == "title" and m.text == "Kremlchef"]
    assert len(roles) == 2 and all(m.entity_id == "per:wladimir-putin" for m in roles)


def test_generic_title_binds_to_the_person_named_with_it(run):
    doc = run("Präsidentin Halyna Melnyk traf Vertreter der Armee. Die Präsidentin versprach neue Hilfen.")
    person = by_text(doc, "Halyna Melnyk", "PER")[0]
    later = [m for m in doc.mentions if m.origin == "title" and m.start > person.end]
    assert later and later[0].entity_id == person.entity_id


def test_indefinite_title_is_not_bound(run):
    doc = run("Sprecher Taras Bondar nannte Zahlen. Ein Sprecher der Armee widersprach. Der Sprecher blieb dabei.")
    person = by_text(doc, "Taras Bondar", "PER")[0]
    titles = [(m.text, m.start, m.entity_id) for m in doc.mentions if m.origin == "title"]
    assert [t for t in titles if t[1] > person.end] == [("Sprecher", doc.text.index("Sprecher blieb"), person.entity_id)]


def test_listed_role_without_name(run):
    doc = run("Nordkoreas Machthaber reiste mit dem Zug an. Chinas Staatschef begrüßte ihn am Bahnhof.")
    roles = {m.text: m.entity_id for m in doc.mentions if m.origin == "title"}
    assert roles["Nordkoreas Machthaber"] == "per:kim-jong-un"
    assert roles["Chinas Staatschef"] == "per:xi-jinping"
    assert by_text(doc, "Nordkoreas", "LOC")  # the country inside the role is still a place


def test_hyphen_spelling_variants_of_a_role(run):
    doc = run("Kreml-Sprecher Dmitri Peskow widersprach. Kremlsprecher Peskow nannte die Berichte falsch.")
    ids = {m.entity_id for m in doc.mentions if m.label == "PER"}
    assert ids == {"per:dmitri-peskow"}


# ------------------------------------------------------------------ ambiguous surnames
def test_two_kims_are_kept_apart_and_bare_kim_follows_the_latest(run):
    doc = run(
        "Kim Jong Un besichtigte eine Fabrik. In Seoul warnte Verteidigungsminister Kim Yong Hyun vor Provokationen. "
        "Kim forderte mehr Wachsamkeit. Danach traf Kim Jong Un Offiziere. Kim lobte sie."
    )
    fulls = {m.text: m.entity_id for m in doc.mentions if m.text.startswith("Kim ")}
    assert fulls["Kim Jong Un"] != fulls["Kim Yong Hyun"]
    bare = [m for m in doc.mentions if m.text == "Kim"]
    assert [m.entity_id for m in bare] == [fulls["Kim Yong Hyun"], fulls["Kim Jong Un"]]


def test_unlisted_namesakes_stay_apart(run):
    doc = run("Choi Min Soo leitet die Behörde, Choi Ji Woo die Opposition. Choi Ji Woo kritisierte den Plan, Choi widersprach.")
    ids = {m.text: m.entity_id for m in doc.mentions if m.label == "PER" and m.text.count(" ") == 2}
    assert ids["Choi Min Soo"] != ids["Choi Ji Woo"]
    bare = [m for m in doc.mentions if m.text == "Choi"]
    assert bare and bare[0].entity_id == ids["Choi Ji Woo"]  # the most recent full mention


def test_bare_surname_before_its_full_name(run):
    doc = run("Sljusenko kritisierte die Entscheidung. Der Abgeordnete Ostap Sljusenko verlangte Aufklärung.")
    first = by_text(doc, "Sljusenko", "PER")[0]
    assert first.entity_id == by_text(doc, "Ostap Sljusenko", "PER")[0].entity_id


# ------------------------------------------------------------------ cross-document registry
def test_resolver_links_documents_and_lists_aliases(run, entity_extractor):
    d1 = run("Die Sprecherin Oksana Wyschnewska bestätigte den Angriff auf Charkiw.", "d1")
    d2 = run("Wyschnewska sagte am Abend, Charkiws Bürgermeister sei informiert.", "d2")
    d3 = run("Kremlherrscher Putin und Trump telefonierten. Putins Ton war scharf.", "d3")
    resolver = EntityResolver(entity_extractor.gazetteer)
    docs, entities = resolver.resolve([d1, d2, d3])
    full = [m for m in docs[0].mentions if m.text == "Oksana Wyschnewska"][0]
    bare = [m for m in docs[1].mentions if m.text == "Wyschnewska"][0]
    assert bare.entity_id == full.entity_id == "per:oksana-wyschnewska"
    ent = {e.id: e for e in entities}
    assert ent["loc:charkiw"].type == "LOC"
    putin = ent["per:wladimir-putin"]
    assert putin.name == "Wladimir Putin" and "Putins" in putin.aliases and "Kremlherrscher" in putin.roles
    # the registry keeps entities for later calls
    docs2, _ = resolver.resolve([run("Die Sprecherin Wyschnewska widersprach erneut.", "d4")])
    assert [m.entity_id for m in docs2[0].mentions if m.text == "Wyschnewska"] == ["per:oksana-wyschnewska"]


def test_lone_surname_next_to_a_reporting_verb_is_a_person(run):
    doc = run("Die Lage bleibt angespannt, sagte Hrytsenko am Abend. Bondarenko warnte vor neuen Angriffen.")
    assert by_text(doc, "Hrytsenko", "PER")
    assert by_text(doc, "Bondarenko", "PER")


def test_common_nouns_and_titles_are_not_persons(run):
    doc = run("Nach Behördenangaben wurden drei Menschen verletzt. Der Reuters-Reporter sah Truppenvorstöße im Alltag.")
    persons = [m.text for m in doc.mentions if m.label == "PER" and m.origin != "title"]
    assert persons == []


def test_acronym_resolves_to_the_long_form_named_in_the_text(entity_extractor):
    from lagebild.document import Mention
    from lagebild.understand.resolve import resolve_mentions

    text = "Die Nationale Agentur für Korruptionsbekämpfung ermittelt. Die NAK schweigt."
    long_start = text.index("Nationale")
    long_form = "Nationale Agentur für Korruptionsbekämpfung"
    mentions = [
        Mention(start=long_start, end=long_start + len(long_form), text=long_form, label="ORG", base=long_form),
        Mention(start=text.index("NAK"), end=text.index("NAK") + 3, text="NAK", label="ORG", base="NAK"),
    ]
    resolved = resolve_mentions(text, mentions, entity_extractor.gazetteer)
    assert [m.entity_id for m in resolved] == ["org:nationale-agentur-fuer-korruptionsbekaempfung"] * 2


def test_genitive_of_a_full_name_is_stripped_when_the_surname_is_known():
    assert base_name("Donald Trumps", {"Trump", "Trumps"}) == "Donald Trump"
    assert base_word("Tass", {"Tas", "Tass"}) == "Tass"


# ------------------------------------------------------------------ organisation evidence
def test_apposition_head_types_an_unknown_company(run):
    doc = run("Der Stuttgarter Softwarekonzern Kelvara streicht 300 Stellen. Kelvara hatte am Dienstagnachmittag "
              "Verluste gemeldet. Die Kelvara-Spitze schweigt, Kelvara-Beschäftigte protestieren.")
    kelvara = [m for m in doc.mentions if m.text == "Kelvara"]
    assert len(kelvara) == 2 and {m.label for m in kelvara} == {"ORG"}
    assert len({m.entity_id for m in kelvara}) == 1
    # the descriptor is no name of its own, and a time of day is no entity
    assert not [m for m in doc.mentions if "Softwarekonzern" in m.text or "Dienstag" in m.text]


@pytest.mark.parametrize(
    "sentence,name",
    [
        ("Ein Analyst der Bank Lindqvist sagte, die Zinsen würden sinken.", "Lindqvist"),
        ("Nach Angaben des Terminalbetreibers Portavo stauen sich die Schiffe.", "Portavo"),
        ("Die Gewerkschaft Fahrwerk rief die Beschäftigten zum Streik auf.", "Fahrwerk"),
        ("Das Unternehmen Brixhall will bis 2027 in Polen investieren.", "Brixhall"),
    ],
)
def test_organisation_head_noun_before_a_name(run, sentence, name):
    assert by_text(run(sentence), name, "ORG")


def test_company_suffix_makes_an_organisation(run):
    doc = run("Die Orvana AG und die Brennwerk Systeme GmbH meldeten Verluste.")
    assert by_text(doc, "Orvana AG", "ORG")
    assert by_text(doc, "Brennwerk Systeme GmbH", "ORG")


def test_compound_with_an_organisation_head_types_its_first_part(run):
    doc = run("Tessaro hatte am Montag Zahlen vorgelegt. Die Tessaro-Aktie fiel, die Tessaro-Belegschaft ist besorgt. "
              "Tessaro will sparen.")
    assert {m.label for m in doc.mentions if m.text == "Tessaro"} == {"ORG"}
    assert len([m for m in doc.mentions if m.text == "Tessaro"]) == 2


def test_currencies_are_units_not_entities(run, entity_extractor):
    from lagebild.understand.ner import Candidate

    doc = run("Der Schaden liegt bei 40 Millionen Euro, die Versicherer zahlen 12 Millionen Dollar. "
              "Der Euro legte zu, in Brüssel berieten die Minister.")
    assert not [m for m in doc.mentions if m.text in ("Euro", "Dollar")]
    assert by_text(doc, "Brüssel", "LOC")
    # "Franken" after a figure is the currency, after "in" the region
    assert entity_extractor._is_currency("für 20 Franken", Candidate(7, 14, "LOC", "model"))
    assert not entity_extractor._is_currency("in Franken", Candidate(3, 10, "LOC", "model"))


def test_a_capital_standing_for_its_government_is_a_place(run):
    doc = run("Ursprünglich hatte Budapest eine unbefristete Ausnahme verlangt, Warschau lehnte ab.")
    assert by_text(doc, "Budapest", "LOC") and by_text(doc, "Warschau", "LOC")


def test_place_head_noun_before_a_name(run):
    doc = run("Betroffen sind die Stadt Wendlach und Dörfer im Landkreis Obermoor. In Wendlach sinkt der Pegel.")
    assert [m.label for m in doc.mentions if m.text == "Wendlach"] == ["LOC", "LOC"]
    assert by_text(doc, "Obermoor", "LOC")


# ------------------------------------------------------------------ base forms and spans of news copy
def test_noun_phrase_names_get_their_nominative(run, entity_extractor):
    doc = run("Nach Angaben der Deutschen Bahn fallen Züge aus.")
    assert by_text(doc, "Deutschen Bahn", "ORG")[0].base == "Deutsche Bahn"
    phrase_base = entity_extractor._phrase_base
    assert phrase_base("Instituts für Seeverkehr") == "Institut für Seeverkehr"
    assert phrase_base("Europäischen Zentralbank") == "Europäische Zentralbank"
    assert phrase_base("Vereinten Nationen") == "Vereinte Nationen"  # a plural keeps its noun
    assert phrase_base("Olena Hrytsenko") == "Olena Hrytsenko"


def test_dateline_in_capitals_is_the_place(run):
    doc = run("HAMBURG/KIEL (dpa) - Ein Warnstreik legt den Hafen in Hamburg lahm.")
    caps = by_text(doc, "HAMBURG")[0]
    assert caps.label == "LOC" and caps.entity_id == by_text(doc, "Hamburg", "LOC")[0].entity_id


def test_clauses_and_figures_are_cut_from_names(run):
    doc = run("Bei dem Hochwasser an der Nahe 21 Menschen gestorben. "
              "Die Suche in den Uferbereichen werde am Wochenende fortgesetzt, sagte er. "
              "„Jedes Schiff, das nicht mehr ausläuft, kostet Geld“, sagte sie.")
    assert not [m for m in doc.mentions if any(ch.isdigit() for ch in m.text) or " werde " in m.text
                or m.text.startswith("Jedes")]


def test_a_name_coordinated_with_a_place_is_a_place(run):
    doc = run("Die Ladung soll aus Rotterdam und Antwerpen zurückkommen, sagte eine Sprecherin.")
    assert by_text(doc, "Antwerpen", "LOC")


def test_a_piece_of_a_name_named_in_full_elsewhere_is_the_full_name(run):
    doc = run("Betroffen sind Dörfer im Landkreis Bad Wendlach. Nach Angaben des Krisenstabs in Bad Wendlach "
              "stieg die Zahl der Toten.")
    assert [m.text for m in doc.mentions if "Wendlach" in m.text or m.text == "Bad"] == ["Bad Wendlach"] * 2


def test_organisation_head_before_a_genitive_name_belongs_to_it(run):
    doc = run("Der Zentralverband der Deutschen Binnenhäfen (ZDB) kritisierte den Streik. Der ZDB forderte ein Ende.")
    full = by_text(doc, "Zentralverband der Deutschen Binnenhäfen", "ORG")[0]
    assert {m.entity_id for m in doc.mentions if m.text == "ZDB"} == {full.entity_id}


def test_no_apposition_without_a_name_after_the_head(run):
    doc = run("Ein Sprecher warf den Behörden Fahrlässigkeit vor. Das Verkehrsministerium Brandenburg "
              "prüft den Fall, sagte eine Sprecherin des Landes.")
    assert not [m for m in doc.mentions if m.text == "Fahrlässigkeit"]
    assert not [m for m in doc.mentions if m.text == "Brandenburg" and m.label == "ORG"]


def test_coordination_does_not_pass_on_an_unknown_words_model_type(entity_extractor):
    from lagebild.understand.ner import Candidate

    recogniser = entity_extractor.recogniser

    def coordinated(text: str, known: str) -> list[str]:
        doc = recogniser.nlp.make_doc(text)
        start = text.index(known)
        names = [Candidate(start, start + len(known), "LOC", "model")]
        return [text[c.start : c.end] for c in recogniser.coordinated_spans(doc, names)]

    # the model once read a politician's unknown surname as a place: not passed on to the other name
    assert coordinated("Die Fraktionschefs Wendelkamp und Osterhues trafen ein.", "Osterhues") == []
    # a place HanTa's lexicon knows is evidence enough
    assert coordinated("Die Ladung kommt aus Rotterdam und Antwerpen zurück.", "Rotterdam") == ["Antwerpen"]


def test_a_place_known_only_from_a_dateline_in_capitals_is_named_in_normal_case(run, entity_extractor):
    resolver = EntityResolver(entity_extractor.gazetteer)
    d1 = run("GÜTERSLOH (dpa) - Die Stadtwerke erhöhen die Preise für Fernwärme zum Jahreswechsel.", "d1")
    _, entities = resolver.resolve([d1])
    place = [e for e in entities if e.type == "LOC"]
    assert [e.name for e in place] == ["Gütersloh"] and "GÜTERSLOH" in place[0].aliases
    # a later report in normal case keeps that name; short capitals stay as written
    d2 = run("In Gütersloh beraten die USA-Experten der Stadtwerke über die Preise.", "d2")
    _, entities = resolver.resolve([d2])
    assert {e.id: e.name for e in entities}.get(place[0].id) == "Gütersloh"


def test_circles_of_unnamed_sources_are_no_entities(run):
    doc = run("Kündigungen seien nicht ausgeschlossen, hieß es aus Betriebsratskreisen. "
              "Aus Regierungskreisen in Berlin verlautete, die Gespräche seien weit gediehen.")
    assert [(m.text, m.label) for m in doc.mentions if m.origin != "title"] == [("Berlin", "LOC")]
