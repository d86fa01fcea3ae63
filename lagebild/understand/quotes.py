"""Stage "quotes": direct, partial and indirect quotes with their speakers.

Direct quotes are found by pairing quote marks over the whole text („…“, "…", »…«, ‚…‘, “…”),
so nested quotes stay inside their outer quote and multi-sentence quotes stay one quote. A
quoted span counts as a quote only when someone says it: a reporting verb (the cue) in its
sentence, a colon after a speaker, or a quote in the sentence before whose speaker goes on
talking. One-word spans ("Taurien", "Schutzzone") and names of things ("zum Thema "…"") are
not quotes.

The speaker is the cue's subject: after an inverted cue ("sagte Kremlsprecher Dmitri Peskow",
"erklärte der Kreml", "so Selenskyj") or before it ("Putin erklärte zugleich, …"). It resolves
to a canonical entity through ``doc.mentions`` (the "entities" stage); pronouns ("sagte er")
and roles ("bekräftigte der Kanzler") resolve to the most recent person mentioned outside
quotes, unless the entities stage already bound the role. Institutions ("das
Verteidigungsministerium in London") stay strings with the organisation's id where known.
Without mentions, capitalised-name heuristics stand in.

Indirect speech: a cue with a clause in Konjunktiv I ("erklärte zugleich, Russland werde so
lange weiter kämpfen") or with a dass-clause ("betonte, dass …"), a Konjunktiv clause followed by
the cue ("…, fügte der Sprecher hinzu"), and "according to" attributions ("nach Angaben der
Polizei …", "laut Ministerium …", "den Behörden zufolge …"), whose source is the speaker: the genitive after
"Angaben/Erkenntnissen/…" ("laut Angaben der Parteizeitung X" -> the Parteizeitung), an adjective alone as
written ("nach britischen Angaben"), never a finite verb ("haben Staatsmedien zufolge" -> "Staatsmedien"),
a pronoun ("Ihm zufolge") the speaker of the report before. "Wie X sagte, <main clause>" is X's report;
"<clause>, berichtete Nordkoreas Nachrichtenagentur KCNA" names an agency after the cue. Reported speech goes
on without a cue: a main clause in Konjunktiv continues the quote of the sentence before ("Er wolle eine
Lösung.") or leads into the next sentence's "…, so Selenskyj"; "Das hat X ausgeführt." points back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lagebild.config import Settings
from lagebild.document import Document, Mention, Quote, Sentence
from lagebild.pipeline import register_stage

_CUE_WORDS = (
    "sagte sagt sagten sagen erklärte erklärt erklärten schrieb schreibt schrieben betonte betont betonten "
    "bekräftigte bekräftigt unterstrich unterstreicht teilte teilt teilten fügte fügt meinte meint warnte warnt "
    "kritisierte kritisiert bestätigte bestätigt zitiert zitierte nannte nennt verkündete verkündet berichtete "
    "berichtet meldete meldet erläuterte erläutert ergänzte ergänzt sprach spricht forderte fordert versicherte "
    "versichert räumte räumt äußerte äußert mahnte mahnt appellierte kündigte kündigt antwortete antwortet "
    "entgegnete entgegnet rief ruft twitterte postete hervorzuheben hob hebt gab gibt bezeichnete bezeichnet "
    "beklagte beklagt lobte lobt wiederholte wiederholt argumentierte behauptete behauptet sagten"
).split()
CUE = re.compile(
    r"\b(?:" + "|".join(sorted(set(_CUE_WORDS), key=len, reverse=True)) + r")\b"
    r"|\b[Nn]ach\s+(?:seinen|ihren)\s+Worten\b|(?<=[,.;“”\"«])\s*so\b(?=\s+(?:[A-ZÄÖÜ]|der\b|die\b|das\b))"
)
PRONOUN = re.compile(r"^(?:er|sie)\b")
SPEECH_VERB = re.compile(r"^(?:sagte|sagt|erklärte|erklärt|betonte|betont|schrieb|schreibt|teilte|teilt|sagten|erklärten)$")
ARTICLE = r"(?:der|die|das|des|dem|den)"
ROLE = re.compile(
    r"(?:präsident(?:in)?|kanzler(?:in)?|sprecher(?:in)?|chef(?:in)?|politiker(?:in)?|minister(?:in)?|"
    r"bürgermeister(?:in)?|gouverneur(?:in)?|abgeordnete[rn]?|staatschef(?:in)?|premier(?:minister)?(?:in)?|"
    r"machthaber|berater(?:in)?|beauftragte[rn]?|botschafter(?:in)?|kommandeur|general|leiter(?:in)?|"
    r"vorsitzende[rn]?|senator(?:in)?|herrscher)$",
    re.I,
)
NOT_A_QUOTE_BEFORE = re.compile(
    r"(?:Thema|Titel|Motto|Abschnitts|Frontabschnitts|genannte[nmrs]?|Begriff|Stichwort|Operation|Slogan|"
    r"Buch|Film|Zeitung|Aktion|Programm|Projekt)\s*$"
)
KONJUNKTIV = re.compile(
    r"\b(?:sei|seien|werde|habe|könne|müsse|wolle|solle|dürfe|gebe|gehe|komme|liege|stehe|bleibe|hätten|"
    r"würden|wären|hätte|würde|wäre|versuche|ziehe|arbeite|brauche|handele|sehe|wisse|gelte|führe|plane|"
    r"beruhe|fehle|müssten|könnten|sollten|gingen|lägen|rücke|kämpfe|greife|setze|halte|zeige|fordere|lehne|"
    r"unterstütze|bereite|verfüge|erwarte|rechne|drohe|befinde|beabsichtige|bestehe|verliere|gewinne|kenne|"
    r"verhandle|verhandele|prüfe|trage|nehme|lasse|schaffe|denke|glaube|hoffe|sehe|möchte|darf)\b"
)
# "according to" attributions: the rest of the sentence is what the source says (reported speech)
# Finite verbs and auxiliaries are never part of a source phrase: in "Xi und Putin haben Staatsmedien zufolge …"
# or "Drei Menschen wurden den Behörden zufolge verletzt" the word before the source ends like an adjective
# ("-en") but is the clause's verb, so the modifier slots refuse them (and articles, possessives, adverbs).
_FINITE = (
    r"(?:der|die|das|des|dem|den|haben|hat|hatte|hatten|habe|hätte|hätten|sind|ist|war|waren|sei|seien|wäre|wären|werden|wird|wurde|wurden|"
    r"werde|würde|würden|worden|können|kann|konnte|konnten|könne|könnte|könnten|müssen|muss|musste|mussten|müsse|"
    r"müsste|müssten|sollen|soll|sollte|sollten|solle|wollen|will|wollte|wollten|wolle|dürfen|darf|durfte|durften|"
    r"dürfe|dürfte|dürften|gelten|gilt|galt|bleiben|bleibt|blieb|blieben|seine|seinen|seiner|ihre|ihren|ihrer|"
    r"unsere|unseren|einen|einem|einer|eine|keine|keinen|diese|diesen|dieser|jene|jenen|alle|allen|beide|beiden|"
    r"nun|dann|denn|wegen|gegen|eben|oben|neben|unten|hinten|vorne|selten|schon|immer|heute|gestern|morgen)"
)
_ADJ = rf"(?!{_FINITE}\b)[a-zäöüß][\w\-]*(?:e|en|er|es|em)"
_MODS = rf"(?:{_ADJ}\s+(?:(?:und|oder|sowie)\s+{_ADJ}\s+)?){{0,3}}"  # "südkoreanischer und westlicher"
_NP = (rf"(?:(?:der|die|das|des|dem|den)\s+)?{_MODS}[A-ZÄÖÜ][\w\-]+(?:\s+[A-ZÄÖÜ][\w\-]+){{0,2}}"
       r"(?:\s+(?:für|in|aus)\s+[A-ZÄÖÜ][\w\-]+)?"  # "des Instituts für Weltwirtschaft", "der Polizei in Trier"
       rf"(?:\s+(?:des|der)\s+{_MODS}[A-ZÄÖÜ][\w\-]+)?")  # "der Gouverneur der Region"
# a genitive after "Angaben"/"Informationen"/…: an article "des/der", a strong adjective ("südkoreanischer
# Geheimdienste", "örtlicher Behörden") or a name in -s ("Moskaus"); or any noun phrase after "von"/"aus"
_GENITIVE = r"(?:(?:von|aus)\s+|(?=(?:des|der)\s|[a-zäöüß][\w\-]*er\s|[A-ZÄÖÜ][\w\-]*s\b(?!\s+[A-ZÄÖÜ])))"
_SAYING_NOUNS = r"(?:Angaben|Informationen|Erkenntnissen|Darstellung|Einschätzung|Schätzungen|Berechnungen|Aussagen|Worten)"
ACCORDING_TO = [
    # "laut/nach Angaben der Parteizeitung Rodong Shinmun …": the source is the genitive, not "Angaben"
    re.compile(rf"\b(?i:nach|laut)\s+(?:(?:{_ADJ})\s+)?{_SAYING_NOUNS}\s+{_GENITIVE}(?P<src>{_NP})"),
    # "nach britischen Angaben", "nach offiziellen Angaben", "ukrainischen Angaben zufolge": an adjective is the
    # whole source; it is kept as written and never replaced by the noun phrase that follows ("seine Flugabwehr")
    re.compile(rf"\b(?i:nach|laut)\s+(?P<src>{_ADJ}\s+{_SAYING_NOUNS})\b"),
    re.compile(rf"\b(?P<src>(?i:{_ADJ})\s+(?:Angaben|Informationen|Erkenntnissen|Berichten|Schätzungen))\s+zufolge\b"),
    # "nach Behördenangaben": the source inside a compound
    re.compile(r"\b(?i:nach|laut)\s+(?P<src>[A-ZÄÖÜ][\w\-]+angaben)\b"),
    re.compile(rf"\b(?i:laut)\s+(?P<src>{_NP})"),
    re.compile(rf"\b(?P<src>{_NP})\s+zufolge\b"),
    re.compile(rf"\b(?i:wie)\s+(?P<src>{_NP})\s+(?:mitteilte|berichtete|meldete|bekanntgab|erklärte|mitteilt|berichtet|meldet|erklärt)\b"),
]
# Konjunktiv I after a subject pronoun, for verbs not in KONJUNKTIV: "schrieb, er sende Xi die herzlichsten Grüße"
# (the indicative third person ends in -t, a past tense in -te; a few adverbs and determiners end in -e)
KONJ_AFTER_PRONOUN = re.compile(
    r"\s*(?:er|sie|es|man)\s+(?!(?:gerne|alleine|ohne|lange|eine|keine|seine|ihre|diese|alle|beide|einige|viele|"
    r"erste|selbst|gerade|ebenfalls|bitte|heute|nie|nicht|die|eine)\b)[a-zäöüß]+(?<!t)e\b"
)
# a sentence whose first clause is subordinate has no reported main clause there ("Wo das Treffen stattfinden
# würde, blieb geheim"); a question is no report
SUBORDINATE_START = re.compile(
    r"^\s*(?:Wo|Wie|Wer|Was|Warum|Wann|Ob|Wenn|Als|Dass|Weil|Obwohl|Während|Falls|Sobald|Nachdem|Bevor|Solange|Seit|"
    r"Seitdem|Sofern|Indem|Ehe|Bis)\b"
)
# "Das hat Burkhard Meißner im Interview ausgeführt." points back to the sentence before as what was said
POINTING_BACK = re.compile(
    r"^\s*(?:Das|Dies)\s+(?:hat|haben|hatte|hatten)\s+(?P<rest>.+?)\s+(?P<verb>ausgeführt|gesagt|erklärt|berichtet|"
    r"mitgeteilt|betont|geschrieben|gemeldet|bestätigt|erläutert|angekündigt|verkündet|unterstrichen)\s*[.!]?\s*$"
)
PRONOUN_NP = re.compile(r"^(?:Ihm|Ihr|Ihnen|Dem|Der|Die|Den)$")
OPENERS = {"„": "“", "»": "«", "‚": "‘", "“": "”"}
CLOSERS = {"“": "„", "«": "»", "‘": "‚", "”": "“"}
# without the entities stage: a run of capitalised words that is not a pronoun or function word
_NOT_NAMES = (
    "Er|Sie|Es|Wir|Ich|Ihr|Man|Aber|Und|Auch|Doch|So|Nun|Dann|Zudem|Damit|Dabei|Dies|Diese|Dieser|Das|Der|Die|Dem|"
    "Den|Des|Ein|Eine|Einer|In|Im|Am|An|Auf|Aus|Bei|Mit|Nach|Von|Vom|Zu|Zum|Zur|Laut|Wie|Wenn|Als|Da|Es"
)
NAME_FALLBACK = re.compile(rf"\b(?!(?:{_NOT_NAMES})\b)[A-ZÄÖÜ][^\W\d_]+(?:[ \-](?!(?:{_NOT_NAMES})\b)[A-ZÄÖÜ][^\W\d_]+)*")


@dataclass
class _Span:
    start: int  # first character inside the marks
    end: int
    open_at: int
    close_at: int


def find_quoted_spans(text: str) -> list[_Span]:
    """Outermost quoted spans; nested quotes stay inside their outer quote. Stack resets per paragraph."""
    stack: list[tuple[str, int]] = []
    spans: list[_Span] = []
    for i, ch in enumerate(text):
        if ch == "\n":
            stack.clear()
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if ch == '"':
            opens = (prev.isspace() or prev in "([/–-—:") and not nxt.isspace()
            if not opens and any(c == '"' for c, _ in stack):
                while stack:
                    c, at = stack.pop()
                    if c == '"':
                        if not stack:
                            spans.append(_Span(at + 1, i, at, i))
                        break
            elif opens or not nxt.isspace():
                stack.append(('"', i))
        elif ch in CLOSERS and any(c == CLOSERS[ch] for c, _ in stack):
            while stack:
                c, at = stack.pop()
                if c == CLOSERS[ch]:
                    if not stack:
                        spans.append(_Span(at + 1, i, at, i))
                    break
        elif ch in OPENERS and ch != "‘":
            if ch == "‚" and not nxt.isalpha():
                continue
            stack.append((ch, i))
    return spans


def _mask(text: str, spans: list[_Span], lo: int, hi: int) -> str:
    """``text[lo:hi]`` with every quoted span (marks included) blanked out, offsets kept."""
    chars = list(text[lo:hi])
    for s in spans:
        for j in range(max(s.open_at, lo), min(s.close_at + 1, hi)):
            chars[j - lo] = " "
    return "".join(chars)


@dataclass
class _Speaker:
    text: str
    start: int
    end: int
    entity_id: str | None


class QuoteFinder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.text
        self.spans = find_quoted_spans(self.text)
        self.sentences = doc.sentences or [Sentence(index=0, start=0, end=len(self.text), segment=0)]
        self.mentions = self._appositions(sorted(doc.mentions, key=lambda m: m.start))
        self.persons = [m for m in self.mentions if m.label == "PER" and not self._in_quote(m.start)]

    # --- helpers -------------------------------------------------------------------------
    def _appositions(self, mentions: list[Mention]) -> list[Mention]:
        """A bare role in an apposition is the person it follows: in "Mykola Kalaschnik, der Gouverneur der
        Region" the role is Kalaschnik, even where the entities stage bound "Gouverneur" to another governor
        named earlier (a later "Er fügte hinzu" must find Kalaschnik, not the other one)."""
        out: list[Mention] = []
        for m in mentions:
            prev = next((p for p in reversed(out) if p.label == "PER" and p.end <= m.start), None)
            if (m.label == "PER" and prev is not None and prev.entity_id and " " not in m.text.strip() and ROLE.search(m.text)
                    and re.fullmatch(r",\s+(?:der|die)\s+(?:[a-zäöüß\-]+\s+)*", self.text[prev.end : m.start])):
                m = m.model_copy(update={"entity_id": prev.entity_id})
            out.append(m)
        return out

    def _country_of(self, source: str) -> str | None:
        """"nach südkoreanischen Angaben", "ukrainischen Angaben zufolge": the country an adjective-only source
        names, where the document mentions it ("Südkorea", "Ukraine" -> their place ids); the speaker stays as
        written. "russisch" (Russland) or "britisch" do not share a stem with the place and stay unresolved."""
        adj = re.match(r"(?i:(?:nach|laut)\s+)?([a-zäöüß]+?)(?:e|en|er|es|em)\s+(?:Angaben|Informationen|Erkenntnissen|Berichten)\b", source)
        if not adj or not adj.group(1).endswith("isch"):
            return None
        stem = adj.group(1).lower()
        for m in self.mentions:
            name = m.text.lower()
            name = name[:-1] if name[-1:] in ("a", "e") else name  # "Südkorea" -> "südkore", "Ukraine" -> "ukrain"
            if m.label == "LOC" and m.entity_id and len(name) >= 4 and stem.startswith(name) and len(stem) - len(name) <= 6:
                return m.entity_id
        return None

    def _org_before(self, pos: int, noun: str) -> Mention | None:
        """The organisation a definite short name points back to: "Das Ministerium erklärte" after "Das russische
        Verteidigungsministerium teilte mit" (the last organisation mention whose name ends in the noun)."""
        noun = noun.lower()
        for m in reversed(self.mentions):
            if m.end <= pos and m.label == "ORG" and m.entity_id and m.text.split()[-1].lower().endswith(noun) and not self._in_quote(m.start):
                return m
        return None

    def _in_quote(self, pos: int) -> bool:
        return any(s.start <= pos < s.end for s in self.spans)

    def _sentence_at(self, pos: int) -> Sentence:
        for s in self.sentences:
            if s.start <= pos < s.end:
                return s
        return min(self.sentences, key=lambda s: abs(s.start - pos))

    def _mentions_in(self, lo: int, hi: int, labels=("PER",)) -> list[Mention]:
        return [m for m in self.mentions if lo <= m.start and m.end <= hi and m.label in labels and not self._in_quote(m.start)]

    def _person_before(self, pos: int, role: str | None = None, strict: bool = False) -> _Speaker | None:
        """Most recent person mentioned outside quotes before ``pos`` (for "er", "der Kanzler").

        ``strict``: only a person introduced with ``role`` (for a source phrase that names the role
        in full, "wie der Gouverneur der Region mitteilte", which is no pronoun for whoever came last)."""
        candidates = [m for m in self.persons if m.end <= pos]
        if role:  # prefer a person introduced with this role ("US-Präsident Donald Trump" for "der Präsident")
            stem = role.lower()[:6]
            for m in reversed(candidates[-6:]):
                if any(stem in r for r in self._intro_roles(m)) and m.entity_id:
                    return _Speaker(m.text, m.start, m.end, m.entity_id)
            if strict:
                return None
            # whoever came last, unless they were introduced in another paragraph with another role
            # ("so der Gouverneur" after a paragraph about "Verteidigungsminister Kim Yong Hyun")
            if candidates:
                last = candidates[-1]
                other = self._sentence_at(last.start).segment != self._sentence_at(pos).segment
                roles = {r for c in candidates if c.entity_id and c.entity_id == last.entity_id for r in self._intro_roles(c)}
                if other and roles and not any(stem in r for r in roles):
                    return None
        if candidates:
            m = candidates[-1]
            return _Speaker(m.text, m.start, m.end, m.entity_id)
        if not self.doc.mentions:  # no entities stage: the last capitalised two-word name
            names = list(re.finditer(r"\b[A-ZÄÖÜ][a-zäöüß]+(?: [A-ZÄÖÜ][a-zäöüß]+)+\b", _mask(self.text, self.spans, 0, pos)))
            if names:
                n = names[-1]
                return _Speaker(n.group(0), n.start(), n.end(), None)
        return None

    def _intro_roles(self, m: Mention) -> list[str]:
        """Role words a person mention is introduced with, lower-cased: right before the name ("US-Präsident
        Donald Trump"), before it with a genitive ("der Sprecher des Abschnitts "Taurien", Olexander Schtupun")
        or in an apposition after it ("Mykola Kalaschnik, der Gouverneur der Region")."""
        out = [w for w in re.findall(r"[\w\-]+", self.text[max(0, m.start - 25) : m.start].lower()) if ROLE.search(w)]
        window = self.text[max(0, m.start - 70) : m.start]
        for w in re.finditer(r"[\w\-]+", window):
            if ROLE.search(w.group()) and re.fullmatch(r"(?:\s+(?:des|der|von)\s+[^,.;]{1,40})?,\s*", window[w.end() :]):
                out.append(w.group().lower())
        appo = re.match(r",\s+(?:der|die)\s+(?:[a-zäöüß\-]+e[nrs]?\s+)*([\w\-]+)", self.text[m.end : m.end + 60])
        if appo and ROLE.search(appo.group(1)):
            out.append(appo.group(1).lower())
        return out

    # --- speaker of a cue ----------------------------------------------------------------
    def _speaker_after(self, masked: str, base: int, at: int) -> _Speaker | None:
        """The inverted subject right after the cue: "sagte Kremlsprecher Dmitri Peskow", "sagte er"."""
        rest = masked[at:]
        window_len = re.search(r"[,.;:!?]|$", rest).start()
        window = rest[:window_len]
        lead = window.lstrip()
        lo = base + at + (len(window) - len(lead))
        hi = base + at + window_len
        if PRONOUN.match(lead):
            sp = self._person_before(lo)
            return _Speaker(lead.split()[0], lo, lo + len(lead.split()[0]), sp.entity_id if sp else None) if sp else None
        words = lead.split()
        persons = self._mentions_in(lo, hi)
        if persons and persons[0].start - lo < 60:
            m = persons[0]
            if ROLE.search(m.text) and " " not in m.text.strip() and not any(" " in p.text for p in persons):
                # a bare role ("der Präsident"): the person introduced with that role before wins over
                # the entities stage's binding, which may pick another holder of the title
                sp = self._person_before(lo, role=m.text)
                phrase = self.text[lo : m.end]
                return _Speaker(phrase, lo, m.end, sp.entity_id if sp else m.entity_id)
            # a bound role mention ("der Kanzler" -> Scholz) or a name; prefer a name right after a role
            named = next((p for p in persons if " " in p.text or p.text[:1].isupper() and not ROLE.search(p.text)), m)
            return _Speaker(self.text[lo : named.end].strip() if named.start - lo < 40 else named.text, lo, named.end, named.entity_id)
        # a subject phrase that ends in an organisation's name: "berichtete Nordkoreas staatliche Nachrichtenagentur
        # KCNA", "meldete die amtliche Agentur Tass" (genitive, adjectives and a head noun before the name)
        named_orgs = self._mentions_in(lo, hi, labels=("ORG",))
        if named_orgs and named_orgs[0].start > lo:
            head = re.fullmatch(
                r"(?:(?:der|die|das)\s+)?(?:[A-ZÄÖÜ][\w\-]*s\s+)?(?:[a-zäöüß][\w\-]*e[nrs]?\s+)*(?P<noun>[A-ZÄÖÜ][\w\-]+\s+)?",
                self.text[lo : named_orgs[0].start],
            )
            if head and not (head.group("noun") and ROLE.search(head.group("noun").strip())):
                return _Speaker(self.text[lo : named_orgs[0].end], lo, named_orgs[0].end, named_orgs[0].entity_id)
        if words and words[0] in ("ein", "eine"):  # "sagte ein Sprecher der Stadtverwaltung": a new, unnamed speaker
            return self._indefinite_speaker(lead, lo)
        if words and words[0] in ("der", "die", "das"):  # a nominative subject; "lobte den …" has none here
            phrase = re.match(
                rf"{ARTICLE}\s+(?:[a-zäöüß\-]+e[nrs]?\s+)*(?P<noun>[A-ZÄÖÜ][\w\-]+)"
                rf"(?:\s+(?:in|von|des|der|aus)\s+(?:(?!{ARTICLE}\s)[a-zäöüß]+e[nrs]?\s+)*[A-ZÄÖÜ][\w\-]+)?",  # not "in der Nacht"
                lead,
            )
            if not phrase:
                return None
            noun = phrase.group("noun")
            if ROLE.search(noun):
                # apposition: "der Sprecher des Frontabschnitts "Taurien", Olexander Schtupun,"
                after = base + at + window_len
                appo = re.match(r"\s*,\s*", self.text[after:])
                if appo:
                    nxt = self._mentions_in(after, after + appo.end() + 40)
                    if nxt and nxt[0].start <= after + appo.end() + 1:
                        return _Speaker(nxt[0].text, nxt[0].start, nxt[0].end, nxt[0].entity_id)
                sp = self._person_before(lo, role=noun)
                return _Speaker(phrase.group(0), lo, lo + phrase.end(), sp.entity_id if sp else None)
            end = self._run_on(lo, lo + phrase.end())
            orgs = self._mentions_in(lo, end + 1, labels=("ORG", "LOC", "MISC"))
            return _Speaker(self.text[lo:end], lo, end, orgs[0].entity_id if orgs else None)
        orgs = self._mentions_in(lo, hi, labels=("ORG",)) or self._mentions_in(lo, hi, labels=("LOC",))
        if orgs and orgs[0].start - lo < 3:
            return _Speaker(orgs[0].text, orgs[0].start, orgs[0].end, orgs[0].entity_id)
        if not self.doc.mentions:
            name = NAME_FALLBACK.match(lead)
            if name:
                return _Speaker(name.group(0), lo, lo + name.end(), None)
        return None

    def _speaker_before(self, masked: str, base: int, at: int) -> _Speaker | None:
        """The subject before the cue: "Putin erklärte", "Der frühere Präsident Donald Trump schrieb"."""
        lo, hi = base, base + at
        persons = self._mentions_in(lo, hi)
        if persons:
            # the name, not the role in front of it: "Frankreichs Präsident Emmanuel Macron sagte"
            named = [p for p in persons if not (ROLE.search(p.text) and " " not in p.text.strip())]
            m = named[0] if named and named[0].start - persons[0].end <= 2 else persons[0]
            return _Speaker(m.text, m.start, m.end, m.entity_id)
        head = masked[:at].strip()
        first = head.split()[0] if head.split() else ""
        if first in ("Ein", "Eine", "ein", "eine"):  # "Ein Sprecher des DWD sagte, …"
            start = base + masked.index(head)
            return self._indefinite_speaker(head, start)
        if re.fullmatch(r"(?i:er|sie)", first):
            sp = self._person_before(base)
            return _Speaker(first, base, base + len(first), sp.entity_id) if sp else None
        inst = re.match(rf"(?i:{ARTICLE})\s+(?:[a-zäöüß\-]+e[nrs]?\s+)*(?P<noun>[A-ZÄÖÜ][\w\-]+)(?:\s+(?:in|von)\s+[A-ZÄÖÜ][\w\-]+)?", head)
        if inst and not ROLE.search(inst.group("noun")):
            start = base + masked.index(inst.group(0))
            end = self._run_on(start, start + inst.end())
            orgs = self._mentions_in(start, end + 1, labels=("ORG", "LOC"))
            if not orgs and inst.group(0).count(" ") == 1:  # "Das Ministerium erklärte": named before
                back = self._org_before(start, inst.group("noun"))
                orgs = [back] if back else []
            return _Speaker(self.text[start:end], start, end, orgs[0].entity_id if orgs else None)
        if inst:
            sp = self._person_before(base, role=inst.group("noun"))
            start = base + masked.index(inst.group(0))
            return _Speaker(inst.group(0), start, start + inst.end(), sp.entity_id if sp else None)
        orgs = self._mentions_in(lo, hi, labels=("ORG",))
        if orgs:
            return _Speaker(orgs[0].text, orgs[0].start, orgs[0].end, orgs[0].entity_id)
        # a country as the subject, first in its clause: "Russland hat bestätigt, dass …" (its government speaks);
        # "In Russland sagte man" has no such subject
        places = self._mentions_in(lo, hi, labels=("LOC",))
        if places and head and self.text[places[0].start : places[0].end] == head.split()[0] and masked[: places[0].start - lo].strip() == "":
            return _Speaker(places[0].text, places[0].start, places[0].end, places[0].entity_id)
        if not self.doc.mentions:
            name = NAME_FALLBACK.search(head)
            if name:
                start = base + masked.index(name.group(0))
                return _Speaker(name.group(0), start, start + len(name.group(0)), None)
        return None

    def _indefinite_speaker(self, lead: str, lo: int) -> _Speaker | None:
        """"ein Sprecher der Stadtverwaltung", "eine Sprecherin des Landkreises": someone not named before,
        so no person is looked up; the organisation named in the phrase, if any, gives the id."""
        phrase = re.match(
            r"(?i:ein|eine)\s+(?:[a-zäöüß\-]+e[nrs]?\s+)*(?P<noun>[A-ZÄÖÜ][\w\-]+)"
            r"(?:\s+(?:in|von|des|der|aus)\s+(?:[a-zäöüß]+e[nrs]?\s+)*[A-ZÄÖÜ][\w\-]+(?:\s+[A-ZÄÖÜ][\w\-]+)?)?",
            lead,
        )
        if not phrase:
            return None
        end = self._run_on(lo, lo + phrase.end())
        orgs = self._mentions_in(lo, end + 1, labels=("ORG", "LOC"))
        return _Speaker(self.text[lo:end], lo, end, orgs[0].entity_id if orgs else None)

    def _run_on(self, start: int, end: int) -> int:
        """End of a speaker phrase that stops inside a name: "Die IG" of "Die IG Metall", "Die Deutsche"
        of "Die Deutsche Bahn" run on to the end of the entity mention they cut."""
        cut = [m for m in self.mentions if start <= m.start < end < m.end and m.label in ("ORG", "LOC", "PER", "MISC")]
        return max(m.end for m in cut) if cut else end

    def attribution(self, lo: int, hi: int, near: int) -> tuple[_Speaker | None, str | None]:
        """Speaker and cue for a frame ``text[lo:hi]``; the cue nearest to ``near`` wins."""
        masked = _mask(self.text, self.spans, lo, hi)
        cues = list(CUE.finditer(masked))
        for cue in sorted(cues, key=lambda c: abs(lo + c.start() - near)):
            word = cue.group(0).strip()
            if word.lower().startswith("nach "):
                # "Nach seinen Worten gelten 40 Menschen als vermisst": the possessive points back to a person
                sp = self._person_before(lo + cue.start())
                if sp is not None:
                    return sp, " ".join(word.split())
                continue
            speaker = self._speaker_after(masked, lo, cue.end())
            if speaker is None:
                # subject of the cue's own clause first, then of the whole sentence
                clause_start = max(masked.rfind(",", 0, cue.start()), masked.rfind(";", 0, cue.start())) + 1
                speaker = self._speaker_before(masked[clause_start:], lo + clause_start, cue.start() - clause_start)
                if speaker is None and clause_start:
                    speaker = self._speaker_before(masked, lo, cue.start())
            if speaker is not None:
                particle = re.search(r"\b(mit|hinzu|an|ein|hervor|zurück)\s*[.,;:]", masked[cue.end() :])
                cue_text = f"{word} ... {particle.group(1)}" if particle and word in ("teilte", "teilt", "fügte", "fügt", "gab", "gibt", "hob", "hebt", "kündigte", "räumte") else word
                return speaker, cue_text
        return None, None

    # --- quotes ----------------------------------------------------------------------------
    def direct(self) -> list[Quote]:
        out: list[Quote] = []
        by_sentence: dict[int, Quote] = {}
        for span in self.spans:
            body = self.text[span.start : span.end]
            if len(body.split()) < 2 or NOT_A_QUOTE_BEFORE.search(self.text[max(0, span.open_at - 40) : span.open_at]):
                continue
            first = self._sentence_at(span.open_at)
            last = self._sentence_at(max(span.close_at, span.open_at))
            lo, hi = first.start, max(last.end, span.close_at + 1)
            # the attribution may follow the closing mark in the same sentence ("…", sagte er.)
            speaker, cue = self.attribution(lo, hi, span.close_at)
            before = self.text[lo : span.open_at].rstrip()
            if speaker is None and before.endswith(":"):
                speaker, cue = self._colon_speaker(lo, span.open_at)
            if speaker is None:
                prev = [q for i, q in by_sentence.items() if first.index - 2 <= i < first.index or i == first.index]
                same_para = [q for q in prev if q.speaker and self._sentence_by_index(q.sentence).segment == first.segment]
                if same_para:
                    q = same_para[-1]
                    speaker = _Speaker(q.speaker, q.speaker_start, q.speaker_end, q.speaker_entity_id)
            if speaker is None and first.index > 0:
                # the speaker named in the sentence before ("Putin erklärte dazu:" / "…, sagte der Kanzler. Aber: „…“")
                prev_sentence = self._sentence_by_index(first.index - 1)
                if prev_sentence.segment == first.segment:
                    speaker, cue = self.attribution(prev_sentence.start, prev_sentence.end, prev_sentence.end)
            if speaker is None:
                continue
            at_start = not before or before.endswith(":")
            quote = Quote(
                start=span.start, end=span.end, text=body, kind="direct" if at_start else "partial",
                speaker=speaker.text, speaker_entity_id=speaker.entity_id, speaker_start=speaker.start,
                speaker_end=speaker.end, cue=cue, sentence=first.index,
            )
            out.append(quote)
            by_sentence[last.index] = quote
        return out

    def _sentence_by_index(self, index: int | None) -> Sentence:
        return self.sentences[index] if index is not None and 0 <= index < len(self.sentences) else self.sentences[0]

    def _colon_speaker(self, lo: int, colon: int) -> tuple[_Speaker | None, str | None]:
        """"Kremlberater Juri Uschakow wies die Äußerung zurück: „…“": the subject before the colon."""
        persons = self._mentions_in(lo, colon)
        if persons:
            m = persons[0]
            return _Speaker(m.text, m.start, m.end, m.entity_id), ":"
        masked = _mask(self.text, self.spans, lo, colon)
        if not self.doc.mentions:
            name = NAME_FALLBACK.search(masked)
            if name:
                return _Speaker(name.group(0), lo + name.start(), lo + name.end(), None), ":"
        return None, None

    def indirect(self, direct: list[Quote]) -> list[Quote]:
        out: list[Quote] = []
        for s in self.sentences:
            masked = _mask(self.text, self.spans, s.start, s.end)
            if masked.strip() != self.text[s.start : s.end].strip() and any(
                s.start <= q.start < s.end and q.kind == "direct" for q in direct
            ):
                continue  # the sentence is a direct quote with its attribution
            for cue in CUE.finditer(masked):
                # A: cue ..., [dass] <Konjunktiv clause>
                comma = masked.find(",", cue.end())
                dass_clause = comma != -1 and re.match(r",\s*dass\b", masked[comma:]) is not None and comma - cue.end() < 60
                konj = KONJUNKTIV.search(masked[comma:]) or KONJ_AFTER_PRONOUN.match(masked[comma + 1 :])
                if comma != -1 and (dass_clause or konj and not KONJUNKTIV.search(masked[cue.end() : comma])):
                    msg_lo = comma + 1 + (len(masked[comma + 1 :]) - len(masked[comma + 1 :].lstrip()))
                    msg_hi = len(masked.rstrip().rstrip("."))
                    clause = masked[:comma]
                    speaker = self._speaker_after(clause, s.start, cue.end()) or self._speaker_before(clause, s.start, cue.start())
                # C: "Wie der Abgeordnete Lee sagte, will Pjöngjang …": the main clause after the comma is what the
                # subject of the wie-clause said, whatever its mood (an "according to" inside it is his source)
                elif re.match(r"\s*[Ww]ie\s", masked) and re.match(r"\s*(?:hinzu|mit|an)?\s*,", masked[cue.end() :]) and "," not in masked[: cue.start()]:
                    comma = masked.find(",", cue.end())
                    msg_lo = comma + 1 + (len(masked[comma + 1 :]) - len(masked[comma + 1 :].lstrip()))
                    msg_hi = len(masked.rstrip().rstrip("."))
                    start_wie = masked.index("ie") + 2
                    speaker = self._speaker_before(masked[start_wie:], s.start + start_wie, cue.start() - start_wie)
                    subject = masked[start_wie : cue.start()].strip()
                    if speaker is not None and subject.endswith(speaker.text) and len(subject.split()) <= 5:
                        # the whole subject as written, "der Abgeordnete Lee", as the claims stage names the source
                        lo_subj = s.start + masked.index(subject, start_wie)
                        speaker = _Speaker(subject, lo_subj, lo_subj + len(subject), speaker.entity_id)
                # B: <Konjunktiv clause>, cue speaker. An indicative main clause before a plain speech verb is
                # reported too ("Die EU betreibe Piraterie, sagte er": not every Konjunktiv I is in our list)
                elif masked[: cue.start()].rstrip().endswith(",") and (
                        KONJUNKTIV.search(masked[: cue.start()]) or SPEECH_VERB.match(cue.group(0).strip())
                        and self._one_clause(masked[: cue.start()]) and len(masked[: cue.start()].split()) >= 4 and not re.search(r"[„“”\"»«]", masked[: cue.start()])
                        and self._speaker_after(masked, s.start, cue.end())):
                    msg_lo, msg_hi = 0, len(masked[: cue.start()].rstrip().rstrip(","))
                    speaker = self._speaker_after(masked, s.start, cue.end())
                else:
                    continue
                if speaker is None or msg_hi - msg_lo < 10:
                    break
                body = self.text[s.start + msg_lo : s.start + msg_hi]
                out.append(Quote(
                    start=s.start + msg_lo, end=s.start + msg_hi, text=body, kind="indirect", speaker=speaker.text,
                    speaker_entity_id=speaker.entity_id, speaker_start=speaker.start, speaker_end=speaker.end,
                    cue=cue.group(0).strip(), sentence=s.index,
                ))
                break
            else:
                according = self._according_to(s, masked, self._quote_before(direct + out, s))
                if according is not None:
                    out.append(according)
        out += self._pointing_back(direct + out)
        out += self._continuations(direct + out)
        return out

    @staticmethod
    def _one_clause(head: str) -> bool:
        """A main clause before ", sagte X": one comma (its own), or a zu-infinitive set off by a second one
        ("Die Einheiten versuchten, einen Angriff abzuwehren, erklärte der Bürgermeister")."""
        parts = head.rstrip().rstrip(",").split(",")
        if len(parts) == 1:
            return True
        return len(parts) == 2 and re.search(r"(?:\bzu\s+[a-zäöüß]+|[a-zäöüß]+zu[a-zäöüß]+)(?:en|ern|eln)\s*$", parts[1]) is not None

    def _sentences_of(self, q: Quote) -> range:
        return range(self._sentence_at(q.start).index, self._sentence_at(max(q.start, q.end - 1)).index + 1)

    def _quote_before(self, quotes: list[Quote], s: Sentence) -> Quote | None:
        """The last quote with a speaker in this sentence or the one before it, in the same paragraph."""
        near = [q for q in quotes if q.speaker and q.start < s.end and any(
            i in (s.index - 1, s.index) and self._sentence_by_index(i).segment == s.segment for i in self._sentences_of(q))]
        return max(near, key=lambda q: q.start) if near else None

    def _pointing_back(self, quotes: list[Quote]) -> list[Quote]:
        """"Auf Deutschland könnten höhere Kosten zukommen. Das hat Burkhard Meißner … ausgeführt.": the sentence
        before, if it has no quote of its own, is what the subject of the pointing sentence said."""
        out: list[Quote] = []
        quoted = {i for q in quotes for i in self._sentences_of(q)}
        for s in self.sentences:
            masked = _mask(self.text, self.spans, s.start, s.end)
            m = POINTING_BACK.match(masked)
            if not m or s.index == 0 or s.index - 1 in quoted:
                continue
            prev = self._sentence_by_index(s.index - 1)
            if prev.segment != s.segment:
                continue
            speaker = self._speaker_after(masked[: m.end("rest")], s.start, m.start("rest"))
            body = self.text[prev.start : prev.end].strip().rstrip(".!")
            if speaker is None or len(body.split()) < 4 or "\n" in body:
                continue
            lo = self.text.index(body, prev.start)
            out.append(Quote(start=lo, end=lo + len(body), text=body, kind="indirect", speaker=speaker.text,
                             speaker_entity_id=speaker.entity_id, speaker_start=speaker.start, speaker_end=speaker.end,
                             cue=m.group("verb"), sentence=prev.index))
        return out

    def _continuations(self, quotes: list[Quote]) -> list[Quote]:
        """Reported speech that goes on without a cue: a sentence whose main clause is in Konjunktiv ("Er wolle
        eine Lösung.", "Die Luftabwehr sei im Einsatz.") continues the quote of the sentence before it (or, failing
        that, the report of a speaker named with a reporting verb there), or leads into an indirect quote of the next
        sentence whose cue follows its clause ("… sei Thema gewesen. Trudeau habe …, so Selenskyj."). Same paragraph only."""
        by_sentence: dict[int, list[Quote]] = {}
        for q in quotes:
            for i in self._sentences_of(q):
                by_sentence.setdefault(i, []).append(q)
        candidates: list[Sentence] = []
        for s in self.sentences:
            if any(q.kind in ("direct", "indirect") for q in by_sentence.get(s.index, [])):
                continue
            masked = _mask(self.text, self.spans, s.start, s.end)
            if not masked.strip() or "\n" in masked.strip() or SUBORDINATE_START.match(masked) or masked.rstrip().endswith("?"):
                continue
            main = masked.split(",")[0]
            # "sollten", "gingen" read as past tense too ("Sie sollten eine Summe bereitstellen" in a narrated experiment)
            k = next((k for k in KONJUNKTIV.finditer(main) if k.group(0) not in ("sollten", "gingen")), None)
            if k is None or len(main[: k.start()].split()) > 7 or CUE.search(masked):
                continue
            candidates.append(s)
        out: list[Quote] = []

        def add(s: Sentence, sp: _Speaker) -> None:
            body = self.text[s.start : s.end].strip().rstrip(".!;")
            if len(body.split()) < 3:
                return
            lo = self.text.index(body, s.start)
            q = Quote(start=lo, end=lo + len(body), text=body, kind="indirect", speaker=sp.text, speaker_entity_id=sp.entity_id,
                      speaker_start=sp.start, speaker_end=sp.end, cue=None, sentence=s.index)
            out.append(q)
            by_sentence.setdefault(s.index, []).append(q)

        def same_para(i: int, s: Sentence) -> bool:
            return 0 <= i < len(self.sentences) and self._sentence_by_index(i).segment == s.segment

        done: set[int] = set()
        for s in candidates:  # forward: the speaker of the sentence before
            if not same_para(s.index - 1, s):
                continue
            prev = [q for q in by_sentence.get(s.index - 1, []) if q.speaker]
            if prev:
                q = max(prev, key=lambda q: q.start)
                sp = _Speaker(q.speaker, q.speaker_start, q.speaker_end, q.speaker_entity_id)
                if re.match(r"\s*Er\s", self.text[s.start : s.end]) and not (q.speaker_entity_id or "").startswith("per:") \
                        and not PRONOUN.match(q.speaker or ""):
                    continue  # "Er habe …" after an organisation's report is someone else's statement, reported further
            else:
                ps = self._sentence_by_index(s.index - 1)
                sp, _ = self.attribution(ps.start, ps.end, ps.end)
            if sp is not None:
                add(s, sp)
                done.add(s.index)
        for s in reversed(candidates):  # backward: an indirect quote right after whose cue follows its clause
            if s.index in done or not same_para(s.index + 1, s):
                continue
            nxt = self._sentence_by_index(s.index + 1)
            after = [q for q in by_sentence.get(s.index + 1, []) if q.kind == "indirect" and q.speaker and q.start <= nxt.start + 1
                     and (q.cue is None or q.speaker_start is not None and q.speaker_start > q.end)]
            if after:
                q = after[0]
                add(s, _Speaker(q.speaker, q.speaker_start, q.speaker_end, q.speaker_entity_id))
        return out

    def _according_to(self, s: Sentence, masked: str, before_quote: Quote | None = None) -> Quote | None:
        """"Nach Angaben der Polizei wurden …", "Laut Ministerium …", "Den Behörden zufolge …"; "Ihm zufolge …"
        after a quote is that quote's speaker."""
        for pattern in ACCORDING_TO:
            m = pattern.search(masked)
            if m and re.fullmatch(r"Ihm|Ihr|Ihnen", m.group("src")) and before_quote is not None:
                q = before_quote
                pron_lo = s.start + m.start("src")
                body = self.text[s.start + m.end() : s.start + len(masked.rstrip().rstrip(".;:!?"))].strip(" ,")
                if len(body.split()) < 3:
                    return None
                lo = self.text.index(body, s.start + m.end())
                # a named antecedent keeps the pronoun as written; an unnamed one ("der Gouverneur der Region") is the speaker
                sp = (m.group("src"), pron_lo, pron_lo + len(m.group("src"))) if q.speaker_entity_id else (q.speaker, q.speaker_start, q.speaker_end)
                return Quote(start=lo, end=lo + len(body), text=body, kind="indirect", speaker=sp[0], speaker_entity_id=q.speaker_entity_id,
                             speaker_start=sp[1], speaker_end=sp[2], cue="zufolge", sentence=s.index)
            if not m or PRONOUN_NP.match(m.group("src")):
                continue
            src_lo = s.start + m.start("src")
            src_hi = self._run_on(src_lo, s.start + m.end("src"))  # "des Krisenstabs in Bad" + "Kreuznach"
            src_text = self.text[src_lo:src_hi]
            glued = False
            if not re.match(r"(?i:der|die|das|des|dem|den)\b", src_text):
                # a bare noun phrase starts at the name it ends in: "Klimawandel Meteorologen zufolge" is a
                # sub-headline glued to the sentence, the source is "Meteorologen"
                named = self._mentions_in(src_lo, src_hi, labels=("PER", "ORG", "LOC", "MISC"))
                tail = [x for x in named if x.end == src_hi and x.label != "MISC"]
                words = list(re.finditer(r"\S+", src_text))
                if tail and tail[0].start > src_lo:
                    src_lo, src_text, glued = tail[0].start, self.text[tail[0].start : src_hi], True
                elif not named and len(words) >= 2 and all(w.group()[:1].isupper() for w in words):
                    # two bare common nouns side by side are no German noun phrase (a name would be a
                    # mention: "Kanzler Merz"): the last one is the source ("Meteorologen")
                    src_lo += words[-1].start()
                    src_text, glued = words[-1].group(), True
            before, after = masked[: m.start()].strip(" ,"), masked[m.end() :].strip(" ,.;:!?")
            if glued:  # what stands before the source is the glued sub-headline
                lo, hi = m.end(), len(masked.rstrip().rstrip(".;:!?"))
            elif len(before.split()) >= 2 and len(after.split()) >= 2:
                # in the middle ("Vor den Häfen lagen nach Angaben der Hafenbehörde 30 Schiffe"): the whole sentence
                lo, hi = 0, len(masked.rstrip().rstrip(".;:!?"))
            else:
                lo, hi = (m.end(), len(masked.rstrip().rstrip(".;:!?"))) if len(after) >= len(before) else (0, m.start())
            body = self.text[s.start + lo : s.start + hi].strip(" ,")
            body = re.sub(r"^[A-ZÄÖÜ][A-ZÄÖÜ/\- ]+\([^)]*\)\s*[-–]\s*", "", body)  # dateline "KIEW (dpa-AFX) - "
            if len(body.split()) < 3:
                return None
            lo = self.text.index(body, s.start + lo)  # an offset into the whole text
            mentions = self._mentions_in(src_lo, src_hi, labels=("PER",)) or self._mentions_in(src_lo, src_hi, labels=("ORG", "LOC"))
            entity_id = mentions[0].entity_id if mentions else self._country_of(src_text)
            return Quote(
                start=lo, end=lo + len(body), text=body, kind="indirect", speaker=src_text,
                speaker_entity_id=entity_id, speaker_start=src_lo, speaker_end=src_hi,
                cue=" ".join(m.group(0)[: m.start("src") - m.start()].split()) or "zufolge", sentence=s.index,
            )
        return None


def find_quotes(doc: Document) -> list[Quote]:
    finder = QuoteFinder(doc)
    direct = finder.direct()
    return sorted(direct + finder.indirect(direct), key=lambda q: q.start)


@register_stage("quotes", reads=("text", "sentences", "mentions"), writes=("quotes",))
class QuotesStage:
    def __init__(self, settings: Settings):
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        return doc.model_copy(update={"quotes": find_quotes(doc)})
