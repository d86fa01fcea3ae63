"""Stage "entities": named-entity mentions with base forms, resolved within the document.

Reads ``text`` and ``sentences`` (falls back to the whole text as one sentence when the
segmenter produced none) and writes ``mentions``. The model, HanTa and the gazetteer are
loaded once, when the stage is built.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from lagebild.config import Settings
from lagebild.document import Document, Mention
from lagebild.pipeline import register_stage
from lagebild.understand.gazetteer import Gazetteer
from lagebild.understand.inflection import base_name
from lagebild.understand.ner import FINITE_VERBS, NAME_WORD, Candidate, Recogniser, org_compound_part
from lagebild.understand.resolve import resolve_mentions

# words that end the head of a name that is a noun phrase ("Institut für Weltwirtschaft")
PHRASE_CONNECTORS = {"für", "der", "des", "von", "vom", "zur", "zum", "am", "im", "an", "in", "auf"}
_NEXT_LOWER = re.compile(r"\s+([a-zäöüß]+)\b")
# the end of the text before a match is a sentence start (or a quote or dateline opening)
_SENTENCE_START = re.compile(r"(?:^|[.!?:„“\"»«–]\s*)$")
_PLACE_PREPOSITION = re.compile(r"(?<![\w-])(?:in|im|ins|nach|aus)\s+$", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s+([A-ZÄÖÜ][a-zäöüß]+)\b")
_HYPHEN_COMPOUND = re.compile(r"(?<![\w-])[A-ZÄÖÜ][\w.]*(?:-[\w.]+)*-[A-Za-zÄÖÜäöüß]+")
# Currencies are units of figures (the claims stage reads "40 Millionen Euro" as value + unit),
# not actors of a story; GermEval tags "Euro" OTH, so the recogniser keeps them and the stage
# drops them here.
CURRENCIES = {
    "Euro", "Dollar", "US-Dollar", "Rubel", "Yen", "Yuan", "Renminbi", "Pfund", "Franken",
    "Schweizer Franken", "Hrywnja", "Hrywnja", "Zloty", "Forint", "Lira", "Won", "Rupie", "Rupien",
    "Kronen", "Krone", "Cent",
}


_WHITESPACE_RUN = re.compile(r"\s{2,}|[^\S ]")


def _squeeze(sentence: str) -> tuple[str, list[int]]:
    """The sentence with every run of whitespace as one space, and for each of its characters the
    offset in the original. Copy from the web has double spaces and line breaks inside sentences
    ("Bischof Manfred  Scheuer"); the tokenizer makes them tokens of their own, and the model,
    trained on single-spaced text, then cuts names at them."""
    if not _WHITESPACE_RUN.search(sentence):
        return sentence, list(range(len(sentence) + 1))
    out: list[str] = []
    pos: list[int] = []
    k = 0
    for m in _WHITESPACE_RUN.finditer(sentence):
        out.append(sentence[k : m.start()])
        pos.extend(range(k, m.start()))
        out.append(" ")
        pos.append(m.start())
        k = m.end()
    out.append(sentence[k:])
    pos.extend(range(k, len(sentence) + 1))
    return "".join(out), pos


class EntityExtractor:
    """Recognition + base forms + within-document resolution, reusable outside the pipeline."""

    def __init__(self, settings: Settings | None = None, gazetteer: Gazetteer | None = None, recogniser: Recogniser | None = None):
        settings = settings or Settings()
        self.gazetteer = gazetteer or Gazetteer.load(settings.gazetteers)
        self.recogniser = recogniser or Recogniser(settings.ner_model, self.gazetteer)

    def _base(self, text: str, cand: Candidate, known: set[str]) -> str:
        surface = text[cand.start : cand.end]
        hits = self.gazetteer.lookup(surface)
        if hits:
            return hits[0].base  # the listed form the surface derives from ("Nordkoreas" -> "Nordkorea")
        genitive_position = False
        if surface.endswith("s"):
            nxt = _NEXT_WORD.match(text, cand.end)
            genitive_position = bool(nxt) and self.recogniser.pos(nxt.group(1)) == "NN"

        def is_known(form: str) -> bool:
            if form in known or self.gazetteer.is_known_base(form):
                return True
            last = surface.split(" ")[-1]
            if " " not in form and last.startswith(form) and len(last) - len(form) <= 2:
                # HanTa's lexicon knows many names' genitives ("Lukaschenkos" -> "Lukaschenko")
                return self.recogniser.pos(last) == "NE" and self.recogniser.analyze(last) == (form, "NE")
            return False

        base = base_name(surface, is_known, genitive_position)
        return base if is_known(base) else self._phrase_base(base)

    def _phrase_base(self, name: str) -> str:
        """Inflection inside organisation-like names that are noun phrases.

        "Instituts für Weltwirtschaft" -> "Institut für Weltwirtschaft" (the head before "für",
        "der", "des" ... carries the case), "Deutschen Bahn" -> "Deutsche Bahn", "des Deutschen
        Wetterdienstes" -> "Deutsche Wetterdienst" (an adjective's -en becomes the -e it has after
        "der/die/das"; a genitive common-noun head loses its -s). Plurals are left alone
        ("Vereinten Nationen" -> "Vereinte Nationen").
        """
        words = name.split(" ")
        if len(words) < 2:
            return name
        connector = next((k for k, w in enumerate(words) if k > 0 and w in PHRASE_CONNECTORS), None)
        head = connector - 1 if connector is not None else len(words) - 1
        first = words[0]
        inflected_adjective = head > 0 and first.endswith("en") and self.recogniser.pos(first) in ("ADJ(A)", "NNA")
        if inflected_adjective:
            words[0] = first[:-1]
        if connector is not None or inflected_adjective:
            word = words[head]
            lemma, pos = self.recogniser.analyze(word)
            if pos == "NN" and word in (lemma + "s", lemma + "es"):
                words[head] = lemma
        return " ".join(words)

    def _document_consistency(self, text: str, cands: list[Candidate]) -> list[Candidate]:
        """One name, one type, everywhere in the document.

        A name recognised somewhere in the text ("Kiew" as LOC, "Justin Trudeau" as PER) is
        recognised at its other occurrences too, and a word of a person's full name found
        alone is that person ("Trudeau dankte", "Choi widersprach"). Model spans of such a
        word with another type are retyped ("Selenskyj" is no place). The votes of the
        gazetteer and the rules count more than the model's.
        """
        weight = {"gazetteer": 3, "apposition": 3, "rule": 2, "model": 1, "hanta": 1}
        votes: dict[str, Counter] = defaultdict(Counter)
        # "Datavia-Spitze", "Datavia-Beschäftigte": the compound says its first part is an organisation
        for m in _HYPHEN_COMPOUND.finditer(text):
            part = org_compound_part(m.group(0))
            if part:
                votes[part]["ORG"] += weight["rule"]
        model_only: Counter = Counter()  # surfaces seen only as model spans: how often
        other: set[str] = set()
        for c in cands:
            surface = text[c.start : c.end]
            votes[surface][c.label] += weight.get(c.origin, 1)
            if c.origin == "model":
                model_only[surface] += 1
            else:
                other.add(surface)
            parts = surface.split()
            if c.label == "PER" and len(parts) >= 2:
                for w in (parts[0], parts[-1]):
                    if w is parts[0] and self.recogniser.lexicon_tag(w) == "NN":
                        continue  # "Kater Robby", "Prinz William": a common noun before the name is none
                    votes[w]["PER"] += 2 * weight.get(c.origin, 1)  # a full name is strong evidence
        # The surname of a full name in this text is a name here even where it is also an
        # adjective or adverb ("Sebastian Kurz" ... "Kurz sagte" at a sentence start, which the
        # recogniser drops as the adjective "kurz"); not a function word or verb ("Weil", "Will"),
        # nor a common noun the model took into a name ("Van der Bellens Kandidatur").
        surnames = {text[c.start : c.end].split()[-1] for c in cands if c.label == "PER" and " " in text[c.start : c.end]}
        surnames = {w for w in surnames if NAME_WORD.match(w)
                    and (self.recogniser.lexicon_tag(w.lower()) or "").startswith(("ADJ", "ADV"))}
        names = {
            surface: counter.most_common(1)[0][0]
            for surface, counter in votes.items()
            if len(surface) > 1 and (" " in surface or surface in surnames or self.recogniser.maybe_name_word(surface))
        }
        if not names:
            return cands
        out = []
        for c in cands:
            surface = text[c.start : c.end]
            label = names.get(surface) or names.get(surface[:-1] if surface.endswith("s") else surface)
            if surface.isupper() and len(surface) > 4:
                label = names.get(surface.title()) or label  # dateline "HAMBURG/BREMERHAVEN (dpa)" = "Hamburg"
                if label and label != c.label:
                    c = Candidate(c.start, c.end, label, c.origin, c.kind, c.entity_ids)
            if c.origin == "model" and label and label != c.label and votes[surface][c.label] < votes[surface][label]:
                c = Candidate(c.start, c.end, label, c.origin, c.kind, c.entity_ids)
            out.append(c)
        pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(s|')?(?![\w-])")
        # A word the model alone named once and that HanTa reads as a common noun ("Falschgeld",
        # "Stadtwahlbehörde") is weak evidence: it is kept where found but not spread over the text.
        weak = {w for w, n in model_only.items() if n == 1 and w not in other and " " not in w
                and self.recogniser.pos(w) == "NN"}
        word_surnames = {w for w in surnames if not self.recogniser.maybe_name_word(w)}
        for m in pattern.finditer(text):
            if m.group(1) in weak:
                continue
            if m.group(1) in word_surnames and _SENTENCE_START.search(text, 0, m.start()) \
                    and not self._finite_verb_after(text, m.end()):
                continue  # "Kurz darauf": at a sentence start the adjective, unless a verb follows ("Kurz sagte")
            inside = [c for c in out if c.start < m.end() and m.start() < c.end]
            if inside:
                # a longer name of this document wins over a piece of it found here
                # ("Bad" where "Bad Kreuznach" is named elsewhere in the text)
                if " " in m.group(1) and all(m.start() <= c.start and c.end <= m.end() and c.kind != "role"
                                             and c.origin != "gazetteer" for c in inside) \
                        and any((c.start, c.end) != m.span() for c in inside):
                    out = [c for c in out if c not in inside]
                    out.append(Candidate(m.start(), m.end(), names[m.group(1)], "rule"))
                continue
            label = names[m.group(1)]
            if label != "LOC" and votes[m.group(1)]["LOC"] and _PLACE_PREPOSITION.search(text, 0, m.start()):
                # "die Lokalzeitung Trentino" (ORG) ... "im Trentino": a name this text also uses for
                # a place is the place after a local preposition
                label = "LOC"
            out.append(Candidate(m.start(), m.end(), label, "rule"))
        return sorted(out, key=lambda c: c.start)

    def _finite_verb_after(self, text: str, pos: int) -> bool:
        nxt = _NEXT_LOWER.match(text, pos)
        return bool(nxt) and self.recogniser.pos(nxt.group(1)) in FINITE_VERBS

    @staticmethod
    def _is_currency(sentence: str, cand: Candidate) -> bool:
        """"Euro" (MISC) or "Franken" after a figure ("20 Franken"), not the region ("in Franken")."""
        surface = sentence[cand.start : cand.end]
        if surface not in CURRENCIES or cand.origin == "gazetteer":
            return False
        before = sentence[: cand.start].split()[-1:] or [""]
        return cand.label == "MISC" or before[0][:1].isdigit() or before[0].startswith(("Million", "Milliard", "Billion"))

    def mentions(self, text: str, sentences: list[tuple[int, int]]) -> list[Mention]:
        spans = sentences or [(0, len(text))]
        squeezed = [_squeeze(text[s:e]) for s, e in spans]
        results = self.recogniser.recognise([t for t, _ in squeezed])
        cands: list[Candidate] = []
        roles: list[Candidate] = []
        for (s, _), (t, pos), (names, role_cands) in zip(spans, squeezed, results):
            shift = lambda c: Candidate(pos[c.start] + s, pos[c.end - 1] + 1 + s, c.label, c.origin, c.kind, c.entity_ids)  # noqa: E731
            cands.extend(shift(c) for c in names if not self._is_currency(t, c))
            roles.extend(shift(c) for c in role_cands)
        cands = self._document_consistency(text, cands)
        # uninflected forms seen in this text help to strip genitives of unknown names
        known = {text[c.start : c.end] for c in cands}
        known |= {w for c in cands for w in text[c.start : c.end].split()}
        mentions = []
        for c in cands:
            surface = text[c.start : c.end]
            mentions.append(Mention(start=c.start, end=c.end, text=surface, label=c.label,  # type: ignore[arg-type]
                                    base=" ".join(self._base(text, c, known - {surface}).split()), origin=c.origin))
        person_spans = [(m.start, m.end) for m in mentions if m.label == "PER"]
        for r in roles:
            # a role may contain a place ("Nordkoreas Machthaber") but never overlaps a person
            if any(s < r.end and r.start < e for s, e in person_spans):
                continue
            surface = text[r.start : r.end]
            mentions.append(Mention(start=r.start, end=r.end, text=surface, label="PER", base=surface, origin="title"))
        return resolve_mentions(text, mentions, self.gazetteer)

    def __call__(self, doc: Document) -> Document:
        mentions = self.mentions(doc.text, [(s.start, s.end) for s in doc.sentences])
        return doc.model_copy(update={"mentions": mentions})


@register_stage("entities", reads=("text", "sentences"), writes=("mentions",))
class EntitiesStage:
    def __init__(self, settings: Settings):
        self.extractor = EntityExtractor(settings)

    def __call__(self, doc: Document) -> Document:
        return self.extractor(doc)
