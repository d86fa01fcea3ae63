"""Extractive multi-document summary of a story, every sentence with its sources.

Candidates are the sentences of the story's documents (or of its liveblog entries).
Near-identical sentences from several documents are merged into one candidate that cites
all of them. Each candidate is scored by centrality (mean TF-IDF cosine to the other
candidates, over Snowball stems) plus small bonuses for newer information, for sentences
that carry claims, quotes and entities, and for leading sentences; MMR then picks sentences
that score high without repeating each other, up to a number of sentences or characters.
The picked sentences are printed in time order (document / entry time, then position)."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from lagebild.document import Document, Segment
from lagebild.ingest.metadata import PLACE_DATE_LINE
from lagebild.story import Source, StoryMember, Summary, SummarySentence
from lagebild.tell.mmr import mmr_select
from lagebild.tell.text import one_line, stems

NEAR_IDENTICAL = 0.75  # cosine of stem TF-IDF above which two sentences say the same thing
MIN_WORDS = 6
MAX_CHARS = 450
# sentences that lean on the one before ("Das berichtete ...", "Er sagte ...", "Demnach sind ...") read
# badly alone: they are penalised, and picked only right after the sentence they follow in their document
_ANAPHORIC = re.compile(r"^(?:(?:Das|Dies|Es|Er|Sie)\s+[a-zäöüß]|(?:Danach|Dabei|Zudem|Außerdem|Gleichzeitig|"
                        r"Darüber|Dort|Damit|Deshalb|Daher|Zuletzt|Jedoch|Doch|Aber|Und|So|Demnach|Dennoch|"
                        r"Allerdings|Trotzdem|Dies|Diese|Dieser|Dieses|Diesem|Diesen)\b)")
# an agency dateline in front of the first sentence: "KIEW/WLADIWOSTOK (dpa-AFX) - "; a regional one
# ("Bad Kreuznach, 16.10.2025 – ") is metadata.PLACE_DATE_LINE
_DATELINE = re.compile(r"[A-ZÄÖÜ][A-ZÄÖÜ./ -]{1,60}\s*(?:\([^)]{1,30}\)\s*){0,2}[-–—]\s+")
_ENDS_LIKE_SENTENCE = re.compile(r"[.!?][“\"»)]?$|[“\"»]$")


@dataclass
class SummaryOptions:
    sentences: int | None = 6  # at most this many sentences
    chars: int | None = None  # and/or at most this many characters in all
    lam: float = 0.5  # MMR: relevance vs novelty
    max_overlap: float = 0.4  # never pick a sentence this similar to one already picked
    recency_weight: float = 0.15
    claim_weight: float = 0.12
    quote_weight: float = 0.06
    entity_weight: float = 0.12
    lead_weight: float = 0.15
    shared_weight: float = 0.5  # words that several documents of the story use (the story's core)


@dataclass
class Candidate:
    """One sentence of the story (with the near-identical sentences of other documents)."""

    doc_id: str
    start: int
    end: int
    text: str  # whitespace-normalised sentence text
    time: datetime | None
    position: float  # 0.0 = first sentence of its document, 1.0 = last
    claims: int = 0
    quotes: int = 0
    entities: int = 0
    sources: list[Source] = field(default_factory=list)
    order: int = 0  # index in the input order (documents, then sentences)
    # (doc_id, start) of the sentence right before this one in its document, if it is a candidate
    follows: set[tuple[str, int]] = field(default_factory=set)

    @property
    def anaphoric(self) -> bool:
        """Opens with a connective or pronoun that needs the sentence before it."""
        return bool(_ANAPHORIC.match(self.text))

    def sort_key(self) -> tuple:
        t = _utc_naive(self.time) or datetime.max
        return (t, self.order)


def _utc_naive(t: datetime | None) -> datetime | None:
    if t is None or t.tzinfo is None:
        return t
    return t.astimezone(timezone.utc).replace(tzinfo=None)


def sentence_spans(doc: Document) -> list[tuple[int, int]]:
    from lagebild.connect.text import sentence_spans as spans

    return spans(doc)


def _segment_of(doc: Document, start: int) -> Segment | None:
    """The liveblog entry (or outermost segment) a character offset falls in."""
    best = None
    for seg in doc.segments:
        if seg.start <= start < seg.end and (best is None or seg.kind == "liveblog_entry"):
            best = seg
    return best


def _allowed_spans(doc: Document, members: list[StoryMember] | None) -> list[tuple[int, int]] | None:
    """Spans of the liveblog entries that are story members (None: the whole document)."""
    if not members:
        return None
    mine = [m for m in members if m.doc_id == doc.id]
    if not mine or any(m.segment == -1 for m in mine):
        return None
    by_index = {s.index: s for s in doc.segments}
    return [(by_index[m.segment].start, by_index[m.segment].end) for m in mine if m.segment in by_index]


def candidates(docs: list[Document], members: list[StoryMember] | None = None) -> list[Candidate]:
    """Summary-worthy sentences of the documents (titles, fragments and very long runs dropped)."""
    out: list[Candidate] = []
    for doc in docs:
        text = doc.text or doc.original_text
        allowed = _allowed_spans(doc, members)
        spans = sentence_spans(doc)
        skip = [(s.start, s.end) for s in doc.segments if s.kind == "title"]
        for n, (s0, s1) in enumerate(spans):
            if allowed is not None and not any(a0 <= s0 < a1 for a0, a1 in allowed):
                continue
            if any(a0 <= s0 and s1 <= a1 for a0, a1 in skip):
                continue
            raw = text[s0:s1]
            # cite exactly the sentence, without surrounding whitespace or a dateline before it
            lead = len(raw) - len(raw.lstrip())
            s0, s1 = s0 + lead, s0 + len(raw.rstrip())
            dateline = _DATELINE.match(text, s0, s1) or PLACE_DATE_LINE.match(text, s0, s1)
            if dateline:
                s0 = dateline.end()
                s0 += len(text[s0:s1]) - len(text[s0:s1].lstrip())
            sentence = one_line(text[s0:s1])
            if len(sentence.split()) < MIN_WORDS or len(sentence) > MAX_CHARS:
                continue
            if not _ENDS_LIKE_SENTENCE.search(sentence) or not (sentence[0].isupper() or sentence[0].isdigit()
                                                                 or sentence[0] in "„\"»"):
                continue
            prev = out[-1] if out and out[-1].doc_id == doc.id else None
            follows = {(doc.id, prev.start)} if prev is not None and not text[prev.end:s0].strip() else set()
            seg = _segment_of(doc, s0)
            when = seg.time if seg is not None and seg.time is not None else doc.meta.published
            # lead position: within the liveblog entry (each entry is its own little report), else the document
            if seg is not None and seg.kind == "liveblog_entry":
                inside = [k for k, (a, _) in enumerate(spans) if seg.start <= a < seg.end]
                position = inside.index(n) / max(1, len(inside) - 1) if n in inside else 0.5
            else:
                position = n / max(1, len(spans) - 1)
            out.append(Candidate(
                doc_id=doc.id, start=s0, end=s1, text=sentence, time=when, position=position,
                claims=sum(1 for c in doc.claims if s0 <= c.start < s1),
                quotes=sum(1 for q in doc.quotes if q.start < s1 and q.end > s0),
                entities=len({m.entity_id or m.base for m in doc.mentions if s0 <= m.start < s1}),
                sources=[Source(doc_id=doc.id, start=s0, end=s1, text=text[s0:s1])],
                order=len(out), follows=follows,
            ))
    return out


def _analyzer(text: str) -> list[str]:
    return stems(text)


def similarity_matrix(texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, 0))
    try:
        tfidf = TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True).fit_transform(texts)
    except ValueError:  # no content words at all
        return np.eye(len(texts))
    return cosine_similarity(tfidf)


def merge_near_identical(cands: list[Candidate], sim: np.ndarray) -> tuple[list[Candidate], np.ndarray]:
    """One candidate per group of near-identical sentences from different documents; it keeps
    the earliest reported wording and cites every document that carries the sentence."""
    groups: list[list[int]] = []
    assigned: dict[int, int] = {}
    for i in sorted(range(len(cands)), key=lambda k: cands[k].sort_key()):
        for g, members in enumerate(groups):
            if cands[i].doc_id not in {cands[j].doc_id for j in members} and sim[i, members[0]] >= NEAR_IDENTICAL:
                members.append(i)
                assigned[i] = g
                break
        else:
            assigned[i] = len(groups)
            groups.append([i])
    merged = []
    for members in groups:
        head = cands[members[0]]
        for j in members[1:]:
            other = cands[j]
            head.sources.extend(other.sources)
            head.claims = max(head.claims, other.claims)
            head.quotes = max(head.quotes, other.quotes)
            head.entities = max(head.entities, other.entities)
            head.position = min(head.position, other.position)
            head.follows |= other.follows
        merged.append(head)
    keep = [members[0] for members in groups]
    return merged, sim[np.ix_(keep, keep)]


def score(cands: list[Candidate], sim: np.ndarray, opts: SummaryOptions) -> np.ndarray:
    n = len(cands)
    if n == 0:
        return np.zeros(0)
    off = sim - np.eye(n)
    # centrality counts support from other documents double: what several reports say matters
    other_doc = np.array([[1.0 if cands[i].doc_id != cands[j].doc_id else 0.5 for j in range(n)] for i in range(n)])
    central = (off * other_doc).sum(axis=1) / max(1, n - 1)
    central = central / central.max() if central.max() > 0 else central
    # multi-source facts: a merged sentence reported by k documents
    sources = np.array([len({s.doc_id for s in c.sources}) for c in cands], dtype=float)
    times = [_utc_naive(c.time) for c in cands]
    known = [t for t in times if t is not None]
    if known and max(known) > min(known):
        lo, hi = min(known), max(known)
        recency = np.array([((t - lo) / (hi - lo)) if t is not None else 0.5 for t in times])
    else:
        recency = np.full(n, 0.5)
    info = (opts.claim_weight * np.minimum(1, [c.claims for c in cands])
            + opts.quote_weight * np.minimum(1, [c.quotes for c in cands])
            + opts.entity_weight * np.minimum(3, [c.entities for c in cands]) / 3)
    lead = opts.lead_weight * (1.0 - np.array([c.position for c in cands]))
    anaphoric = np.array([0.3 if c.anaphoric else 0.0 for c in cands])
    shared = opts.shared_weight * shared_terms(cands)
    return central + shared + 0.1 * (sources - 1) + opts.recency_weight * recency + info + lead - anaphoric


def concept_weights(cands: list[Candidate]) -> tuple[list[set[str]], dict[str, float]]:
    """Content-word stems of each sentence and each stem's weight: a word all reports use but
    few sentences (Militärparade) marks the story's events better than one every sentence uses
    (Putin); weight = spread over documents (0 in a one-document story) + sentence rarity."""
    sets = [set(stems(c.text)) for c in cands]
    doc_words: dict[str, set[str]] = {}
    for c, words in zip(cands, sets):
        for src in c.sources:
            doc_words.setdefault(src.doc_id, set()).update(words)
    n_docs, n = len(doc_words), max(1, len(sets))
    df: dict[str, int] = {}
    for words in doc_words.values():
        for w in words:
            df[w] = df.get(w, 0) + 1
    sf: dict[str, int] = {}
    for words in sets:
        for w in words:
            sf[w] = sf.get(w, 0) + 1
    spread = {w: (df[w] - 1) / (n_docs - 1) if n_docs > 1 else 0.0 for w in df}
    return sets, {w: (0.2 + spread[w]) * np.log(1 + n / sf[w]) for w in sf}


def shared_terms(cands: list[Candidate]) -> np.ndarray:
    """Per sentence, how much it is made of words that many of the story's documents use, 0..1."""
    sets, weight = concept_weights(cands)
    raw = np.array([sum(weight[w] for w in words) / np.sqrt(len(words) + 1) for words in sets])
    return raw / raw.max() if len(raw) and raw.max() > 0 else np.zeros(len(cands))


