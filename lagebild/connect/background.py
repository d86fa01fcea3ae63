"""Background document frequencies shipped with the package (lagebild/data/background_df.npz).

IDF computed on a short stream alone is noise: a story's own repeated words look common.
So the Featurizer starts from document frequencies counted on general German text - the
GermEval 2014 NER corpus (Wikipedia and news sentences, CC BY 4.0, Benikova, Biemann,
Reznicek 2014), 5 consecutive sentences per pseudo-document - and adds the stream's counts.
Only hashed feature ids and counts are stored (features seen in >= 2 pseudo-documents).

Rebuild:  .venv/bin/python -m lagebild.connect.background ../shared/data/germeval2014/NER-de-*.tsv
"""
from __future__ import annotations

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
    files = [Path(p) for p in sys.argv[1:]]
    docs = germeval_documents(files)
    build(docs)
    print(f"{len(docs)} pseudo-documents -> {BACKGROUND_FILE} ({BACKGROUND_FILE.stat().st_size // 1024} KiB)")
