"""Language identification: is this text German?

lingua, restricted to the languages news in our inputs is realistically written
in (restricting makes it fast and keeps short German texts from being mistaken
for some rare language). Short texts are never rejected: too little evidence.
"""
from __future__ import annotations

from functools import lru_cache

# below this many letters the verdict is not trusted; the text is accepted as it is
MIN_LETTERS_TO_JUDGE = 80
SAMPLE_CHARS = 3000


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = [
        Language.GERMAN, Language.ENGLISH, Language.FRENCH, Language.SPANISH, Language.ITALIAN,
        Language.DUTCH, Language.POLISH, Language.TURKISH, Language.RUSSIAN, Language.UKRAINIAN,
        Language.PORTUGUESE, Language.DANISH, Language.SWEDISH,
    ]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code of the most likely language and its relative confidence.

    Returns ``(None, 0.0)`` when the text is too short to judge.
    """
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS_TO_JUDGE:
        return None, 0.0
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return None, 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), best.value


def german_confidence(text: str) -> float:
    from lingua import Language

    sample = text[:SAMPLE_CHARS]
    return _detector().compute_language_confidence(sample, Language.GERMAN)