def select(cands: list[Candidate], sim: np.ndarray, scores: np.ndarray, opts: SummaryOptions,
           exclude: list[str] | None = None) -> list[Candidate]:
    """MMR selection within the length budget; ``exclude``: texts already told (what-is-new)."""
    if exclude:
        told = similarity_matrix([c.text for c in cands] + list(exclude))[: len(cands), len(cands):]
        fresh = [i for i in range(len(cands)) if told[i].max() < NEAR_IDENTICAL]
        cands, sim, scores = [cands[i] for i in fresh], sim[np.ix_(fresh, fresh)], scores[fresh]

    def fits(i: int, picked: list[int]) -> bool:
        if opts.chars is None:
            return True
        used = sum(len(cands[j].text) + 1 for j in picked)
        return used + len(cands[i].text) <= opts.chars or not picked and len(cands[i].text) <= opts.chars

    # soft redundancy = the share of a sentence's concept weight that picked sentences cover already
    sets, weight = concept_weights(cands)

    def redundancy(i: int, picked: list[int]) -> float:
        total = sum(weight[w] for w in sets[i])
        if not picked or total == 0:
            return 0.0
        covered = set().union(*(sets[j] for j in picked))
        return sum(weight[w] for w in sets[i] & covered) / total

    def allowed(i: int, picked: list[int]) -> bool:
        """A sentence that leans on the one before it only together with that one."""
        if not cands[i].anaphoric:
            return True
        return any((s.doc_id, s.start) in cands[i].follows for j in picked for s in cands[j].sources)

    picked = mmr_select(scores, sim, lam=opts.lam, fits=fits, limit=opts.sentences, max_similarity=opts.max_overlap,
                        redundancy=redundancy, allowed=allowed)
    return sorted((cands[i] for i in picked), key=Candidate.sort_key)


