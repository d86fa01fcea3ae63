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

Rebuild:  .venv/bin/python -m lagebild.connect.background ../shared/data
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np

from lagebild.config import DATA_DIR

BACKGROUND_FILE = DATA_DIR / "background_df.npz"
SENTENCES_PER_DOC = 5
MIN_DF = 2


def germeval_documents(paths: list[Path], per: int = SENTENCES_PER_DOC) -> list[str]:
    sents: list[str] = []
    for path in paths:
        cur: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                continue
            if not line.strip():
                if cur:
                    sents.append(" ".join(cur))
                cur = []
                continue
            cur.append(line.split("\t")[1])
        if cur:
            sents.append(" ".join(cur))
    return [" ".join(sents[i : i + per]) for i in range(0, len(sents), per)]


def europarl_documents(paths: list[Path], per: int = SENTENCES_PER_DOC) -> list[str]:
    """CoNLL-style token-per-line files (token first), blank line between sentences."""
    docs: list[str] = []
    for path in paths:
        sents: list[str] = []
        cur: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                if cur:
                    sents.append(" ".join(cur))
                cur = []
                continue
            cur.append(line.split("\t")[0])
        if cur:
            sents.append(" ".join(cur))
        docs += [" ".join(sents[i : i + per]) for i in range(0, len(sents), per)]
    return docs


def wikiwars_documents(paths: list[Path], per: int = 3) -> list[str]:
    """SGML articles: tags dropped, paragraphs (lines of some length) grouped by ``per``."""
    docs: list[str] = []
    for path in paths:
        text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
        paras = [p.strip() for p in text.split("\n") if len(p.strip()) > 60]
        docs += [" ".join(paras[i : i + per]) for i in range(0, len(paras), per)]
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


def load(path: Path = BACKGROUND_FILE):
    """(n_docs, char_idx, char_df, word_df dict) or None when the file is absent."""
    if not path.is_file():
        return None
    with np.load(path) as z:
        words = dict(zip(z["word_hash"].tolist(), z["word_df"].tolist()))
        return int(z["n_docs"]), z["char_idx"], z["char_df"], words


if __name__ == "__main__":
    docs = shared_documents(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data"))
    build(docs)
    print(f"{len(docs)} pseudo-documents -> {BACKGROUND_FILE} ({BACKGROUND_FILE.stat().st_size // 1024} KiB)")
