"""Is a paragraph a headline? Where does a headline glued into a paragraph end?

Both are surface heuristics for German news layout, written by hand because no
library models them:

* a stand-alone headline is short, starts with a capital and ends without
  sentence punctuation ("Putin bestreitet ukrainische Erfolge");
* a headline that lost its line break ("Kim Jong Un reist nach Peking Für eine
  seiner ...") shows as a capitalised function word in mid-sentence: in German,
  articles, prepositions and pronouns are lower case except at a sentence start.
"""
from __future__ import annotations

import re
from itertools import islice

MAX_HEADLINE_CHARS = 160
MAX_HEADLINE_WORDS = 16
MIN_GLUED_WORDS = 3
MAX_GLUED_WORDS = 14

# words that start sentences but are lower case inside one
SENTENCE_OPENERS = frozenset(
    """Für Die Der Das Den Dem Des Ein Eine Einen Einem Einer Im In Am An Auf Aus Bei Mit Nach Seit
    Von Vor Zu Zum Zur Über Unter Wie Wenn Als Auch Doch Er Es Wir Laut Trotz Während Nachdem Bereits
    Zuletzt Zudem Dabei Damit Dort Bisher Schon Noch Nun Jetzt Inzwischen Unterdessen Derzeit Zuvor
    Dies Diese Dieser Dieses Seine Seiner Ihre Ihrer Sein Nachdem Obwohl Weil Da Denn Wegen Gegen
    Ohne Um Bis Durch Neben Zwischen Angesichts Außerdem Allerdings Jedoch Trotzdem Deshalb Daher""".split()
)
POLITE_FORMS = frozenset({"Sie", "Ihre", "Ihrer", "Ihr", "Ihnen", "Ihren", "Ihrem", "Ihres"})
# titles that legitimately start with such a word mid-sentence ("berichtete Der Spiegel")
TITLE_PAIRS = frozenset(
    """Der Spiegel|Die Zeit|Die Welt|Die Linke|Die Grünen|Das Erste|Der Standard|Die Presse|Der Tagesspiegel
    |Die Tageszeitung|Der Freitag|Die Partei|Die Republikaner|Die Demokraten""".replace("\n", "").split("|")
)
# lower-case words a headline cannot end with: before a capitalised "Die"/"Der"... they
# introduce a title of a work ("in Der Pate", "wie Die Sopranos", "namens Die Enkel");
# separable-verb particles (ein, an, aus, auf, zu, vor, ab, mit, bei, nach) are missing on
# purpose: "Gewinn bricht ein Im dritten Quartal ..."
FUNCTION_WORDS = frozenset(
    """und oder sowie wie als in im ins um namens etwa von vom für über unter durch gegen ohne zwischen
    den dem der die das des eine einer einem einen eines zum zur am beim bzw sogar auch nur noch dass ob
    wenn weil denn aber sondern sei seien war ist sind titel ihn ihm sie er es uns euch sich mich dich""".split()
)
# nouns that announce the title of a work ("unter dem Titel Der Hexer", "ARD-Krimi Auf einen Schlag")
TITLE_NOUNS = (
    "titel", "film", "buch", "roman", "serie", "kurzgeschichte", "album", "stück", "oper", "krimi",
    "sendung", "sendungen", "format", "magazin", "song", "lied", "werk", "uraufführung", "uraufführungen",
    "ausstellung", "show", "spiel", "theaterstück", "dokumentation", "doku", "motto", "slogan",
)
_WORDISH = re.compile(r"\w")
_SENTENCE_END = re.compile(r"[.!?…][\"“”»«')]*\s+(?=[\"„“»«(]?[A-ZÄÖÜ])")
_WORD = re.compile(r"\S+")
_PUNCT_INSIDE = re.compile(r"[.,;!?\"„“”»«()\[\]]")


