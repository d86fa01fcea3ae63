"""Stage "claims": numeric claims with counted thing, qualifier, event, source and reference time.

A claim is a figure about the world ("rund 15.000 Soldaten nach Russland entsandt"). Not claims:
dates, times and years (anything inside a time expression of the "times" stage, bare 19xx/20xx),
ages ("mit 94 Jahren"), durations ("14 Jahren", "24 Stunden", "Fast 1000 Tage" — also inside
quotes: a duration is not a count), counts of kinds ("vier verschiedene Gruppen"), ordinals and anniversaries ("80. Jahrestag", "8."), codes
glued to letters ("SA-22", "Tg1"), phone-like digit runs, and number words inside compounds
("drei- bis fünfjährige Verträge" is an attribute of the contracts, not a count).

Source, in order: an explicit source phrase in the sentence ("nach südkoreanischen Angaben",
"nach Erkenntnissen … Geheimdienste", "den Behörden zufolge", "wie der Gouverneur mitteilte"),
the speaker of a quote holding the figure, a reporting verb's subject in the sentence ("teilte …
mit", "Selenskyj meldet"), and for reported speech (Konjunktiv) without any of these the source
of the sentence before. ``as_of`` is the resolved time expression of the sentence (not one
introduced by "seit", which goes to ``since``), else a time in the liveblog entry's headline,
else the entry or publication day; unresolved when none is known.
"""
from __future__ import annotations

import re

from lagebild.config import Settings
from lagebild.document import Claim, Document, Quote, Segment, Sentence, TimeExpression
from lagebild.pipeline import register_stage
from lagebild.understand.numbers import NumberMatch, find_numbers
from lagebild.understand.quotes import KONJUNKTIV, ROLE, QuoteFinder, _Speaker
from lagebild.understand.temporal import anchor_for

