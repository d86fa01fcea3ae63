"""Claim tracking: numeric claims about the same quantity, across documents, side by side.

Grouping: two claims belong together when their ``key`` is equal, or when their counted
thing (unit stem + subject stem) is the same and their events are compatible (one event
class: "entsenden", "eintreffen", "stationieren" all mean *deployed*). Subjects that mark a
subset or an increment ("weitere", "dieser", "zusätzliche") keep their own group.

Readings, in report order (report time, then the time the figure refers to):
- first: the first figure of the group;
- update: a later figure that differs (later reference time, or the same reference time
  reported later - a revision, e.g. 13 -> 15 injured);
- consistent: the intervals overlap under the qualifiers ("mehr als 10.000" = (10000, inf),
  "rund 15.000" = 15000 +-10 %), or a figure for an earlier time that does not clash;
- contradiction: incompatible intervals for the same reference time from different
  sources, or within the same report time.
Each reading stores its reasoning in words.
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass

import Stemmer

from lagebild.document import Claim, Document
from lagebild.story import ClaimGroup, ClaimReading, ClaimRef

_STEM = Stemmer.Stemmer("german")
APPROX = ("rund", "etwa", "ungefähr", "circa", "ca.", "schätzungsweise", "annähernd", "durchschnittlich", "gut")
LOWER_BOUND_OPEN = ("mehr als", "über", "gut über")
LOWER_BOUND = ("mindestens", "wenigstens", "bereits über")
UPPER_BOUND_OPEN = ("weniger als", "unter")
UPPER_BOUND = ("bis zu", "höchstens", "maximal", "knapp")
APPROX_SHARE = 0.10
EVENT_CLASSES = {
    "deployed": ("entsenden", "schicken", "senden", "eintreffen", "ankommen", "stationieren", "einsetzen",
                 "verlegen", "kämpfen", "entsandt", "eingetroffen", "stationiert", "eingesetzt"),
    "killed": ("töten", "sterben", "umkommen", "fallen", "getötet", "gestorben", "ums leben kommen", "tot"),
    "injured": ("verletzen", "verwunden", "verletzt", "verwundet"),
    "evacuated": ("evakuieren", "evakuiert", "in sicherheit bringen", "räumen"),
    "missing": ("vermissen", "vermisst"),
}
_EVENT_OF = {lemma: cls for cls, lemmas in EVENT_CLASSES.items() for lemma in lemmas}
_EVENT_STEMS = {_STEM.stemWord(w) for lemmas in EVENT_CLASSES.values() for lemma in lemmas for w in lemma.split()}
FIGHTER_UNITS = ("soldat", "kampf", "trupp")  # stems of counted fighters
SUBSET_MARKERS = ("weitere", "weiteren", "dieser", "davon", "zusätzliche", "zusätzlichen")


def interval(claim: Claim) -> tuple[float, float, bool, bool]:
    """(low, high, low_open, high_open) that the claim asserts, under its qualifier."""
    q = (claim.qualifier or "").lower()
    v, hi = claim.value, claim.value_high
    if hi is not None and claim.relation == "range":
        return (min(v, hi), max(v, hi), False, False)
    if any(w in q for w in LOWER_BOUND_OPEN):
        return (v, math.inf, True, False)
    if any(w in q for w in LOWER_BOUND):
        return (v, math.inf, False, False)
    if any(w in q for w in UPPER_BOUND_OPEN):
        return (0.0, v, False, True)
    if any(re.search(rf"\b{re.escape(w)}\b", q) for w in UPPER_BOUND):
        return (0.0, v, False, False)
    if any(w in q for w in APPROX):
        return (v * (1 - APPROX_SHARE), v * (1 + APPROX_SHARE), False, False)
    return (v, v, False, False)


def overlaps(a: tuple, b: tuple) -> bool:
    lo = max(a[0], b[0])
    hi = min(a[1], b[1])
    if lo < hi:
        return True
    if lo > hi:
        return False
    return _holds(a, lo) and _holds(b, lo)  # they touch in one point: is it inside both?


def _holds(iv: tuple, x: float) -> bool:
    low, high, low_open, high_open = iv
    return (x > low or (x == low and not low_open)) and (x < high or (x == high and not high_open))


def contains(iv: tuple, x: float) -> bool:
    return overlaps(iv, (x, x, False, False))


def describe(claim: Claim) -> str:
    lo, hi, lo_open, hi_open = interval(claim)
    fmt = lambda x: f"{x:,.0f}".replace(",", ".") if x == int(x) else f"{x:g}"  # noqa: E731
    if hi == math.inf:
        span = f"{'>' if lo_open else '≥'} {fmt(lo)}"
    elif lo == 0.0 and claim.value != 0:
        span = f"{'<' if hi_open else '≤'} {fmt(hi)}"
    elif lo == hi:
        span = fmt(lo)
    else:
        span = f"{fmt(lo)}–{fmt(hi)}"
    return f"{claim.qualifier + ' ' if claim.qualifier else ''}{fmt(claim.value)} ({span})"


def _stems(text: str | None) -> str:
    if not text:
        return ""
    return " ".join(sorted(_STEM.stemWord(w) for w in re.findall(r"\w+", text.lower())))


def event_class(event: str | None) -> str:
    if not event:
        return ""
    e = event.lower().strip()
    return _EVENT_OF.get(e, _STEM.stemWord(e))


# words for "people" as the counted thing: "320 Bewohner" and "mehr als 300 Menschen" evacuated
# from one town count the same people (gold claim_groups: Rostow). Soldiers stay apart.
PEOPLE_UNITS = frozenset(_STEM.stemWord(w.lower()) for w in (
    "Menschen", "Personen", "Bewohner", "Einwohner", "Anwohner", "Leute", "Bürger", "Zivilisten"))
# a nominalised participle names the people and the event at once: "die Zahl der Verletzten stieg
# auf 15" counts injured people like "13 Menschen wurden verletzt" (gold: Charkiw 13 -> 15)
PEOPLE_BY_EVENT = {
    "injured": ("Verletzte", "Verletzten", "Verwundete", "Verwundeten", "Schwerverletzte", "Schwerverletzten"),
    "killed": ("Tote", "Toten", "Todesopfer", "Getötete", "Getöteten", "Opfer"),
    "missing": ("Vermisste", "Vermissten"),
    "evacuated": ("Evakuierte", "Evakuierten"),
}
_EVENT_OF_UNIT = {_STEM.stemWord(w.lower()): cls for cls, words in PEOPLE_BY_EVENT.items() for w in words}
# verbs that say how a count changed, not what was counted ("stieg auf 15", "kletterte auf 40")
CHANGE_VERBS = frozenset(("steigen", "ansteigen", "klettern", "wachsen", "sinken", "fallen auf", "erhöhen",
                          "gestiegen", "angestiegen", "gesunken", "erhöht"))


def quantity_key(claim: Claim) -> str:
    """Derived key: unit stem | subject stems | event class (subset markers keep the raw event).
    Words for people are one counted thing, "person" (see PEOPLE_UNITS, PEOPLE_BY_EVENT)."""
    subject = (claim.subject or "").lower()
    subset = any(re.search(rf"\b{m}\b", subject) for m in SUBSET_MARKERS)
    raw_event = (claim.event or "").lower().strip()
    event = _STEM.stemWord(raw_event) if (subset and raw_event) else event_class(claim.event)
    unit = _stems(claim.unit)
    if not subset:
        named = _EVENT_OF_UNIT.get(unit)
        if named is not None and (not raw_event or raw_event in CHANGE_VERBS or event == named):
            unit, event = "person", named
        elif unit in PEOPLE_UNITS:
            unit = "person"
    subj = _stems(claim.subject)
    return f"{unit}|{subj}|{event}" + ("|teilmenge" if subset else "")


def same_quantity(a: Claim, b: Claim) -> bool:
    if a.key and b.key and a.key == b.key:
        return True
    ka, kb = quantity_key(a).split("|"), quantity_key(b).split("|")
    if len(ka) != len(kb) or ka[2] != kb[2] or not ka[0] or not kb[0]:
        return False
    if ka[0] != kb[0]:
        return _same_people(ka, kb) or _same_people(kb, ka)
    # subjects: equal, or one side does not say (the counted thing alone carries the key)
    return ka[1] == kb[1] or not ka[1] or not kb[1]


def _same_people(a: list[str], b: list[str]) -> bool:
    """"600 getötete Nordkoreaner" counts the same people as "2.000 getötete nordkoreanische
    Soldaten": a demonym noun as the counted thing (no subject of its own) against fighters
    with that nationality as subject. Civilians ("Menschen") are not matched this way."""
    own_subject = [w for w in a[1].split() if w not in _EVENT_STEMS]  # "getöteten" says the event
    if own_subject or b[0] not in FIGHTER_UNITS or len(a[0]) < 4:
        return False
    return any(word.startswith(a[0]) for word in b[1].split())


@dataclass(frozen=True)
class Period:
    """A reference time as written: "2024", "2024-11", "2024-11-04" -> [start, end) as strings."""

    value: str

    def bounds(self) -> tuple[str, str]:
        v = self.value
        return v, v + "\uffff"  # every finer date under "2024-11" sorts between these

    def relation(self, other: "Period") -> str:
        """"same" if one period contains the other, else "later" / "earlier"."""
        a, b = self.value, other.value
        if a.startswith(b) or b.startswith(a):
            return "same"
        return "later" if a > b else "earlier"


def _source_similar(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    sa, sb = set(_stems(a).split()), set(_stems(b).split())
    return bool(sa & sb)


def _as_of(ref: ClaimRef) -> Period | None:
    if ref.claim.as_of:
        return Period(ref.claim.as_of)
    if ref.time is not None:
        return Period(ref.time.date().isoformat())
    return None


def _order_key(ref: ClaimRef) -> tuple:
    # report time; without one, the figure's own reference time stands in (ISO strings sort);
    # with neither, the figure goes last: it cannot be placed, and must not become the "first"
    when = ref.time.isoformat() if ref.time else (ref.claim.as_of or "\uffff")
    return (when, ref.claim.as_of or "", ref.doc_id, ref.position, ref.claim.start)


def claim_refs(doc: Document, only_entries: set[int] | None = None) -> list[ClaimRef]:
    """The document's claims as ClaimRefs: reported at the time of their liveblog entry, else at
    the document's time. With ``only_entries`` (liveblog entries that belong to a story), only
    the figures of those entries. Liveblog pages list the newest entry first (unless their entry times
    say otherwise), so an entry lower on the page was written earlier: "13 Verletzte" further
    down precedes "auf 15 gestiegen" further up, even when neither entry carries a time."""
    entries = sorted((s for s in doc.segments if s.kind == "liveblog_entry"), key=lambda s: s.start)
    timed = [e.time for e in entries if e.time is not None]
    oldest_first = len(timed) > 1 and sum(b > a for a, b in zip(timed, timed[1:])) > sum(
        b < a for a, b in zip(timed, timed[1:]))
    refs = []
    for c in doc.claims:
        entry = None
        for rank, e in enumerate(entries):
            end = max([e.end, *(s.end for s in doc.segments if s.parent == e.index)])
            if e.start <= c.start < end:
                entry = (rank, e)
                break
        if only_entries is not None and (entry is None or entry[1].index not in only_entries):
            continue
        when, position = doc.meta.published, 0
        if entry is not None:
            rank, e = entry
            when = e.time or when
            position = rank if oldest_first else -rank
        refs.append(ClaimRef(doc_id=doc.id, claim=c, time=when, position=position))
    return refs


def read(new: ClaimRef, old: ClaimRef) -> tuple[str, str]:
    """The reading of ``new`` against the earlier ``old``, with its reasoning."""
    a, b = new.claim, old.claim
    iv_new, iv_old = interval(a), interval(b)
    p_new, p_old = _as_of(new), _as_of(old)
    rel = p_new.relation(p_old) if p_new and p_old else "unknown"
    later_report = new.time is not None and old.time is not None and (
        new.time > old.time
        # entries of one liveblog page without times of their own: their place on the page
        or (new.time == old.time and new.doc_id == old.doc_id and new.position > old.position))
    same_source = _source_similar(a.source, b.source)
    src = "same or similar source" if same_source else (
        f"different source ({a.source or 'unattributed'} vs {b.source or 'unattributed'})")
    both = f"{describe(a)} as of {p_new.value if p_new else '?'} vs earlier {describe(b)} as of {p_old.value if p_old else '?'}"
    fits = overlaps(iv_new, iv_old)
    if rel == "later":
        if a.value == b.value and fits:
            return "consistent", f"{both}: same figure repeated for a later time"
        return "update", f"{both}: a later reference time, so the newer figure updates the older ({src})"
    if rel == "unknown":
        if fits:
            return "consistent", f"{both}: reference time unknown for one of them; the ranges overlap"
        return "update", (f"{both}: the ranges do not overlap, but one figure has no known reference time, so "
                          "this is read as a change over time, not a contradiction - check the dates")
    if rel == "earlier":
        if fits:
            return "consistent", f"{both}: refers to an earlier time and fits the earlier report's range"
        return "update", f"{both}: refers to an earlier time than the figure it follows; no clash at one time"
    # same reference time
    if (a.event or "").lower() in CHANGE_VERBS and a.value != b.value and not (new.time and old.time and new.time < old.time):
        # "die Zahl der Verletzten ist auf 15 gestiegen": the report itself says the count changed
        return "update", f"{both}: the report says the figure changed ('{a.event}') - a revised figure ({src})"
    if iv_new == iv_old:
        return "consistent", f"{both}: the same figure again ({src})"
    if contains(iv_new, b.value) or (fits and not later_report):
        return "consistent", f"{both}: same reference time and the ranges overlap under the qualifiers"
    if later_report and (fits or same_source):
        return "update", f"{both}: same reference time, reported later - a revised figure ({src})"
    if later_report:
        return "contradiction", (f"{both}: same reference time, ranges do not overlap and the {src} - "
                                 "the reports disagree")
    return "contradiction", f"{both}: same reference time and report, but the ranges do not overlap"


def group_label(refs: list[ClaimRef]) -> str:
    c = refs[0].claim
    parts = [p for p in (c.subject, c.unit, c.event) if p]
    return " ".join(parts) or c.text


class ClaimTracker:
    """Incremental: ``add(ref)`` puts a claim into its group; ``groups()`` returns the groups
    with readings recomputed in report order."""

    def __init__(self, story_id: str | None = None):
        self.story_id = story_id
        self._groups: list[list[ClaimRef]] = []

    def add(self, ref: ClaimRef) -> None:
        for members in self._groups:
            if any(same_quantity(ref.claim, m.claim) for m in members):
                members.append(ref)
                return
        self._groups.append([ref])

    def extend(self, refs) -> "ClaimTracker":
        for r in refs:
            self.add(r)
        return self

    def groups(self, min_size: int = 1) -> list[ClaimGroup]:
        out = []
        for members in self._groups:
            if len(members) < min_size:
                continue
            ordered = sorted(members, key=_order_key)
            readings = [ClaimReading(ref=ordered[0], label="first",
                                     reasoning=f"{describe(ordered[0].claim)}: first figure in this group")]
            for i in range(1, len(ordered)):
                label, why = read(ordered[i], ordered[i - 1])
                readings.append(ClaimReading(ref=ordered[i], label=label, compared_to=i - 1, reasoning=why))
            key = ordered[0].claim.key or quantity_key(ordered[0].claim)
            first = ordered[0]
            gid = hashlib.sha256(f"{self.story_id}|{key}|{first.doc_id}|{first.claim.start}".encode()).hexdigest()[:16]
            out.append(ClaimGroup(id=gid, key=key, label=group_label(ordered), readings=readings,
                                  story_id=self.story_id))
        return out


def track_claims(refs, story_id: str | None = None, min_size: int = 1) -> list[ClaimGroup]:
    return ClaimTracker(story_id).extend(refs).groups(min_size)