def summary_id(story_id: str, version: int) -> str:
    return "sum-" + hashlib.sha256(f"{story_id}|{version}".encode()).hexdigest()[:16]


def rank(docs: list[Document], members: list[StoryMember] | None = None,
         opts: SummaryOptions | None = None) -> list[tuple[Candidate, float]]:
    """All (merged) candidates with their scores, best first: the input of the LLM backend."""
    opts = opts or SummaryOptions()
    cands = candidates(docs, members)
    sim = similarity_matrix([c.text for c in cands])
    cands, sim = merge_near_identical(cands, sim)
    scores = score(cands, sim, opts)
    return sorted(zip(cands, scores.tolist()), key=lambda cs: -cs[1])


def summarize(docs: list[Document], story_id: str, members: list[StoryMember] | None = None,
              opts: SummaryOptions | None = None, *, exclude: list[str] | None = None,
              version: int = 0, created_at: datetime | None = None) -> Summary:
    """A draft extractive Summary; the ReviewRepo gives it its id and version when stored."""
    opts = opts or SummaryOptions()
    cands = candidates(docs, members)
    sim = similarity_matrix([c.text for c in cands])
    cands, sim = merge_near_identical(cands, sim)
    scores = score(cands, sim, opts)
    chosen = select(cands, sim, scores, opts, exclude=exclude)
    sentences = [SummarySentence(text=c.text, citations=_ordered(c.sources)) for c in chosen]
    return Summary(id=summary_id(story_id, version), story_id=story_id, version=version, status="draft",
                   method="extractive", sentences=sentences, created_at=created_at)


def _ordered(sources: list[Source]) -> list[Source]:
    seen, out = set(), []
    for s in sources:
        if (s.doc_id, s.start, s.end) not in seen:
            seen.add((s.doc_id, s.start, s.end))
            out.append(s)
    return out


def covered_until(docs: list[Document], members: list[StoryMember] | None = None) -> datetime | None:
    """The newest document / entry time a summary of these documents has seen."""
    times = [_utc_naive(c.time) for c in candidates(docs, members) if c.time is not None]
    return max(times, default=None)
