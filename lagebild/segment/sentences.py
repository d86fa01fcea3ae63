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

    tokenizer = SoMaJo("de_CMC", split_camel_case=False, split_sentences=True, character_offsets=True)
    _skip_emoji_scan_without_emoji(tokenizer)
    return tokenizer


def _skip_emoji_scan_without_emoji(somajo) -> None:
    """Speed: SoMaJo 2.5 looks up a regex for every grapheme to find emoji, about half
    of its time on news text. A token whose text holds no emoji character cannot
    yield an emoji token, so one precompiled search decides whether the full scan
    runs. Output is identical; the patch is bound to this one tokenizer instance."""
    try:
        import regex  # SoMaJo's own dependency; without it there is nothing to patch
    except ImportError:
        return
    inner = getattr(somajo, "_tokenizer", None)
    original = getattr(inner, "_split_emojis", None)
    if original is None:  # another SoMaJo version: leave it alone
        return
    candidate = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Presentation}\uFE0F]")

    def split_emojis(node, token_class: str = "emoticon") -> None:
        if candidate.search(node.value.text):
            original(node, token_class)

    inner._split_emojis = split_emojis


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
        for chunk_start, chunk in _chunks(text):
            for sentence in self.tokenizer.tokenize_text([chunk]):
                located = [t.character_offset for t in sentence if t.character_offset is not None]
                if located:
                    spans.append((offset + chunk_start + located[0][0], offset + chunk_start + located[-1][1]))
        return spans


MAX_CHUNK_CHARS = 8000


def _chunks(text: str) -> list[tuple[int, str]]:
    """SoMaJo slows down more than linearly on very long paragraphs (a scraped page with no
    line breaks); such text is cut into pieces at a sentence end, else at a space."""
    if len(text) <= MAX_CHUNK_CHARS:
        return [(0, text)]
    pieces, start = [], 0
    while len(text) - start > MAX_CHUNK_CHARS:
        window = text[start : start + MAX_CHUNK_CHARS]
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
        cut = cut + 2 if cut > MAX_CHUNK_CHARS // 2 else window.rfind(" ") + 1
        if cut <= 0:
            cut = MAX_CHUNK_CHARS
        pieces.append((start, text[start : start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces
