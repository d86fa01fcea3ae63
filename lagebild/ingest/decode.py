"""``RawDocument`` -> ``Document``: size check, decoding, HTML extraction, language check.

Every refusal raises ``IngestError(raw.origin, reason)`` with a one-line reason,
so a batch can report it and go on. Checks run cheapest first: the size limit
before any decoding, so a 50 MB file costs one ``len``.
"""
from __future__ import annotations

import codecs
import hashlib
import unicodedata
from datetime import datetime, time

from lagebild.config import Settings
from lagebild.document import Document, DocumentMeta, IngestError, RawDocument
from lagebild.ingest.html import HtmlError, fragment_to_text, html_to_text
from lagebild.ingest.language import detect_language

SNIFF_BYTES = 8192
MAX_CONTROL_RATIO = 0.02  # share of control / replacement characters above which text is "binary"
# a text is refused as non-German only if the detector is this sure of another language
MIN_FOREIGN_CONFIDENCE = 0.6

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def to_document(raw: RawDocument, settings: Settings) -> Document:
    """Decode and extract one document; raises ``IngestError`` naming ``raw.origin``."""
    content = raw.content
    if len(content) > settings.max_document_bytes:
        raise IngestError(raw.origin, f"too large: {len(content)} bytes > limit {settings.max_document_bytes}")
    if not content.strip():
        raise IngestError(raw.origin, "empty document")
    text, encoding = decode_bytes(content, raw.origin)

    meta_fields: dict = {}
    if raw.format == "html":
        try:
            text, html_meta = html_to_text(text)
        except HtmlError as exc:
            raise IngestError(raw.origin, str(exc)) from None
        meta_fields.update(
            title=html_meta.title, author=html_meta.author, source=html_meta.source, url=html_meta.url,
        )
        if html_meta.liveblog:
            meta_fields["kind"] = "liveblog"
        if html_meta.published is not None:
            meta_fields.update(
                published=local_naive(html_meta.published, settings.timezone),
                published_from=html_meta.published_from,
                published_precision=_html_precision(html_meta.published),
            )
    elif raw.format == "feed":
        try:
            text = fragment_to_text(text) if "<" in text else text
        except HtmlError as exc:
            raise IngestError(raw.origin, str(exc)) from None
    text = normalise_newlines(text)

    if not text.strip():
        raise IngestError(raw.origin, "no text found" if raw.format in ("html", "feed") else "empty document")
    letters = sum(ch.isalpha() for ch in text)
    if letters < settings.min_text_chars:
        raise IngestError(raw.origin, f"too short: {letters} letters < {settings.min_text_chars}")

    language, confidence = detect_language(text)
    if language is not None and language != "de" and confidence >= MIN_FOREIGN_CONFIDENCE:
        raise IngestError(raw.origin, f"not German: looks like '{language}' ({confidence:.0%})")

    # the caller / feed / JSONL record has the last word over what the HTML says
    if raw.title:
        meta_fields["title"] = raw.title
    if raw.url:
        meta_fields["url"] = raw.url
    if raw.source:
        meta_fields["source"] = raw.source
    if raw.published is not None:
        given_by = raw.published_from or "caller"
        meta_fields.update(
            # caller, feed and JSONL times alike follow the naive local convention: the same
            # instant, so later stages never compare a zoned time with a naive one
            published=local_naive(raw.published, settings.timezone),
            published_from=given_by,
            published_precision=_html_precision(raw.published),
        )
    meta_fields["language"] = language or "de"

    return Document(
        id=document_id(text),
        name=raw.name or raw.origin,
        origin=raw.origin,
        format=raw.format,
        raw=content,
        encoding=encoding,
        original_text=text,
        meta=DocumentMeta(**{k: v for k, v in meta_fields.items() if v is not None}),
    )


def document_id(text: str) -> str:
    """Same article, same id: hash of the text with all whitespace runs collapsed."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def decode_bytes(content: bytes, origin: str) -> tuple[str, str]:
    """Decode to str and name the encoding; refuse binary content."""
    for bom, name in _BOMS:
        if content.startswith(bom):
            try:
                return content.decode(name), name
            except UnicodeDecodeError:
                raise IngestError(origin, f"invalid {name} despite its byte-order mark") from None
    if b"\x00" in content[:SNIFF_BYTES]:
        raise IngestError(origin, "binary content (NUL bytes), not text")
    try:
        text, encoding = content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        legacy = _western_german(content)
        if legacy is not None:
            text, encoding = legacy, "cp1252"
        else:
            from charset_normalizer import from_bytes

            best = from_bytes(content).best()
            if best is None:
                raise IngestError(origin, "binary content: no text encoding fits") from None
            text, encoding = str(best), best.encoding
    sample = text[:SNIFF_BYTES]
    bad = sum(1 for ch in sample if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v"))
    if sample and bad / len(sample) > MAX_CONTROL_RATIO:
        raise IngestError(origin, f"binary content: {bad} control characters in the first {len(sample)}")
    return text, encoding


# what a German or Western European news text written in Windows-1252 / Latin-1 contains beyond ASCII
_WESTERN = frozenset("äöüÄÖÜßéèêëàáâçñíìîïóòôúùûÉÈÀÁÇÑÓØøåÅæÆœŒ„“”‚‘’–—…€«»‹›°§²³µ·×÷¼½¾©®™\xa0")
_GERMAN_LETTER = frozenset("äöüÄÖÜß")


def _western_german(content: bytes) -> str | None:
    """The text as Windows-1252 (a superset of Latin-1 for printable text) when that reading is
    plainly German: every non-ASCII character is a Western European letter or typographic mark
    and at least one is an umlaut or ß. charset_normalizer is built for the general case and
    misreads short German texts ("Grüße aus Köln" as a CJK encoding); the legacy encoding of
    German newsrooms is tried first, and only text that fits it completely is taken."""
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError:
        return None
    extra = {ch for ch in text if ord(ch) > 127}
    if extra and extra <= _WESTERN and extra & _GERMAN_LETTER:
        return text
    return None


def normalise_newlines(text: str) -> str:
    # offsets are counted on this text, so line endings are unified once, here
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")


def local_naive(when: datetime | None, timezone: str) -> datetime | None:
    """One convention for every publication time: naive wall-clock time of ``timezone``.

    Times read from German text ("Stand: ... Uhr") are naive local times; feed, HTML and
    JSONL times and the caller's ``--published`` may carry a zone. Mixing both breaks
    comparisons downstream, so a zoned time becomes the same instant on the local clock."""
    if when is None or when.tzinfo is None:
        return when
    from zoneinfo import ZoneInfo

    try:
        return when.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    except OverflowError:  # year 1 / 9999 shifted past the calendar's end: keep the wall clock
        return when.replace(tzinfo=None)


def _precision(when: datetime) -> str:
    return "day" if when.time() == time(0, 0) else "minute"


def _html_precision(when: datetime) -> str:
    # "2025-03-01" (no time) is a day; "2025-03-01T00:00:00+01:00" names a minute (also from
    # feeds, JSONL and the caller)
    return "minute" if when.tzinfo is not None else _precision(when)
