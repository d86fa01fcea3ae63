"""Stage "entities": named-entity mentions with base forms, resolved within the document.

Reads ``text`` and ``sentences`` (falls back to the whole text as one sentence when the
segmenter produced none) and writes ``mentions``. The model, HanTa and the gazetteer are
loaded once, when the stage is built.
"""
from __future__ import annotations

import re

from lagebild.config import Settings
from lagebild.document import Document, Mention
from lagebild.pipeline import register_stage
from lagebild.understand.gazetteer import Gazetteer
from lagebild.understand.inflection import base_name
from lagebild.understand.ner import Candidate, Recogniser
from lagebild.understand.resolve import resolve_mentions

_NEXT_WORD = re.compile(r"\s+([A-ZÄÖÜ][a-zäöüß]+)\b")


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
            if " " not in form and surface.startswith(form) and len(surface) - len(form) <= 2:
                # HanTa's lexicon knows many names' genitives ("Lukaschenkos" -> "Lukaschenko")
                last = surface.split(" ")[-1]
                return self.recogniser.pos(last) == "NE" and self.recogniser.analyze(last) == (form, "NE")
            return False

        return base_name(surface, is_known, genitive_position)

    def _surname_echoes(self, text: str, cands: list[Candidate]) -> list[Candidate]:
        """A word of a person's full name found elsewhere in the text is that person ("Choi widersprach")."""
        words = set()
        for c in cands:
            parts = text[c.start : c.end].split()
            if c.label == "PER" and len(parts) >= 2:
                words.update(w for w in (parts[0], parts[-1]) if len(w) > 1 and self.recogniser.is_name_word(w))
        if not words:
            return cands
        pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")(s|')?(?![\w-])")
        taken = sorted((c.start, c.end) for c in cands)
        extra = []
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            extra.append(Candidate(m.start(), m.end(), "PER", "rule"))
        return sorted([*cands, *extra], key=lambda c: c.start)

    def mentions(self, text: str, sentences: list[tuple[int, int]]) -> list[Mention]:
        spans = sentences or [(0, len(text))]
        results = self.recogniser.recognise([text[s:e] for s, e in spans])
        cands: list[Candidate] = []
        roles: list[Candidate] = []
        for (s, _), (names, role_cands) in zip(spans, results):
            shift = lambda c: Candidate(c.start + s, c.end + s, c.label, c.origin, c.kind, c.entity_ids)  # noqa: E731
            cands.extend(shift(c) for c in names)
            roles.extend(shift(c) for c in role_cands)
        cands = self._surname_echoes(text, cands)
        # uninflected forms seen in this text help to strip genitives of unknown names
        known = {text[c.start : c.end] for c in cands}
        known |= {w for c in cands for w in text[c.start : c.end].split()}
        mentions = []
        for c in cands:
            surface = text[c.start : c.end]
            mentions.append(Mention(start=c.start, end=c.end, text=surface, label=c.label,  # type: ignore[arg-type]
                                    base=self._base(text, c, known - {surface}), origin=c.origin))
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
