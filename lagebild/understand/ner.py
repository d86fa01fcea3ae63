"""Named-entity recognition: trained spaCy model + HanTa NE tags + gazetteer + rules.

Each source alone is weak (the CPU-trained model misses rare transliterated names, HanTa
tags names without a type, the gazetteer only knows listed actors), so they are combined
by priority, longest span first:

1. gazetteer names (exact, typed, also inflected: "Nordkoreas", "Kremlsprecher")
2. title rule: a person title ("Kremlberater", "Gouverneur", "Außenministerin") followed
   by capitalised name words -> PER; given-name rule: a known given name followed by a
   capitalised word -> PER
   organisation rule: a head noun naming a kind of organisation before a name
   ("Softwarekonzern Datavia", "Gewerkschaft Verdi") or a company suffix after it
   ("Datavia AG") -> ORG
3. the trained model (scripts/train_ner.py, lagebild/models/ner_de), without spans that
   are times ("Dienstagnachmittag") or an apposition head ("Münchner Softwarekonzern")
4. HanTa NE runs the others missed or cut short (typed by acronym/preposition/length heuristics)

A lower-priority span never overlaps an accepted one, except that a model span may
extend an accepted span of the same type by capitalised name words. Role titles
("der Kremlchef", "Nordkoreas Machthaber") are reported separately (kind "role") so
the entities stage can bind them to the person they name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Literal

import spacy
from spacy.tokens import Doc

from lagebild.understand.gazetteer import MAX_NGRAM, Gazetteer

Mode = Literal["model", "rules", "combined"]

# Generic person titles (base forms, lower case); compounds ending in them count too
# ("Kremlsprecher", "Außenamtssprecherin", "Regierungschef"). Used to find unknown names
# after a title and to bind titles to persons within a document.
PERSON_TITLES = (
    "präsident", "präsidentin", "kanzler", "kanzlerin", "minister", "ministerin", "sprecher",
    "sprecherin", "chef", "chefin", "berater", "beraterin", "botschafter", "botschafterin",
    "gouverneur", "gouverneurin", "bürgermeister", "bürgermeisterin", "kommandeur", "general",
    "generalsekretär", "generalsekretärin", "machthaber", "herrscher", "diktator", "premier",
    "abgeordnete", "abgeordneter", "vorsitzende", "vorsitzender", "leiter", "leiterin",
    "könig", "königin", "papst", "senator", "senatorin", "oberbefehlshaber", "befehlshaber",
    "staatssekretär", "staatssekretärin", "beauftragte", "beauftragter", "direktor",
    "direktorin", "richter", "richterin", "oppositionsführer", "oppositionsführerin",
    "militärgouverneur", "analyst", "analystin", "experte", "expertin", "reporter",
    "korrespondent", "korrespondentin", "journalist", "journalistin", "autor", "autorin",
    "herr", "frau", "dr.", "prof.",
)
TITLE_ENDINGS = ("en", "n", "s", "es")  # "des Präsidenten", "dem Kanzler", "des Ministers"
NAME_PARTICLES = {"von", "van", "der", "de", "da", "di", "bin", "al", "el", "ibn", "la", "le"}
LOC_PREPOSITIONS = {"in", "nach", "aus", "im", "bei", "nahe", "Richtung", "nördlich", "südlich", "östlich", "westlich"}
ORG_SUFFIXES = (
    "ministerium", "partei", "bank", "agentur", "behörde", "gericht", "konzern", "verband",
    "institut", "kommission", "rat", "amt", "dienst", "stiftung", "gewerkschaft", "armee",
    "organisation", "union", "gruppe", "zeitung", "sender",
)
# "Wyschnewska sagte", "sagte Wyschnewska": an unknown name next to a reporting verb is a person
REPORTING_VERBS = {
    "sagte", "sagt", "sagten", "erklärte", "erklärt", "betonte", "betont", "meinte", "sprach",
    "schrieb", "warnte", "kritisierte", "forderte", "teilte", "bestätigte", "dementierte",
    "widersprach", "fügte", "ergänzte", "verkündete", "kündigte", "räumte", "bekräftigte",
    "versprach", "zitierte", "antwortete", "twitterte", "berichtete",
}
ORG_TOKENS = {"AG", "GmbH", "SE", "Inc.", "Inc", "Ltd", "Ltd.", "Corp.", "e.V.", "KG"}
# Common nouns (and compounds ending in them) that name a kind of organisation. As the head
# of an apposition they type the name after them: "Softwarekonzern Datavia", "die Gewerkschaft
# Verdi", "des Terminalbetreibers HHLA", "die Bank Metzler" -> ORG. (Not "Bündnis": "Bündnis
# Sahra Wagenknecht" is itself the name, and a person's name follows it.)
ORG_HEADS = (
    "konzern", "unternehmen", "firma", "gewerkschaft", "bank", "partei", "ministerium",
    "behörde", "hersteller", "betreiber", "agentur", "verband", "versicherer", "reederei",
    "gesellschaft", "sender", "zeitung", "zeitschrift", "magazin", "institut", "stiftung",
    "organisation", "verein", "miliz", "geheimdienst", "nachrichtendienst", "anbieter",
    "dienstleister", "zulieferer", "autobauer", "flugzeugbauer", "maschinenbauer",
    "anlagenbauer", "holding", "startup", "start-up", "kette", "plattform", "airline",
    "fluglinie", "discounter", "onlinehändler", "einzelhändler", "terrorgruppe", "rebellengruppe",
)
# The same for places: "die Stadt Kirn", "im Landkreis Bad Kreuznach", "die Hafenstadt Odessa".
PLACE_HEADS = (
    "stadt", "gemeinde", "dorf", "ortschaft", "landkreis", "kreis", "region", "provinz", "bezirk",
    "metropole", "bundesland", "insel", "fluss", "oblast", "gebiet", "kanton", "grafschaft",
)
ORG_HEAD_ENDINGS = ("s", "es")  # "des Konzerns", "des Verbandes" (plurals are no appositions:
# "warf den Behörden Fahrlässigkeit vor")
# common-noun suffixes: such a word after a head is no name ("Behörde Fahrlässigkeit")
COMMON_NOUN_SUFFIXES = ("keit", "heit", "ung", "schaft", "ismus", "tät")
# Second parts of hyphen compounds that say the first part is an organisation:
# "Datavia-Spitze", "Datavia-Beschäftigte", "Siemens-Konzern". (Not "-Mitarbeiter" or
# "-Tochter": "Trump-Mitarbeiter", "Putin-Tochter" are people's.)
ORG_COMPOUND_HEADS = (
    "konzern", "konzerns", "unternehmen", "unternehmens", "spitze", "vorstand", "vorstands",
    "vorstandes", "aktie", "aktien", "aktionäre", "aktionären", "belegschaft", "beschäftigte",
    "beschäftigten", "betriebsrat", "betriebsrats", "konzernchef", "konzernchefin",
    "vorstandschef", "vorstandschefin", "konzernzentrale", "firmensitz",
)
# Weekdays, months and parts of the day (also compounded: "Dienstagnachmittag") are times, never names.
# ... except heads that make the compound a name of its own ("Max-Planck-Institut", "Berlin-Mitte")
_CIRCLES = re.compile(r"[a-zäöüß](?:kreise|kreisen)$")
NAMED_COMPOUND_HEADS = {
    "Institut", "Universität", "Hochschule", "Stiftung", "Klinik", "Klinikum", "Schule", "Gymnasium",
    "Museum", "Theater", "Stadion", "Preis", "Kanal", "Straße", "Platz", "Mitte", "Nord", "Süd", "Ost", "West",
}
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonnabend", "Sonntag")
TIME_WORD = re.compile(
    r"^(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag|Januar|Februar|März|April|Mai|"
    r"Juni|Juli|August|September|Oktober|November|Dezember)s?(morgen|vormittag|mittag|nachmittag|abend|nacht)?s?$"
)
FINITE_VERBS = ("VV(FIN)", "VA(FIN)", "VM(FIN)")  # HanTa's STTS spelling
ACRONYM = re.compile(r"^[A-ZÄÖÜ][A-ZÄÖÜ0-9\-]{1,6}$")
_INSIDE_CAP = re.compile(r"(?<=[a-zäöüß0-9,]) +([A-ZÄÖÜ][\w-]*)")
# HanTa log-probability above which a reading comes from its lexicon, not a guess (see _lexicon_tag)
LEXICON_SCORE = -23.0
# Word classes that are never a name on their own: verbs, adjectives, adverbs, pronouns,
# articles, conjunctions, prepositions, particles, interjections (STTS prefixes)
NON_NAME_TAGS = ("V", "ADJ", "ADV", "P", "ART", "KO", "APPR", "APPO", "ITJ")
# German place-name elements (Grundwörter of toponyms): "Weinsberg", "Marksburg", "Burghausen"
TOPONYM_HEADS = (
    "berg", "burg", "hausen", "dorf", "stadt", "feld", "felde", "bach", "heim", "hof", "furt", "brück",
    "brücken", "see", "tal", "wald", "stein", "kirchen", "hafen", "ingen", "rode", "leben", "born",
    "hagen", "horst", "münde", "winter", "zell", "bruck", "eck", "kamp", "moor", "werder", "wiesen",
)
DEMONYM_ENDINGS = ("er", "ern", "ers", "erin", "erinnen")
# organisation heads that take the genitive of a place as part of their name
# ("Arbeiterpartei Kurdistans", "Kommunistische Partei Chinas", "Freie Syrische Armee" ...)
GENITIVE_NAME_HEADS = ("partei", "armee", "front", "bewegung", "liga", "allianz")
# the rules below can be switched off one by one for ablations (Recogniser.rules)
ENTITY_RULES = frozenset({"known_noun", "demonym", "initial_non_name", "genitive_org", "dateline", "surname_continued"})
# tokens after which a word stands where German capitalises any word: a sentence start
OPENERS = {"„", '"', "“", "»", "«", "‚", "'", "(", ":", "–", "-", "—"}
NAME_WORD = re.compile(r"^[A-ZÄÖÜ][\w\-’'.]*$")


@dataclass(frozen=True)
class Candidate:
    start: int  # char offsets into the text given to ``recognise``
    end: int
    label: str
    origin: str  # "gazetteer" | "rule" | "apposition" | "model" | "hanta" | "title"
    kind: str = "name"  # "name" | "surname" | "role"
    entity_ids: tuple[str, ...] = ()  # gazetteer entries the surface form names


@lru_cache(maxsize=100_000)
def is_org_head(word: str, heads: tuple[str, ...] = ORG_HEADS) -> bool:
    """A common noun naming a kind of organisation ("Softwarekonzerns", "Gewerkschaft"), or with
    ``heads=PLACE_HEADS`` a kind of place ("Hafenstadt")."""
    low = word.lower()
    if not word[:1].isupper():
        return False
    for form in (low, *[low[: -len(e)] for e in ORG_HEAD_ENDINGS if low.endswith(e)]):
        if form.endswith(heads):
            return True
    return False


def org_compound_part(word: str) -> str | None:
    """"Datavia-Spitze" -> "Datavia": the first part of a compound whose head says organisation."""
    head, sep, tail = word.rpartition("-")
    if sep and head[:1].isupper() and tail.lower() in ORG_COMPOUND_HEADS:
        return head
    return None


@lru_cache(maxsize=200_000)
def title_base(word: str) -> str | None:
    """The generic title a word is or ends with ("Kreml-Sprechers" -> "sprecher"), else None."""
    low = word.lower().replace("-", "")
    for form in (low, *[low[: -len(e)] for e in TITLE_ENDINGS if low.endswith(e)]):
        for title in PERSON_TITLES:
            if form.endswith(title) and (len(form) == len(title) or len(title) >= 4):
                return title if form == title else form
    return None


class Recogniser:
    def __init__(self, model_path: Path | str, gazetteer: Gazetteer, load_model: bool = True):
        self.gazetteer = gazetteer
        self.rules = set(ENTITY_RULES)
        if load_model:
            if not Path(model_path).is_dir():
                raise FileNotFoundError(f"NER model not found at {model_path}: it ships with the package; "
                                        "rebuild it with scripts/train_ner.py")
            self.nlp = spacy.load(model_path)
        else:
            self.nlp = spacy.blank("de")
        from HanTa import HanoverTagger

        self._hanta = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
        self.analyze = lru_cache(maxsize=200_000)(self._analyze)
        self.pos = lru_cache(maxsize=200_000)(self._pos)
        self.lexicon_tag = lru_cache(maxsize=200_000)(self._lexicon_tag)

    def with_gazetteer(self, gazetteer: Gazetteer) -> "Recogniser":
        """The same loaded model and tagger with another gazetteer (for ablations)."""
        clone = object.__new__(Recogniser)
        clone.__dict__.update(self.__dict__)
        clone.gazetteer = gazetteer
        return clone

    # --------------------------------------------------------------- sources
    def _analyze(self, word: str) -> tuple[str, str]:
        """HanTa lemma + STTS tag for one word, context-free (cached: names repeat)."""
        lemma, pos = self._hanta.analyze(word)
        return lemma, pos

    def _pos(self, word: str) -> str:
        """HanTa's most likely STTS tag of one word, context-free (cheaper than a lemma).

        Words outside HanTa's lexicon are guessed from their morphemes, which costs ~5 ms
        for a long word; long unknown capitalised words are German compounds far more often
        than names ("Arbeitsklimaindex"), so they are taken as NN without the guess.
        """
        if len(word) > 12 and word.lower() not in self._hanta.cache:
            return "NN"
        tags = self._hanta._tag_word(word, cutoff=0)
        return self._hanta.int2tag[tags[0][0]] if tags else "NN"

    def _lexicon_tag(self, word: str) -> str | None:
        """HanTa's tag of a word its lexicon knows (or composes of known parts), else None.

        HanTa scores every reading; words of its lexicon and compounds of lexicon words score
        far higher (log-probability about -10 to -22) than its guesses for unknown words from
        their letters (below -25: "Pützstück", "Krautwaschl", "Trentino"), which is what most
        names are. So a high score says "a word of the language", not a guess. (Its small cache
        of frequent words, ``maybe_name_word``'s test, misses most of them: "Paragraf", "Beifahrer".)
        """
        if word.lower() in self._hanta.cache:
            return self.pos(word)
        tags = self._hanta._tag_word(word, cutoff=0)
        if tags and tags[0][1] > LEXICON_SCORE:
            return self._hanta.int2tag[tags[0][0]]
        return None

    def maybe_name_word(self, word: str) -> bool:
        """Capitalised and not a common word HanTa knows (unknown words pass: most names are unknown)."""
        if not NAME_WORD.match(word) or title_base(word):
            return False
        return word.lower() not in self._hanta.cache or self.pos(word) in ("NE", "FM")

    def is_name_word(self, word: str) -> bool:
        return bool(NAME_WORD.match(word)) and not title_base(word) and self.pos(word) in ("NE", "FM")

    def _longest(self, doc: Doc, lookup) -> list[tuple[int, int, list]]:
        """Longest-first dict lookups of token n-grams (the text as written, spaces included)."""
        out = []
        texts = [t.text for t in doc]
        spaces = [t.whitespace_ for t in doc]
        prefixes = self.gazetteer.prefixes
        i, n = 0, len(doc)
        while i < n:
            if texts[i][:3] not in prefixes:
                i += 1
                continue
            grams = [texts[i]]
            for j in range(i + 1, min(n, i + MAX_NGRAM)):
                grams.append(grams[-1] + spaces[j - 1] + texts[j])
            for k in range(len(grams) - 1, -1, -1):
                hits = lookup(grams[k])
                if hits:
                    out.append((i, i + k + 1, hits))
                    i += k + 1
                    break
            else:
                i += 1
        return out

    def gazetteer_spans(self, doc: Doc) -> list[Candidate]:
        out = []
        for i, j, hits in self._longest(doc, self.gazetteer.lookup):
            span = doc[i:j]
            # A sentence-initial or lower-case one-word hit that HanTa reads as a common word
            # ("Wagner", "Rat") is too weak on its own.
            kind = "surname" if all(h.kind == "surname" for h in hits) else "name"
            if kind == "surname" and "surname_continued" in self.rules and self._continues_name(doc, j):
                continue
            out.append(Candidate(span.start_char, span.end_char, hits[0].entry.type, "gazetteer", kind,
                                 tuple(h.entry.id for h in hits)))
        return out

    def _continues_name(self, doc: Doc, j: int) -> bool:
        """A listed surname directly followed by an unknown capitalised word belongs to another name:
        "Costa Concordia", "Costa Crociere" (not António Costa), "Kim Min Soo" (not a listed Kim).
        Not when that word is a listed name or an acronym ("Putin Selenskyj", "Merz CDU": two names
        side by side in a clause)."""
        if j >= len(doc) or doc[j - 1].whitespace_ != " ":
            return False
        word = doc[j].text
        return bool(NAME_WORD.match(word)) and not word.isupper() and not self.gazetteer.lookup(word) \
            and word not in self.gazetteer.given_names and self.maybe_name_word(word)

    def role_spans(self, doc: Doc) -> list[Candidate]:
        """Role titles: listed ones ("Nordkoreas Machthaber") and generic ones ("der Präsident")."""
        out = []
        listed = self._longest(doc, self.gazetteer.lookup_role)
        covered = set()
        for i, j, hits in listed:
            span = doc[i:j]
            covered.update(range(i, j))
            out.append(Candidate(span.start_char, span.end_char, "PER", "title", "role",
                                 tuple(h.entry.id for h in hits)))
        for tok in doc:
            if tok.i in covered or not tok.text[:1].isupper() or not tok.is_alpha and "-" not in tok.text:
                continue
            if title_base(tok.text) and tok.text.lower() not in ("herr", "frau"):
                out.append(Candidate(tok.idx, tok.idx + len(tok.text), "PER", "title", "role"))
        return out

    def title_rule_spans(self, doc: Doc, roles: list[Candidate]) -> list[Candidate]:
        """PER after a title or a given name: "Gouverneur Alexej Smirnow", "Mykola Kalaschnik"."""
        out = []
        starts: list[int] = []
        by_end = {r.end: r for r in roles}
        for tok in doc:
            if tok.idx + len(tok.text) in by_end and tok.i + 1 < len(doc):
                starts.append(tok.i + 1)
            elif tok.text in self.gazetteer.given_names and tok.i + 1 < len(doc) and NAME_WORD.match(doc[tok.i + 1].text):
                starts.append(tok.i)
        for i in starts:
            j = i
            while j < len(doc) and j - i < 4:
                word = doc[j].text
                # name words: HanTa NE/FM, or words outside its lexicon ("Jinping" is guessed NN);
                # a known common noun ends the name ("Sprecher Dmitri Peskow Journalisten")
                if NAME_WORD.match(word) and not title_base(word) and self.maybe_name_word(word):
                    # a gazetteer place/organisation ends the name ("Sprecher Moskaus")
                    if any(h.entry.type != "PER" for h in self.gazetteer.lookup(word)):
                        break
                    j += 1
                elif word in NAME_PARTICLES and j > i and j + 1 < len(doc) and NAME_WORD.match(doc[j + 1].text):
                    j += 1
                elif j > i and NAME_WORD.match(word) and self.pos(word).startswith("ADJ") \
                        and (j + 1 >= len(doc) or not doc[j + 1].text[:1].isupper()):
                    # a capitalised adjective after a name word inside a sentence is a surname
                    # ("Sebastian Kurz", "Hans Klein"), unless a noun follows ("Große Koalition")
                    j += 1
                    break
                else:
                    break
            if j > i:
                # a common noun alone after a title is no name ("Präsident Regierung")
                words = [doc[k].text for k in range(i, j)]
                if all(self.pos(w) == "NN" and w not in self.gazetteer.given_names for w in words):
                    continue
                span = doc[i:j]
                out.append(Candidate(span.start_char, span.end_char, "PER", "rule"))
        return out

    def org_apposition_spans(self, doc: Doc) -> tuple[list[Candidate], set[int]]:
        """ORG (LOC) from the words around a name: "Softwarekonzern Datavia", "Datavia AG", "Stadt Kirn".

        1. an organisation (place) head noun right before capitalised name words (ORG_HEADS, PLACE_HEADS);
        2. capitalised words right before a company suffix (AG, GmbH, SE ...), suffix included.

        Returns the candidates and the token indices of the head nouns used, so that a model
        span that ends in such a head ("Münchner Softwarekonzern") is not taken for the name.
        A model span covering head and name ("Stiftung Warentest") is left to the model.
        """
        out: list[Candidate] = []
        heads: set[int] = set()
        in_model = {t.i: k for k, e in enumerate(doc.ents) for t in e}
        ents = doc.ents
        n = len(doc)
        for tok in doc:
            i = tok.i
            if i + 1 >= n or not tok.text[:1].isupper() or title_base(tok.text):
                continue
            if is_org_head(tok.text):
                label = "ORG"
            elif is_org_head(tok.text, PLACE_HEADS) and tok.text.lower() in self._hanta.cache and self.pos(tok.text) == "NN":
                label = "LOC"  # (a known common noun: "Hafenstadt", not the name "Darmstadt")
            else:
                continue
            # a model span that starts with a bare head and goes on ("Stiftung Warentest",
            # "Bank Austria") is the name itself; "Münchner Softwarekonzern Datavia" is not
            ent = ents[in_model[i]] if i in in_model else None
            if ent is not None and ent.start == i and i + 1 < ent.end and (
                    tok.text.lower() in ORG_HEADS or self.pos(doc[i + 1].text) == "NN"):
                continue  # ("Bundesverband Großhandel": a common noun after a compound head)
            j = i + 1
            while j < n and j - i <= 4:
                word = doc[j].text
                if word in ORG_TOKENS and j > i + 1 and label == "ORG":
                    j += 1
                    break
                if not NAME_WORD.match(word) or title_base(word) or is_org_head(word) or TIME_WORD.match(word):
                    break
                if not (ACRONYM.match(word) or self.maybe_name_word(word)):
                    break
                if j == i + 1 and not ACRONYM.match(word) and word.lower().endswith(COMMON_NOUN_SUFFIXES):
                    break
                if j == i + 1 and j in in_model and ents[in_model[j]].label_ == "LOC" != label \
                        and ents[in_model[j]].start == j and is_org_head(tok.text, ("ministerium", "behörde")):
                    # "Verkehrsministerium Baden-Württemberg": a ministry of a place the model reads
                    # (elsewhere the head wins over the model: "Ölgesellschaft Petrobras" is no place)
                    break
                if j == i + 1 and word in self.gazetteer.given_names:
                    break  # "die Partei Sahra Wagenknechts": a person's name follows
                if j == i + 1 and any(h.entry.type != label for h in self.gazetteer.lookup(word)):
                    break  # "Konzern Deutschland", "Bank Russlands": a place, not the company's name
                j += 1
            if j > i + 1:
                span = doc[i + 1 : j]
                out.append(Candidate(span.start_char, span.end_char, label, "apposition"))
                heads.add(i)
        suffixes = [tok for tok in doc if tok.text in ORG_TOKENS]
        taken = {t.i for c in out for t in doc.char_span(c.start, c.end, alignment_mode="expand") or ()} if suffixes else set()
        for tok in suffixes:
            if tok.text not in ORG_TOKENS or tok.i == 0 or tok.i in taken or tok.i - 1 in taken:
                continue
            k = tok.i
            while k > 0 and tok.i - k < 4 and NAME_WORD.match(doc[k - 1].text) and not title_base(doc[k - 1].text) \
                    and self.pos(doc[k - 1].text) in ("NE", "FM", "NN", "NNA", "ADJ(A)", "XY"):
                k -= 1
            if k < tok.i:
                span = doc[k : tok.i + 1]
                out.append(Candidate(span.start_char, span.end_char, "ORG", "apposition"))
        return out, heads

    def _head_of_genitive_names(self, doc: Doc, names: list[Candidate]) -> list[Candidate]:
        """"Zentralverband der Deutschen Seehafenbetriebe", "Institut der deutschen Wirtschaft":
        an organisation head noun + "der/des/für" before an ORG span is part of the name
        (not "Unternehmen"/"Konzern": "ein Unternehmen der Deutschen Bahn" names a subsidiary)."""
        out = []
        for c in names:
            span = doc.char_span(c.start, c.end, alignment_mode="expand")
            if c.label == "ORG" and c.origin != "gazetteer" and span is not None and span.start >= 2 \
                    and doc[span.start - 1].text in ("der", "des", "für") and is_org_head(doc[span.start - 2].text) \
                    and not is_org_head(doc[span.start - 2].text, ("unternehmen", "konzern", "firma", "tochter")) \
                    and not any(o.end > doc[span.start - 2].idx and o.start < c.start for o in names if o is not c):
                head = doc[span.start - 2]
                c = Candidate(head.idx, c.end, "ORG", c.origin, c.kind, c.entity_ids)
            out.append(c)
        return out

    def coordinated_spans(self, doc: Doc, names: list[Candidate]) -> list[Candidate]:
        """A lone name word coordinated with a place or organisation is one too:
        "aus Rotterdam und Antwerpen", "Verdi und Komba" (words HanTa does not know as common words only)."""
        out = []
        starts = {c.start: c for c in names}
        ends = {c.end: c for c in names}
        covered = {t.i for c in names for t in doc.char_span(c.start, c.end, alignment_mode="expand") or ()}
        for tok in doc:
            if tok.text not in ("und", "oder", "sowie") or tok.i == 0 or tok.i + 1 >= len(doc):
                continue
            left, right = doc[tok.i - 1], doc[tok.i + 1]
            pairs = []
            if left.idx + len(left.text) in ends and right.i not in covered:
                pairs.append((ends[left.idx + len(left.text)], right))
            if right.idx in starts and left.i not in covered:
                pairs.append((starts[right.idx], left))
            for known, word in pairs:
                if known.kind == "role" or known.label not in ("LOC", "ORG"):
                    continue
                # the model's reading of an unknown word is too weak to pass on ("Spahn und
                # Miersch": Miersch read as a place); a word HanTa's lexicon has as a name is not
                known_text = doc.text[known.start : known.end]
                if known.origin == "model" and not (known.label == "LOC" and known_text.lower() in self._hanta.cache
                                                    and self.pos(known_text) == "NE"):
                    continue
                # a one-word name: the word after it must not continue it ("und Frankfurter Börse")
                nxt = doc[word.i + 1].text if word.i + 1 < len(doc) else ""
                if word.i > tok.i and NAME_WORD.match(nxt):
                    continue
                if word.i < tok.i and word.i > 0 and NAME_WORD.match(doc[word.i - 1].text):
                    continue
                if NAME_WORD.match(word.text) and (ACRONYM.match(word.text) or self.maybe_name_word(word.text)):
                    out.append(Candidate(word.idx, word.idx + len(word.text), known.label, "rule"))
        return out

    def speaker_spans(self, doc: Doc) -> list[Candidate]:
        """A single NE word right before or after a reporting verb: "Wyschnewska sagte", "sagte Lee"."""
        out = []
        for tok in doc:
            if tok.text not in REPORTING_VERBS:
                continue
            for k in (tok.i - 1, tok.i + 1):
                if 0 <= k < len(doc):
                    word = doc[k].text
                    if self.is_name_word(word) and not (k > 0 and NAME_WORD.match(doc[k - 1].text) and k - 1 != tok.i) \
                            and not (k + 1 < len(doc) and NAME_WORD.match(doc[k + 1].text) and k + 1 != tok.i):
                        out.append(Candidate(doc[k].idx, doc[k].idx + len(word), "PER", "rule"))
        return out

    def _common_word(self, text: str, label: str, speaker: bool = False) -> bool:
        """A model span that is no name: a time ("Dienstagnachmittag"), a title, a person that is a
        common noun ("Behördenangaben"), a compound of a name and a common noun ("EU-Häfen"), a
        clause ("... werde am Wochenende").

        (Measured on GermEval dev: dropping one-word common nouns helps PER and LOC; for ORG and
        MISC the model's one-word common-noun spans are right about as often as wrong, so those are kept.)
        """
        if TIME_WORD.match(text):
            return True
        # "Dienstagnachmittag Verluste": a span led by a weekday is no name (a month may be:
        # "August Kopff"; a weekday inside may be: "Welt am Sonntag")
        first = text.split(" ", 1)[0]
        if " " in text and TIME_WORD.match(first) and first.startswith(WEEKDAYS):
            return True
        if self.gazetteer.lookup(text) or ACRONYM.match(text):
            return False
        words = text.split(" ")
        if "known_noun" in self.rules and len(words) == 1 and _CIRCLES.search(text):
            # "aus Regierungskreisen", "Betriebsratskreisen zufolge": an unnamed group of sources,
            # never an organisation or place
            return True
        if len(words) > 1:
            # "Jedes Schiff", "Mehrere Brücken": a quantifier or demonstrative never starts a name
            # (an article may: "Die Linke", "Der Spiegel")
            if self.pos(words[0]) in ("PIAT", "PIS", "PDAT", "PDS"):
                return True
            # "Die Suche in den Uferbereichen werde am Wochenende": a finite verb is never inside a name
            return any(w[:1].islower() and self.pos(w) in FINITE_VERBS for w in words[1:])
        if "-" in text:
            # "EU-Häfen", "Selenskyj-Schalte": a compound ending in a known common noun is a
            # name *part* (GermEval: -part, not an entity); measured on dev: precision +0.6
            tail = text.rsplit("-", 1)[1]
            if tail[:1].isupper() and tail not in NAMED_COMPOUND_HEADS and tail.lower() in self._hanta.cache \
                    and self.pos(tail) == "NN":
                return True
        if title_base(text):
            return True
        if label == "LOC":
            # "Hochwasser", "Prüfstand": a common noun HanTa knows is no place (dev: LOC F1 +0.3;
            # the gold places lost are "Sonne", "Erde", "Mond")
            if text.lower() in self._hanta.cache and self.pos(text) == "NN":
                return True
        elif label == "PER" and self.pos(text) == "NN" and (text.lower() in self._hanta.cache or len(text) > 12):
            return True
        if "known_noun" in self.rules and label in ("PER", "LOC") and self.lexicon_tag(text) in ("NN", "FM") \
                and not (label == "LOC" and text.lower().endswith(TOPONYM_HEADS) and len(text) > 6) \
                and not (label == "PER" and speaker):
            # "Beifahrer", "Musikers", "Paragraf", "Hotelzimmer": a common noun of HanTa's lexicon
            # (or a compound of lexicon nouns) outside its small cache is no person or place either;
            # nor is a foreign common word it knows ("die Domain"; names it knows are NE: "John").
            # HanTa composes place names of nouns too ("Hof+burg", "Wein+s+berg"): a compound ending
            # in a place-name element is left to the model, and so is a person right before or after
            # a reporting verb ("sagt Kiesbauer": a common noun there would need an article).
            return True
        if "demonym" in self.rules and label == "MISC" and self._is_demonym(text):
            # "die Europäer", "Der Italiener": an inhabitant noun is derived from a name, not a name
            # (GermEval: LOCderiv, outside the entity types)
            return True
        return False

    def _is_demonym(self, word: str) -> bool:
        """An inhabitant noun of a listed place: "Italiener" (Italien), "Europäer" (Europa),
        "Amerikaner" (Amerika), "Ukrainer" (Ukraine), "Syrer" (Syrien), "Wiener" (Wien)."""
        for ending in DEMONYM_ENDINGS:
            if word.endswith(ending) and len(word) > len(ending) + 2:
                stem = word[: -len(ending)]
                plain = stem.replace("ä", "a")
                forms = {stem, plain, stem + "e", stem + "ien", stem[:-1] if stem.endswith("n") else stem,
                         plain[:-1] + "a" if plain.endswith("a") else plain}
                if any(h.entry.type == "LOC" for f in forms for h in self.gazetteer.lookup(f)):
                    return True
        return False

    def model_spans(self, doc: Doc) -> list[Candidate]:
        out = []
        for e in doc.ents:
            label = e.label_  # (a sliced span loses its label)
            # "++ Putin": punctuation at the edges of a span is never part of a name
            while len(e) > 1 and not e[0].text[:1].isalnum():
                e = e[1:]
            while len(e) > 1 and not e[-1].text[-1:].isalnum() and e[-1].text not in ("'", "’", "."):
                e = e[:-1]
            # "an der Nahe 21 Menschen": a figure that counts the next noun is no part of a
            # person or place ("Bundesstraße 216", "A 7", clubs "Hannover 96" keep theirs)
            if len(e) > 1 and label in ("PER", "LOC") and e[-1].text.isdigit() and e.end < len(doc) \
                    and self.pos(doc[e.end].text) == "NN":
                e = e[:-1]
            if any(ch.isalpha() for ch in e.text):
                out.append(Candidate(e.start_char, e.end_char, label, "model"))
        return out

    def hanta_spans(self, doc: Doc, min_words: int = 1, covered: set[int] | None = None) -> list[Candidate]:
        """Runs of capitalised words HanTa tags NE, typed by simple evidence.

        Runs are found by shape first, so HanTa only sees capitalised words (and, with
        ``min_words`` 2, only those next to another capitalised word) outside ``covered``
        token indices (words other sources already named).
        """
        out = []
        n = len(doc)
        covered = covered or set()
        i = 0
        while i < n:
            if i in covered or not NAME_WORD.match(doc[i].text):
                i += 1
                continue
            j = i
            while j < n and j not in covered and NAME_WORD.match(doc[j].text):
                j += 1
            shape_run = (i, j)
            i = j
            if shape_run[1] - shape_run[0] < min_words:
                continue
            k = shape_run[0]
            while k < shape_run[1]:
                if self.pos(doc[k].text) != "NE":
                    k += 1
                    continue
                m = k + 1
                while m < shape_run[1] and self.pos(doc[m].text) == "NE":
                    m += 1
                if m < n and doc[m].text in ORG_TOKENS:
                    m += 1
                if m - k >= min_words:
                    out.append(self._typed_run(doc, k, m))
                k = m
        return out

    @staticmethod
    def _typed_run(doc: Doc, i: int, j: int) -> Candidate:
        span = doc[i:j]
        prev = doc[i - 1].text if i > 0 else ""
        if span[-1].text in ORG_TOKENS or (j - i == 1 and ACRONYM.match(span[0].text)):
            label = "ORG"
        elif span[-1].text.lower().endswith(ORG_SUFFIXES):
            label = "ORG"
        elif prev in LOC_PREPOSITIONS:
            label = "LOC"
        else:
            label = "PER"
        return Candidate(span.start_char, span.end_char, label, "hanta")

    # --------------------------------------------------------------- combination
    @staticmethod
    def _overlaps(a: Candidate, b: Candidate) -> bool:
        return a.start < b.end and b.start < a.end

    def _merge(self, text: str, layers: Iterable[list[Candidate]]) -> list[Candidate]:
        accepted: list[Candidate] = []
        for layer in layers:
            for cand in layer:
                clash = [a for a in accepted if self._overlaps(a, cand)]
                if not clash:
                    accepted.append(cand)
                    continue
                # the model may see a longer name around one gazetteer hit ("Financial Times
                # Deutschland", "TU Berlin"): its span and type win when the extra words are names
                if cand.origin == "model" and len(clash) == 1 and clash[0].origin == "gazetteer" \
                        and cand.start <= clash[0].start and clash[0].end <= cand.end and (cand.start, cand.end) != (clash[0].start, clash[0].end):
                    a = clash[0]
                    extra = (text[cand.start : a.start] + " " + text[a.end : cand.end]).split()
                    if extra and all(NAME_WORD.match(w) and self.pos(w) != "NN" or w in ORG_TOKENS for w in extra):
                        accepted.remove(a)
                        accepted.append(cand)
                        continue
                # a model/rule span may extend a same-type span by capitalised name words
                if cand.origin in ("model", "rule") and all(
                    a.label == cand.label and cand.start <= a.start and a.end <= cand.end and a.kind != "role"
                    for a in clash
                ):
                    extra = (text[cand.start : min(a.start for a in clash)] + " " + text[max(a.end for a in clash) : cand.end]).split()
                    if extra and all(self.is_name_word(w) for w in extra):
                        for a in clash:
                            accepted.remove(a)
                        accepted.append(cand)
        return sorted(accepted, key=lambda c: c.start)

    def _typed_by_gazetteer(self, text: str, cands: list[Candidate]) -> list[Candidate]:
        """Model spans whose text the gazetteer knows take its type ("Kreml": ORG, not LOC)."""
        out = []
        for c in cands:
            surface = text[c.start : c.end]
            hits = self.gazetteer.lookup(surface)
            if not hits and len(surface) > 4 and surface.isupper():
                hits = self.gazetteer.lookup(surface.title())  # datelines: "BRÜSSEL (Reuters) -"
            if hits and c.origin != "gazetteer":
                c = Candidate(c.start, c.end, hits[0].entry.type, c.origin, c.kind, tuple(h.entry.id for h in hits))
            out.append(c)
        return out

    def recognise_doc(self, doc: Doc, mode: Mode = "combined",
                      inside_caps: frozenset[str] = frozenset()) -> tuple[list[Candidate], list[Candidate]]:
        """(names, roles) for one processed spaCy doc; offsets are into ``doc.text``.

        ``inside_caps``: words the rest of the document writes capitalised inside a sentence
        (see ``capitalised_inside``), which are no verbs or adjectives even at a sentence start.
        """
        if mode == "model":
            return self.model_spans(doc), []
        roles = self.role_spans(doc)
        gaz = self.gazetteer_spans(doc)
        rules = self.title_rule_spans(doc, roles)
        if mode == "rules":
            names = self._merge(doc.text, [gaz, rules, self.hanta_spans(doc)])
        else:
            orgs, heads = self.org_apposition_spans(doc)
            speaker_ends = {t.idx for t in doc if t.text in REPORTING_VERBS} | \
                {t.idx + len(t.text) for t in doc if t.text in REPORTING_VERBS}
            model = [c for c in self.model_spans(doc)
                     if not self._common_word(doc.text[c.start : c.end], c.label, self._bare_speaker(doc, c, speaker_ends))
                     and not self._ends_in_head(doc, c, heads)]
            # HanTa runs of two or more NE words ("Choi Min Soo") the model missed or cut short:
            # one-word model spans may lie inside a run, which then replaces them
            one_word = [c for c in model if " " not in doc.text[c.start : c.end]]
            covered = {t.i for c in (*gaz, *rules, *orgs, *(c for c in model if c not in one_word))
                       for t in doc.char_span(c.start, c.end, alignment_mode="expand") or ()}
            runs = self.hanta_spans(doc, min_words=2, covered=covered)
            model, runs = self._runs_over_single_words(model, one_word, runs)
            names = self._merge(doc.text, [gaz, rules, orgs, model, runs, self.speaker_spans(doc)])
            names = self._merge(doc.text, [names, self.coordinated_spans(doc, names)])
            names = self._head_of_genitive_names(doc, names)
            names = self._genitive_org_names(doc, names)
            names = self._datelines(doc, names)
            names = [c for c in names if not self._initial_non_name(doc, c, inside_caps)]
        return self._typed_by_gazetteer(doc.text, names), roles

    @staticmethod
    def _at_sentence_start(doc: Doc, i: int) -> bool:
        """Token ``i`` stands where any German word is capitalised: first word, or after a quote mark, colon or dash."""
        return all(not t.text.strip() or t.text in OPENERS for t in doc[:i]) or doc[i - 1].text in OPENERS

    def _initial_non_name(self, doc: Doc, cand: Candidate, inside_caps: frozenset[str] = frozenset()) -> bool:
        """"Nehmt euch ...", "Euren Kindern ...", "Schnell war ...": a capitalised word at a sentence
        start says nothing; if the word is a verb, pronoun, adjective, adverb, article, conjunction
        or preposition of HanTa's lexicon (read in lower case, as it would stand elsewhere) and not
        a name it knows, the span is no name. Also a list all of whose words are such words
        ("Rot, Grün"), wherever it stands. Gazetteer names are kept, and so are words the same
        document capitalises inside a sentence ("Google" reads as an imperative, but "bei Google"
        says it is a name)."""
        if "initial_non_name" not in self.rules or cand.origin == "gazetteer":
            return False
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is None:
            return False
        words = [t.text for t in span if t.text[:1].isalpha()]
        if len(words) > 1:
            # only lists: "Olympischen Spielen", "Römischen Reich" are names of adjective + noun
            if "," not in span.text:
                return False
        elif not words or words[0] in inside_caps or words[0].isupper() or not self._at_sentence_start(doc, span.start):
            return False  # (an acronym is no verb: "TU", "BAT")
        return all(self.pos(w) not in ("NE", "FM") and (self.lexicon_tag(w.lower()) or "").startswith(NON_NAME_TAGS)
                   for w in words)

    def _genitive_org_names(self, doc: Doc, names: list[Candidate]) -> list[Candidate]:
        """"Arbeiterpartei Kurdistans", "Kommunistische Partei Chinas", "Katholischer Familienverband
        Österreichs": an organisation head noun directly before a genitive name makes one
        organisation name; the model and the gazetteer see only the place ("Kurdistans" ORG or LOC,
        a cut name) or the head apart ("Katholischer Familienverband" as a person). The head must
        itself be specific: a party/army compound ("Arbeiterpartei") or any organisation head led by
        a capitalised adjective ("Kommunistische Partei"); a bare "die Partei Chinas" stays a place."""
        if "genitive_org" not in self.rules:
            return names
        out = list(names)
        for c in names:
            span = doc.char_span(c.start, c.end, alignment_mode="expand")
            text = doc.text[c.start : c.end]
            if span is None or len(span) != 1 or span.start < 1 or c.label not in ("LOC", "ORG") \
                    or not text.endswith("s") or not text[:1].isupper():
                continue
            head = doc[span.start - 1]
            low = head.text.lower()
            if not head.text[:1].isupper():
                continue
            start = None
            if low.endswith(GENITIVE_NAME_HEADS) and low not in GENITIVE_NAME_HEADS:
                start = head.i  # "Arbeiterpartei"
            elif (is_org_head(head.text) or low.endswith(ORG_SUFFIXES)) and head.i >= 1 \
                    and doc[head.i - 1].text[:1].isupper() and self.pos(doc[head.i - 1].text) == "ADJ(A)":
                start = head.i - 1  # "Kommunistische Partei", "Katholischer Familienverband"
            if start is None:
                continue
            lo, hi = doc[start].idx, head.idx + len(head.text)
            before = [o for o in out if o is not c and o.start < hi and lo < o.end]
            # words before the head may be named already only by a span inside them, not from the gazetteer
            if any(o.start < lo or o.end > hi or o.origin == "gazetteer" for o in before):
                continue
            out = [o for o in out if o is not c and o not in before]
            out.append(Candidate(lo, c.end, "ORG", "rule"))
        return sorted(out, key=lambda c: c.start)

    def _datelines(self, doc: Doc, names: list[Candidate]) -> list[Candidate]:
        """"Innsbruck – Das Zivilverfahren ...", "Stuttgart/Trier – Ein Mann ...", "KIEW (dpa) - ...": agency
        copy opens with the place of the report (and the agency) and a dash. A name (or a name word HanTa does not know as a
        common word) at a sentence start before the dash is that place: LOC, whatever the
        model read ("Innsbruck" as a person)."""
        if "dateline" not in self.rules:
            return names
        k = 0
        while k < len(doc) and not doc[k].text.strip():
            k += 1
        places = []  # token indices of "A/B/C" before the dash
        while k < len(doc) and NAME_WORD.match(doc[k].text):
            places.append(k)
            k += 1
            if k < len(doc) and doc[k].text == "/":
                k += 1
                continue
            break
        if places and k < len(doc) and doc[k].text == "(":
            # the agency between place and dash: "GÜTERSLOH (dpa) -", "KIEW/WLADIWOSTOK (dpa-AFX) -"
            close = next((j for j in range(k + 1, min(k + 8, len(doc))) if doc[j].text == ")"), None)
            if close is None:
                return names
            k = close + 1
        if not places or k + 1 >= len(doc) or doc[k].text not in ("–", "-", "—") or not doc[k + 1].text[:1].isupper():
            return names
        out = list(names)
        for i in places:
            tok = doc[i]
            inside = [c for c in out if c.start < tok.idx + len(tok.text) and tok.idx < c.end]
            if inside:
                if len(inside) == 1 and (inside[0].start, inside[0].end) == (tok.idx, tok.idx + len(tok.text)) \
                        and inside[0].label != "LOC" and inside[0].origin != "gazetteer":
                    c = inside[0]
                    out[out.index(c)] = Candidate(c.start, c.end, "LOC", c.origin, c.kind, c.entity_ids)
                continue
            if self.maybe_name_word(tok.text) and not TIME_WORD.match(tok.text):
                out.append(Candidate(tok.idx, tok.idx + len(tok.text), "LOC", "rule"))
        return sorted(out, key=lambda c: c.start)

    def _bare_speaker(self, doc: Doc, cand: Candidate, verb_offsets: set[int]) -> bool:
        """The span stands next to a reporting verb (one space apart from a token starting or ending
        at ``verb_offsets``) without an article or adjective before it: "sagt Kiesbauer", not "der
        Beifahrer sagte"."""
        if not (cand.end + 1 in verb_offsets or cand.start - 1 in verb_offsets):
            return False
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is None or span.start == 0:
            return span is not None
        prev = doc[span.start - 1].text
        return not (prev[:1].islower() and self.pos(prev).startswith(("ART", "PDAT", "PPOSAT", "PIAT", "PIDAT", "ADJ")))

    @staticmethod
    def _ends_in_head(doc: Doc, cand: Candidate, heads: set[int]) -> bool:
        """A model span ending in an apposition head ("Münchner Softwarekonzern" Datavia) is no name."""
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        return span is not None and span[-1].i in heads

    def _runs_over_single_words(self, model: list[Candidate], one_word: list[Candidate],
                                runs: list[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
        """Keep a HanTa run only where it adds words: it replaces one one-word model span it
        contains ("Choi Min" + model "Soo"); runs over two model spans are dropped."""
        kept_runs, dropped = [], set()
        for r in runs:
            inside = [c for c in one_word if r.start <= c.start and c.end <= r.end]
            if len(inside) > 1:
                continue
            if inside:
                dropped.add(inside[0])
            kept_runs.append(r)
        return [c for c in model if c not in dropped], kept_runs

    def process(self, texts_or_docs: list, mode: Mode = "combined", batch_size: int = 128):
        """Run the tokenizer (+ model) over sentences; yields spaCy docs."""
        if mode == "rules":
            for t in texts_or_docs:
                yield t if isinstance(t, Doc) else self.nlp.make_doc(t)
        else:
            yield from self.nlp.pipe(texts_or_docs, batch_size=batch_size)

    @staticmethod
    def capitalised_inside(texts: list[str]) -> frozenset[str]:
        """Words written capitalised after a lower-case word, a digit or a comma: nouns and names,
        never a verb, adjective or pronoun (German capitalises those only at a sentence start)."""
        return frozenset(m.group(1) for t in texts for m in _INSIDE_CAP.finditer(t))

    def recognise(self, texts: list[str], mode: Mode = "combined") -> list[tuple[list[Candidate], list[Candidate]]]:
        """The sentences of one document."""
        inside = self.capitalised_inside(texts)
        return [self.recognise_doc(d, mode, inside) for d in self.process(texts, mode)]