QUALIFIERS = (
    "schätzungsweise", "durchschnittlich", "mindestens", "wenigstens", "höchstens", "mehr als", "weniger als",
    "bis zu", "ungefähr", "annähernd", "insgesamt", "beinahe", "nahezu", "maximal", "knapp", "bereits", "circa",
    "zirka", "ca.", "etwa", "rund", "über", "unter", "fast", "gut",
)
QUALIFIER_BEFORE = re.compile(r"(?i:\b(" + "|".join(re.escape(q) for q in QUALIFIERS) + r"))\s+$")
SUBSET_BEFORE = re.compile(r"\b(weitere|weiteren|zusätzliche|zusätzlichen)\s+$", re.I)
TIME_UNITS = re.compile(
    r"\s*(?:Jahre|Jahren|Jahr|Jahres|Tage|Tagen|Tag|Stunden|Stunde|Minuten|Sekunden|Wochen|Woche|Monate|Monaten|"
    r"Monat|Uhr|Jahrhunderts?|Jahrzehnte|Jahrzehnten|jährige\w*|Mal)\b"
)
ATTRIBUTE_MEASURE = re.compile(
    r"\s*(?:Kilometer|Meter|km|m)\s+(?:pro\s+Stunde|südlich|nördlich|östlich|westlich|entfernt|lang|breit|hoch|tief|weit)\b"
)
# "vier verschiedene Truppengruppierungen": the number counts kinds (a list the source names), not a quantity
KINDS_AFTER = re.compile(r"\s+(?:verschiedene|unterschiedliche|diverse)[nmrs]?\b", re.I)
VAGUE_BEFORE = re.compile(r"\b(?:mehrere|einige|etliche|viele|wenige|paar)\s+$", re.I)
ORDINAL_NOUNS = re.compile(r"\s*(?:Jahrestag|Jahrestages|Mal|Stelle|Platz|Runde|Gipfel|Geburtstag)\b")  # not "1.200 Stellen"
UNIT = re.compile(
    r"\s*(?P<mods>(?:(?:[a-zäöüß][\w\-]*|[A-ZÄÖÜ]+-[a-zäöüß][\w\-]*)\s+){0,3}?)"
    r"(?P<unit>(?![A-ZÄÖÜ]+-[a-zäöüß])[A-ZÄÖÜ]\w*(?:-\w+)*(?:-\s+und\s+[A-ZÄÖÜ][\w\-]*)?)"
)
MODIFIER = re.compile(r"^(?!(?:hätten|haben|hatten|seien|waren|wurden|werden|würden|ihre|ihren|seine|seinen|einen|einer)$)(?:[\w\-]*(?:e|en|er|es|em)|dieser|davon)$")
COUNT_OF = re.compile(r"\bZahl\s+der\s+(?P<mods>(?:[a-zäöüß]\w*\s+){0,2})(?P<unit>[A-ZÄÖÜ]\w+)")
EVENTS: tuple[tuple[str, str], ...] = (
    (r"getötet\w*|tötete\w*|töten", "töten"),
    (r"ums\s+Leben", "sterben"), (r"gestorben|starben", "sterben"),
    (r"entsandt\w*|entsenden|entsendet|geschickt", "entsenden"),
    (r"eingetroffen\w*|treffen\s+\w+\s+ein", "eintreffen"),
    (r"verletzt\w*|verwundet\w*", "verletzen"),
    (r"evakuiert\w*|in\s+Sicherheit\s+gebracht", "evakuieren"),
    (r"abgeschossen\w*|abschießen", "abschießen"),
    (r"abgefangen\w*", "abfangen"),
    (r"befreit\w*", "befreien"),
    (r"eingesetzt\w*|stationiert\w*", "einsetzen"),
    (r"beschädigt\w*|zerstört\w*", "beschädigen"),
    (r"festgenommen\w*|gefangen\s+genommen", "festnehmen"),
    (r"vermisst\w*", "vermissen"),
    (r"zugesichert|zugesagt|versprochen", "zusichern"),
    (r"erwartet", "erwarten"),
    (r"gestiegen", "steigen"),
    (r"voran|Geländegewinne?", "vorrücken"),
)
EVENT = [(re.compile(rf"\b(?:{pattern})\b", re.I), lemma) for pattern, lemma in EVENTS]
_ADJ = r"(?:[a-zäöüß][\w\-]*\s+){0,2}"
_NOT_ADJ = r"(?!(?:haben|hatten|hätten|sind|waren|wurden|werden|seien|sollen|wollen|können|müssen)\b)"
_GENITIVE = rf"(?:(?:des|der|von|aus)\s+)?(?:{_NOT_ADJ}(?:[a-zäöüß][\w\-]*(?:e|en|er|es|em)|und)\s+){{0,4}}?[A-ZÄÖÜ][\w\-]+"
# "nach tagelangen widersprüchlichen Angaben" names nobody; "nach ukrainischen/offiziellen Angaben" does
OWNER_ADJECTIVE = re.compile(r"\b(?:\w+isch\w*|offiziell\w*|amtlich\w*|behördlich\w*|polizeilich\w*|staatlich\w*|eigenen)\b", re.I)
SOURCE_PATTERNS = [
    re.compile(rf"\b(?i:nach)\s+(?P<src>{_ADJ}(?:Angaben|Erkenntnissen|Informationen|Schätzungen|Berichten|Darstellung)"
               rf"(?:\s+{_GENITIVE})?)"),
    re.compile(r"\b(?P<src>(?:(?:den|dem|der)\s+(?:[a-zäöüß]\w*\s+){0,2})?[A-ZÄÖÜ][\w\-]+(?:\s+[A-ZÄÖÜ][\w\-]+)?)\s+zufolge\b"),
    re.compile(r"\b(?i:laut)\s+(?P<src>(?:(?:den|der|dem|des)\s+)?(?:[\w\-]+\s+){0,3}?[A-ZÄÖÜ][\w\-]+)"),
    re.compile(r"\b(?i:wie)\s+(?P<src>(?:der|die|das)\s+(?:[\w\-]+\s+){0,4}?)(?:mitteilte|sagte|berichtete|meldete|erklärte|bestätigte)\b"),
    re.compile(r"^(?P<src>[A-ZÄÖÜ][\w\-]+(?:\s+[A-ZÄÖÜ\w][\w\-]+)?):\s"),  # headline "Ukrainische Armee: …"
]
ATTRIBUTION_EXTRA = re.compile(r"\b(?:ausgegangen|ausgehen|geht|schätzt|schätzte|zugesichert|angekündigt|gab\s+an|meldet|meldete|"
                                r"gemeldet|gesprochen|genannt|mitgeteilt|bekanntgegeben)\b")
