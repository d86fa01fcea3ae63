"""The IDF priors a clustering model was learned with travel with its weights (``idf_priors``)."""
import pytest

from lagebild.config import DATA_DIR
from lagebild.connect.background import WORDFREQ_DOCS, load
from lagebild.connect.cluster import DEFAULT_PRIORS, EMB_WEIGHTS_FILE, StoryClusterer, load_weights
from lagebild.connect.features import Featurizer, _h


def _idf(featurizer: Featurizer, word: str) -> float:
    return featurizer.word_idf(_h(featurizer.stemmer.stemWord(word)))


def test_the_wordfreq_prior_weights_news_vocabulary_down():
    base = Featurizer()
    news = Featurizer(priors=(*DEFAULT_PRIORS, "background_wordfreq.npz"))
    assert news.n_docs == base.n_docs + WORDFREQ_DOCS
    # words the sentence corpora hardly know but every news week has are common with the prior;
    # a rare place name stays rare
    for word in ("putin", "polizei", "insolvenz"):
        assert _idf(news, word) < _idf(base, word) - 0.5, word
    assert _idf(news, "warnstreik") > 8 and _idf(news, "rosenheim") > 7
    n_docs, _, _, words = load(DATA_DIR / "background_wordfreq.npz")
    assert n_docs == WORDFREQ_DOCS and len(words) > 10_000


def test_each_weights_file_brings_its_priors():
    emb = StoryClusterer(use_embeddings=True)
    text = StoryClusterer()
    assert load_weights(EMB_WEIGHTS_FILE)["idf_priors"] == [*DEFAULT_PRIORS, "background_wordfreq.npz"]
    assert emb.featurizer.priors == (*DEFAULT_PRIORS, "background_wordfreq.npz")
    assert text.featurizer.priors == DEFAULT_PRIORS
    assert emb.featurizer.n_docs == text.featurizer.n_docs + WORDFREQ_DOCS


def test_a_missing_prior_is_named():
    with pytest.raises(FileNotFoundError, match="no_such_prior.npz"):
        Featurizer(priors=("no_such_prior.npz",))


def test_background_pseudo_documents_group_the_corpus_sentences(shared_dir):
    from lagebild.connect.background import (
        SENTENCES_PER_DOC, europarl_documents, germeval_documents, germeval_sentences)

    dev = shared_dir / "data" / "germeval2014" / "NER-de-dev.tsv"
    sentences = germeval_sentences(dev)
    assert len(sentences) == 2200  # the official dev file (data README)
    docs = germeval_documents([dev])
    assert len(docs) == -(-len(sentences) // SENTENCES_PER_DOC)
    assert docs[0] == " ".join(sentences[:SENTENCES_PER_DOC])
    parl = europarl_documents(sorted((shared_dir / "data" / "europarl-ner").glob("*.tsv")))
    # 3,184 + 354 sentences, grouped per file
    assert len(parl) == -(-3184 // SENTENCES_PER_DOC) + -(-354 // SENTENCES_PER_DOC)
