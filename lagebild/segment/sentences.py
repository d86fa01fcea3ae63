"""German sentence splitting with SoMaJo, mapped back to exact character offsets.

SoMaJo (``de_CMC``) handles what news text throws at a splitter: dates
("04.11.2024"), thousands ("2.000"), abbreviations ("Dr.", "3. Sept.") and quotes
that span sentences. The tokenizer is built once per ``SentenceSplitter``.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _tokenizer():
    from somajo import SoMaJo

    return SoMaJo("de_CMC", split_camel_case=False, split_sentences=True, character_offsets=True)


class SentenceSplitter:
    def __init__(self):
        self.tokenizer = _tokenizer()

    def split(self, text: str, offset: int = 0) -> list[tuple[int, int]]:
        """Sentence spans of ``text`` as (start, end), shifted by ``offset``.

        Spans run from the first to the last character of a sentence's tokens, so
        they never start or end with whitespace and quote marks stay with their words.
        """
        if not text.strip():
            return []
        spans = []
        for sentence in self.tokenizer.tokenize_text([text]):
            located = [t.character_offset for t in sentence if t.character_offset is not None]
            if located:
                spans.append((offset + located[0][0], offset + located[-1][1]))
        return spans