# a sentence that only goes on with what the sentence before reported ("Demnach sind 21 Menschen gestorben")
CONTINUES_REPORT = re.compile(r"\s*(?:Demnach|Demzufolge|Dementsprechend)\b")
# "… mit vier Hubschraubern. Das teilte das Innenministerium mit.": the next sentence names the source
SOURCE_AFTER = re.compile(r"\s*(?:Das|Dies)\s+(?:teilte|teilten|sagte|sagten|erklärte|erklärten|berichtete|meldete|"
                          r"bestätigte|bestätigten|schrieb|gab)\b")
CLAUSE_CUE = re.compile(r"\b(?:sagte|sagten|sagt|erklärte|erklärt|teilte|teilt|meldete|meldet|gemeldet|berichtete|"
                        r"bestätigte|bestätigt|sprach|sprachen|spricht|gesprochen|nannte|schätzte|zählte)\b")
DEMONYMS = {
    "nordkorea": "nordkoreanisch", "südkorea": "südkoreanisch", "russland": "russisch", "ukraine": "ukrainisch",
    "china": "chinesisch", "usa": "amerikanisch", "deutschland": "deutsch", "iran": "iranisch", "belarus": "belarussisch",
}
_COUNTRIES = "|".join(k.capitalize() for k in DEMONYMS if k != "usa") + "|USA"
_AUX = r"(?:hat|hatte|haben|habe|will|soll|wird|schickte|entsandte)"
COUNTRY = re.compile(rf"\b{_AUX}\s+(?P<a>{_COUNTRIES})\b|\b(?P<b>{_COUNTRIES})\s+{_AUX}\b")
# a definite noun phrase not governed by a preposition: the subject ("Im April war der Geheimdienst …")
SUBJECT_PHRASE = re.compile(r"(?:^|(?<=[\s,])(?<!\b[Ii]n )(?<!\b[IiAa]m )(?<!\bzu )(?<!\bvon )(?<!\bmit )(?<!\bauf )(?<!\bbei ))(?:der|die|das)\s+(?:[a-zäöüß]\w*\s+){0,2}[A-ZÄÖÜ]\w+")
PRONOUN_SOURCE = re.compile(r"^(?:ihm|ihr|ihnen)$", re.I)


def _adjective_stem(word: str) -> str:
    return re.sub(r"(?:e|en|er|es|em)$", "", word.lower())


def _unit_lemma(unit: str) -> str:
    u = unit.lower()
    return u[:-1] if u.endswith("ern") else u