def is_headline(paragraph: str) -> bool:
    text = paragraph.strip()
    if not text or len(text) > MAX_HEADLINE_CHARS:
        return False
    words = text.split()
    if not 2 <= len(words) <= MAX_HEADLINE_WORDS:
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "„\"»"):
        return False
    last = text.rstrip("\"“”»«'")
    if not last or last[-1] in ".!?:;,…" or text[-1] in ":;,":
        return False
    # two sentences are a paragraph, not a headline
    return not re.search(r"[.!?]\s+[A-ZÄÖÜ]", text)


def glued_headlines(text: str) -> list[tuple[int, int, int]]:
    """Headlines glued to the sentence that follows them, in text order.

    Looks at the paragraph start and every sentence start (one pass). Returns
    (headline_start, headline_end, body_start) offsets into ``text``.
    """
    found: list[tuple[int, int, int]] = []
    candidates = [len(text) - len(text.lstrip())] + [m.end() for m in _SENTENCE_END.finditer(text)]
    for begin in candidates:
        if found and begin < found[-1][2]:
            continue
        words = [(m.start(), m.end(), m.group()) for m in islice(_WORD.finditer(text, begin), MAX_GLUED_WORDS + 6)]
        hit = _glue_point(words)
        if hit is not None:
            found.append((begin, words[hit - 1][1], words[hit][0]))
    return found


def glued_headline(text: str) -> tuple[int, int, int] | None:
    """The first glued headline of ``text`` (see ``glued_headlines``), or None."""
    found = glued_headlines(text)
    return found[0] if found else None


def _glue_point(words: list[tuple[int, int, str]]) -> int | None:
    if len(words) < MIN_GLUED_WORDS + 4 or not words[0][2][:1].isupper():
        return None
    for k in range(1, min(len(words) - 3, MAX_GLUED_WORDS + 1)):
        previous = words[k - 1][2]
        # headlines carry no sentence punctuation (a colon after the first word is fine: "Scholz: ...")
        if _PUNCT_INSIDE.search(previous) or (previous.endswith(":") and k - 1 > 0) or not _WORDISH.search(previous):
            return None  # "Santiago de Chile – Wegen ...": a dateline, not a headline
        if previous[-1] in "-–—|/":
            return None
        word = words[k][2]
        if word not in SENTENCE_OPENERS or (k < MIN_GLUED_WORDS and not _two_word_headline(words, k)):
            continue
        if not _can_end_headline(previous) or _introduces_title(previous):
            continue
        # polite pronouns are capitalised mid-sentence ("danken für Ihre Geduld", "Gegenstand Ihrer Studien")
        if word in POLITE_FORMS:
            continue
        if f"{word} {words[k + 1][2]}".rstrip(".,") in TITLE_PAIRS:
            continue
        # the body must read as a sentence: a few words, then sentence punctuation somewhere
        if not any(re.search(r"[.!?][\"“”»]?$", w[2]) for w in words[k + 2:]) and len(words) < MAX_GLUED_WORDS + 6:
            continue
        return k
    return None


def _two_word_headline(words: list[tuple[int, int, str]], k: int) -> bool:
    """"Katastrophenfall ausgerufen Der Landkreis ...": a noun and a participle, then an article.

    Two words are a headline only in this tight shape (a capitalised noun, a lower-case
    participle on -t/-en, the next sentence opening with an article), since two-word
    sentence starts followed by a capitalised word are common otherwise.
    """
    noun, verb = words[0][2], words[1][2]
    return (
        k == 2 and noun not in SENTENCE_OPENERS and noun.isalpha() and verb.isalpha() and verb.islower()
        and verb.endswith(("t", "en")) and verb.startswith(("ge", "aus", "an", "ab", "auf", "ein", "ver", "er", "be", "zer"))
        and words[2][2] in ("Der", "Die", "Das", "Ein", "Eine")
    )


def _can_end_headline(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit() or word.lower() not in FUNCTION_WORDS


def _introduces_title(word: str) -> bool:
    return word.lower().endswith(TITLE_NOUNS)