class ClaimFinder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.text
        self.sentences = doc.sentences or [Sentence(index=0, start=0, end=len(doc.text), segment=0)]
        self.times = doc.times
        self.quotes = doc.quotes
        self.segments = {s.index: s for s in doc.segments}
        self._quote_finder: QuoteFinder | None = None
        self._sources: dict[int, tuple[str | None, str | None]] = {}

    @property
    def quote_finder(self) -> QuoteFinder:
        if self._quote_finder is None:
            self._quote_finder = QuoteFinder(self.doc)
        return self._quote_finder

    # --- filters ---------------------------------------------------------------------------
    def _is_figure(self, n: NumberMatch, sentence: Sentence) -> bool:
        text = self.text
        if any(t.start <= n.start < t.end or t.start < n.end <= t.end for t in self.times):
            return False
        after = text[n.end : n.end + 30]
        if TIME_UNITS.match(after):
            return False  # duration, age or clock time
        if re.search(r"\b(?:der|die|das|den|dem|des)\s+$", text[max(sentence.start, n.start - 5) : n.start], re.I):
            return False  # "der vier Staatsmänner": a known group, not a new figure
        if n.from_words and VAGUE_BEFORE.search(text[max(sentence.start, n.start - 15) : n.start]):
            return False  # "mehrere Hundert Beschäftigte": no figure, an order of magnitude
        if KINDS_AFTER.match(after):
            return False  # "in drei verschiedenen Städten": how many kinds, not how much of something
        if ATTRIBUTE_MEASURE.match(after):
            return False  # "etwa 80 Kilometer südlich", "80 Kilometer pro Stunde": a distance or speed, not a count
        if not n.from_words:
            if after.startswith(".") and n.end + 1 < sentence.end and not after[1:2].isdigit():
                return False  # ordinal / anniversary ("80. Jahrestag"); a final full stop is kept
            if ORDINAL_NOUNS.match(after):
                return False
            if n.relation == "point" and 1900 <= n.value <= 2099 and "." not in n.text and not UNIT.match(after):
                return False  # a year the temporal rules did not claim
            if re.search(r"\d[\d /-]{7,}\d", text[max(0, n.start - 12) : n.end + 12]) and "." not in n.text:
                return False  # phone-like digit run
        return True

    # --- parts ------------------------------------------------------------------------------
    def _unit(self, n: NumberMatch, sentence: Sentence) -> tuple[str | None, str | None]:
        after = self.text[n.end : sentence.end]
        m = UNIT.match(after)
        mods: list[str] = []
        unit = None
        if m and all(MODIFIER.match(w) for w in m.group("mods").split()):
            unit = m.group("unit")
            mods = m.group("mods").split()
        if unit is None:
            count = COUNT_OF.search(self.text[sentence.start : n.start])
            if count:
                unit = count.group("unit")
                mods = count.group("mods").split()
        before = self.text[max(sentence.start, n.start - 25) : n.start]
        subset = SUBSET_BEFORE.search(before)
        if subset:
            mods.insert(0, subset.group(1))
        return unit, " ".join(mods) or None

    def _event(self, n: NumberMatch, sentence: Sentence, subject: str | None) -> str | None:
        if subject:
            for pattern, lemma in EVENT:
                if pattern.search(subject):
                    return lemma
        after = self.text[n.end : sentence.end]
        before = self.text[sentence.start : n.start]
        for region in (after, before):
            hits = [(m.start(), lemma) for pattern, lemma in EVENT for m in pattern.finditer(region)]
            if hits:
                return min(hits)[1] if region is after else max(hits)[1]
        return None

    def _explicit_source(self, s_text: str, base: int | None = None) -> str | None:
        """``base``: offset of ``s_text`` in the document, to let an entity name finish the phrase."""
        for pattern in SOURCE_PATTERNS:
            m = pattern.search(s_text)
            if m:
                src = " ".join(m.group("src").split())
                if re.search(r"\beigenen\s+Angaben\b", src):
                    return None  # resolved by the caller from the sentences before
                if pattern is SOURCE_PATTERNS[0] and re.search(r"(?:Angaben|Erkenntnissen|Informationen|Schätzungen|Berichten|Darstellung)$", src) \
                        and not OWNER_ADJECTIVE.search(src):
                    continue  # nobody's statements
                if base is not None:  # a name running on past the phrase: "nach Angaben der IG Metall"
                    end = base + m.end("src")
                    cross = [x for x in self.doc.mentions if x.start < end < x.end and x.start >= base + m.start("src")]
                    if cross:
                        src = " ".join(self.text[base + m.start("src") : cross[0].end].split())
                return src
        return None

    def _sentence_source(self, sentence: Sentence) -> tuple[str | None, str | None]:
        """(source, entity id) for a sentence, without looking at neighbours."""
        if sentence.index in self._sources:
            return self._sources[sentence.index]
        s_text = self.text[sentence.start : sentence.end]
        result: tuple[str | None, str | None] = (None, None)
        src = self._explicit_source(s_text, sentence.start)
        if src and PRONOUN_SOURCE.match(src) and sentence.index > 0:
            result = self._sentence_source(self.sentences[sentence.index - 1])  # "Ihm zufolge …"
        elif src:
            result = (src, self._role_holder(src, sentence.start))
        elif re.search(r"\beigenen\s+Angaben\b", s_text):
            for back in range(1, 3):
                prev = self.sentences[sentence.index - back] if sentence.index - back >= 0 else None
                m = prev and re.search(r"\bAngaben\s+(?:des|der)\s+(?P<src>(?:[\w\-]+\s+){0,2}?[A-ZÄÖÜ][\w\-]+)", self.text[prev.start : prev.end])
                if m:
                    result = (m.group("src"), None)
                    break
        if result[0] is None:
            speaker, _ = self.quote_finder.attribution(sentence.start, sentence.end, sentence.start)
            if speaker is None and ATTRIBUTION_EXTRA.search(s_text):
                m = ATTRIBUTION_EXTRA.search(s_text)
                speaker = self.quote_finder._speaker_before(s_text, sentence.start, m.start())
                subject = SUBJECT_PHRASE.search(s_text[: m.start()])
                if speaker is None and subject:
                    speaker = _Speaker(subject.group(0), sentence.start + subject.start(), sentence.start + subject.end(), None)
            if speaker is not None:
                result = (speaker.text, speaker.entity_id)
        self._sources[sentence.index] = result
        return result

    def _role_holder(self, src: str, pos: int) -> str | None:
        """Entity id of the named holder of a role source ("wie der Gouverneur der Region mitteilte" after
        "Gouverneur Oleh Brenko"); None when the text never names who holds the role."""
        head = re.match(r"(?:der|die|dem|den|des)\s+(?:[a-zäöüß\-]+e[nrs]?\s+)*(?P<noun>[A-ZÄÖÜ][\w\-]+)", src)
        if not head or not ROLE.search(head.group("noun")):
            return None
        holder = self.quote_finder._person_before(pos, role=head.group("noun"), strict=True)
        return holder.entity_id if holder else None

    def _clause(self, n: NumberMatch, sentence: Sentence) -> tuple[int, int]:
        """The comma-bounded clause holding the number ("1,5" has no space after its comma)."""
        s_text = self.text[sentence.start : sentence.end]
        local = n.start - sentence.start
        lo = s_text.rfind(", ", 0, local)
        hi = s_text.find(", ", n.end - sentence.start)
        return sentence.start + (lo + 2 if lo >= 0 else 0), sentence.start + (hi if hi >= 0 else len(s_text))

    def _clause_source(self, n: NumberMatch, sentence: Sentence) -> tuple[str | None, str | None]:
        """Two sources in one sentence ("Während die Polizei von 23 Toten sprach, bestätigte der Landkreis
        19 Todesfälle"): the clause holding the figure names its own."""
        lo, hi = self._clause(n, sentence)
        clause = self.text[lo:hi]
        rest = self.text[sentence.start : lo] + " " + self.text[hi : sentence.end]
        if (lo, hi) == (sentence.start, sentence.end) or not CLAUSE_CUE.search(clause):
            return None, None
        if not (CLAUSE_CUE.search(rest) or self._explicit_source(rest)):
            return None, None
        src = self._explicit_source(clause, lo)
        if src:
            return src, self._role_holder(src, lo)
        # the clause's subject before its cue ("Während die Polizei … sprach"), else the cue's speaker
        cue = CLAUSE_CUE.search(clause)
        head = re.sub(r"^\s*(?:Während|Als|Nachdem|Weil|Obwohl|Wenn|Bevor)\s+", lambda m: " " * len(m.group(0)), clause[: cue.start()])
        subject = SUBJECT_PHRASE.search(head)
        if subject:
            orgs = [m for m in self.doc.mentions if lo + subject.start() <= m.start < lo + subject.end() and m.entity_id]
            return subject.group(0), orgs[0].entity_id if orgs else None
        speaker, _ = self.quote_finder.attribution(lo, hi, n.start)
        return (speaker.text, speaker.entity_id) if speaker else (None, None)

    def _source(self, n: NumberMatch, sentence: Sentence) -> tuple[str | None, str | None]:
        quote = next((q for q in self.quotes if q.start <= n.start < q.end and q.speaker), None)
        clause_src = self._clause_source(n, sentence)
        if clause_src[0] is not None:
            return clause_src
        src = self._sentence_source(sentence)
        if src[0] is None and quote is not None:
            return quote.speaker, quote.speaker_entity_id
        if src[0] is None:
            nxt = self.sentences[sentence.index + 1] if sentence.index + 1 < len(self.sentences) else None
            if nxt is not None and nxt.segment == sentence.segment and SOURCE_AFTER.match(self.text[nxt.start : nxt.end]):
                after = self._sentence_source(nxt)
                if after[0] is not None:
                    return after
        s_text = self.text[sentence.start : sentence.end]
        if src[0] is None and (KONJUNKTIV.search(s_text) or CONTINUES_REPORT.match(s_text)):
            # reported speech continues the attribution of the sentence before ("… seien bereits eingetroffen")
            for back in range(1, 3):
                if sentence.index - back < 0:
                    break
                prev = self.sentences[sentence.index - back]
                if prev.segment != sentence.segment:
                    break
                src = self._sentence_source(prev)
                if src[0] is not None:
                    break
        return src

    def _entry(self, sentence: Sentence) -> Segment | None:
        seg = self.segments.get(sentence.segment)
        while seg is not None:
            if seg.kind == "liveblog_entry":
                return seg
            seg = self.segments.get(seg.parent) if seg.parent is not None else None
        return None

    def _times(self, n: NumberMatch, sentence: Sentence) -> tuple[str | None, str | None]:
        in_sentence = [t for t in self.times if sentence.start <= t.start < sentence.end and t.value]
        since = next((t.value for t in in_sentence if t.text.lower().startswith("seit")), None)
        point = [t for t in in_sentence if not t.text.lower().startswith(("seit", "bis", "ab ")) and t.granularity]
        if point:
            # a time of the figure's own clause first: "Am Dienstagabend hatte die Polizei acht Tote gemeldet,
            # am Mittwochmorgen dann zwölf"
            lo, hi = self._clause(n, sentence)
            own = [t for t in point if lo <= t.start < hi]
            if not own and not any(lo <= t.start < hi for t in in_sentence):
                # another clause's time, unless it lies ahead ("…, im Oktober 2026 folgt eine zweite Stufe")
                anchor = anchor_for(self.doc, sentence).when
                own = [t for t in point if anchor is None or t.value[:10] <= anchor.isoformat()[: len(t.value[:10])]]
            if own:
                return min(own, key=lambda t: abs(t.start - n.start)).value, since
        entry = self._entry(sentence)
        if entry is not None:
            headline = [t for t in self.times if entry.start <= t.start < entry.end and t.value
                        and self._in_headline(t, entry)]
            if headline:
                return headline[0].value, since
        anchor = anchor_for(self.doc, sentence)
        return (anchor.when.isoformat() if anchor.when else None), since

    def _in_headline(self, t: TimeExpression, entry: Segment) -> bool:
        return any(s.parent == entry.index and s.kind == "subheadline" and s.start <= t.start < s.end
                   for s in self.segments.values())

    def _key(self, unit: str | None, subject: str | None, event: str | None, n: NumberMatch, sentence: Sentence) -> str:
        subj = " ".join(_adjective_stem(w) for w in (subject or "").split() if not EVENT_WORD.match(w))
        if not any(w.endswith("isch") for w in subj.split()):
            # the acting country names the counted thing's side: "Nordkorea hat … Soldaten entsandt"
            prev = self.sentences[sentence.index - 1] if sentence.index > 0 else sentence
            for lo, hi in ((sentence.start, n.start), (prev.start, prev.end)):
                m = COUNTRY.search(self.text[lo:hi])
                if m:
                    subj = " ".join(filter(None, [subj, DEMONYMS[(m.group("a") or m.group("b")).lower()]]))
                    break
        return "|".join([_unit_lemma(unit) if unit else "", subj, event or ""])

    def find(self) -> list[Claim]:
        out: list[Claim] = []
        for sentence in self.sentences:
            s_text = self.text[sentence.start : sentence.end]
            for local in find_numbers(s_text):
                n = NumberMatch(local.start + sentence.start, local.end + sentence.start, local.text, local.value,
                                local.value_high, local.relation, local.from_words)
                if not self._is_figure(n, sentence):
                    continue
                unit, subject = self._unit(n, sentence)
                if n.from_words and unit is None:
                    continue  # a bare number word ("seit Tag eins") counts nothing
                qual = QUALIFIER_BEFORE.search(self.text[max(sentence.start, n.start - 20) : n.start])
                qualifier = qual.group(1).lower() if qual else None
                start = n.start - (len(qual.group(0)) if qual else 0)
                event = self._event(n, sentence, subject)
                source, source_id = self._source(n, sentence)
                as_of, since = self._times(n, sentence)
                end = n.end
                if unit:
                    m = UNIT.match(self.text, n.end)
                    end = m.end() if m and m.group("unit") == unit else end
                out.append(Claim(
                    start=start, end=end, text=self.text[start:end], value=n.value, value_high=n.value_high,
                    relation=n.relation, unit=unit, subject=subject, qualifier=qualifier, event=event,
                    source=source, source_entity_id=source_id, as_of=as_of, since=since, sentence=sentence.index,
                    key=self._key(unit, subject, event, n, sentence),
                ))
        return out


EVENT_WORD = re.compile(r"^(?:getötet|verletzt|evakuiert|entsandt|eingetroffen|abgeschossen)\w*$", re.I)


def find_claims(doc: Document) -> list[Claim]:
    return ClaimFinder(doc).find()


@register_stage("claims", reads=("text", "sentences", "segments", "meta", "times", "mentions", "quotes"), writes=("claims",))
class ClaimsStage:
    def __init__(self, settings: Settings):
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        return doc.model_copy(update={"claims": find_claims(doc)})
