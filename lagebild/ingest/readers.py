"""Turn user inputs (files, folders, stdin, URLs) into ``RawDocument``s.

Readers never decode text: they only find documents and split containers
(JSONL lines, feed entries) into one ``RawDocument`` each. Everything that can
go wrong with one input is yielded as an ``IngestError`` so that the caller can
report it and carry on with the rest of the batch.
"""
from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from lagebild.config import Settings
from lagebild.document import IngestError, InputFormat, RawDocument

# extensions a folder walk picks up; an explicitly named file is read whatever its name
TEXT_EXTENSIONS = {".txt", ".text"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson"}
FEED_EXTENSIONS = {".xml", ".rss", ".atom"}
FOLDER_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSONL_EXTENSIONS | FEED_EXTENSIONS

URL_TIMEOUT_S = 20
USER_AGENT = "lagebild/0.1 (+https://example.invalid/lagebild)"

Item = RawDocument | IngestError


def iter_raw_documents(
    inputs: Iterable[str | Path],
    settings: Settings,
    *,
    published: datetime | None = None,
    source: str | None = None,
) -> Iterator[Item]:
    """Yield one ``RawDocument`` per document (or an ``IngestError``) for every input.

    ``inputs``: file paths, folders (walked recursively, sorted), ``"-"`` for stdin,
    http(s) URLs (HTML pages or RSS/Atom feeds). ``published`` / ``source`` are
    the caller's values; a JSONL record or feed entry that carries its own wins.
    """
    defaults = _Defaults(published, source)
    for item in inputs:
        spec = str(item)
        if spec == "-":
            yield from _read_stdin(settings, defaults)
        elif spec.startswith(("http://", "https://")):
            yield from _read_url(spec, settings, defaults)
        else:
            path = Path(spec)
            if path.is_dir():
                yield from _read_folder(path, settings, defaults)
            else:
                yield from _read_file(path, settings, defaults)


class _Defaults:
    """The caller's published/source, applied where a record gives none."""

    def __init__(self, published: datetime | None, source: str | None):
        self.published = published
        self.source = source

    def fields(self, *, published: datetime | None = None, published_from: str | None = None,
               source: str | None = None) -> dict:
        if published is None and self.published is not None:
            published, published_from = self.published, "caller"
        return {
            "published": published,
            "published_from": published_from if published is not None else None,
            "source": source or self.source,
        }


def _read_folder(folder: Path, settings: Settings, defaults: _Defaults) -> Iterator[Item]:
    try:
        files = sorted(
            p for p in folder.rglob("*")
            if p.is_file() and p.suffix.lower() in FOLDER_EXTENSIONS
            and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        )
    except OSError as exc:
        yield IngestError(str(folder), f"cannot list folder: {exc.strerror or exc}")
        return
    for path in files:
        yield from _read_file(path, settings, defaults)


def _read_file(path: Path, settings: Settings, defaults: _Defaults) -> Iterator[Item]:
    origin = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        yield IngestError(origin, "no such file")
        return
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        yield IngestError(origin, f"cannot read: {getattr(exc, 'strerror', None) or exc}")
        return
    suffix = path.suffix.lower()
    # a JSONL or feed file holds many documents, so only single documents are capped here;
    # a too-large single file is refused from its size alone, without reading it
    if suffix not in JSONL_EXTENSIONS and size > settings.max_document_bytes:
        yield IngestError(origin, f"too large: {size} bytes > limit {settings.max_document_bytes}")
        return
    try:
        content = path.read_bytes()
    except OSError as exc:
        yield IngestError(origin, f"cannot read: {exc.strerror or exc}")
        return
    fmt = _format_from_suffix(suffix) or sniff_format(content)
    yield from _split(content, origin, fmt, path.stem, settings, defaults)


def _read_stdin(settings: Settings, defaults: _Defaults) -> Iterator[Item]:
    content = sys.stdin.buffer.read(settings.max_document_bytes + 1)
    if len(content) > settings.max_document_bytes:
        yield IngestError("stdin", f"too large: more than {settings.max_document_bytes} bytes")
        return
    yield from _split(content, "stdin", sniff_format(content), "stdin", settings, defaults)


def _read_url(url: str, settings: Settings, defaults: _Defaults) -> Iterator[Item]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=URL_TIMEOUT_S) as response:
            content = response.read(settings.max_document_bytes + 1)
            content_type = (response.headers.get("Content-Type") or "").lower()
    except urllib.error.HTTPError as exc:
        yield IngestError(url, f"HTTP {exc.code} {exc.reason}")
        return
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        yield IngestError(url, f"cannot fetch: {reason}")
        return
    if len(content) > settings.max_document_bytes:
        yield IngestError(url, f"too large: more than {settings.max_document_bytes} bytes")
        return
    if any(t in content_type for t in ("rss", "atom", "xml")) and _looks_like_feed(content):
        fmt: InputFormat = "feed"
    elif "html" in content_type:
        fmt = "html"
    else:
        fmt = sniff_format(content)
    yield from _split(content, url, fmt, url, settings, defaults, url=url)


def _format_from_suffix(suffix: str) -> InputFormat | None:
    if suffix in TEXT_EXTENSIONS:
        return "text"
    if suffix in HTML_EXTENSIONS:
        return "html"
    if suffix in JSONL_EXTENSIONS:
        return "jsonl"
    if suffix in FEED_EXTENSIONS:
        return "feed"
    return None


def _looks_like_feed(content: bytes) -> bool:
    head = content[:2048].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def sniff_format(content: bytes) -> InputFormat:
    """Guess the format of unnamed content (stdin, URLs, unknown extensions)."""
    head = content[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if _looks_like_feed(content) and (head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<rdf"))):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<p>" in head[:512]:
        return "html"
    if head.startswith(b"{"):
        first = head.split(b"\n", 1)[0].strip()
        if first.endswith(b"}"):
            return "jsonl"
    return "text"


def _split(content: bytes, origin: str, fmt: InputFormat, name: str, settings: Settings,
           defaults: _Defaults, url: str | None = None) -> Iterator[Item]:
    if fmt == "jsonl":
        yield from _split_jsonl(content, origin, settings, defaults)
    elif fmt == "feed":
        yield from _split_feed(content, origin, defaults)
    else:
        yield RawDocument(content=content, origin=origin, format=fmt, name=name, url=url, **defaults.fields())


def _split_jsonl(content: bytes, origin: str, settings: Settings, defaults: _Defaults) -> Iterator[Item]:
    for lineno, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{lineno}"
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield IngestError(where, f"malformed JSON line: {getattr(exc, 'msg', exc)}")
            continue
        if not isinstance(record, dict):
            yield IngestError(where, "JSON line is not an object")
            continue
        body = record.get("html") if record.get("html") else record.get("text")
        if not isinstance(body, str) or not body.strip():
            yield IngestError(where, "JSON line has no 'text' or 'html'")
            continue
        encoded = body.encode("utf-8")
        if len(encoded) > settings.max_document_bytes:
            yield IngestError(where, f"too large: {len(encoded)} bytes > limit {settings.max_document_bytes}")
            continue
        published = None
        if record.get("published"):
            try:
                published = parse_datetime(str(record["published"]))
            except ValueError:
                yield IngestError(where, f"'published' is not an ISO date: {record['published']!r}")
                continue
        name = record.get("id") or record.get("name")
        yield RawDocument(
            content=encoded,
            origin=where,
            # text records keep the "jsonl" format; HTML records are extracted like HTML files
            format="html" if record.get("html") else "jsonl",
            name=str(name) if name is not None else f"{Path(origin).stem}:{lineno}",
            url=record.get("url") or None,
            title=record.get("title") or None,
            **defaults.fields(published=published, published_from="jsonl", source=record.get("source") or None),
        )


def _split_feed(content: bytes, origin: str, defaults: _Defaults) -> Iterator[Item]:
    import feedparser  # imported here: only feeds need it

    parsed = feedparser.parse(content)
    entries = parsed.get("entries") or []
    bodies = [_entry_body(entry) for entry in entries]
    # feedparser sets ``bozo`` for any irregularity (even a wrong declared charset) yet still
    # parses most real feeds: a feed is an error only when it yields no entry with content
    if not any(b.strip() for b in bodies):
        if parsed.get("bozo"):
            why = f"malformed feed: {parsed.get('bozo_exception')}"
        else:
            why = "feed has no entries" if not entries else "feed entries have no content"
        yield IngestError(origin, why.splitlines()[0])
        return
    feed_title = (parsed.get("feed") or {}).get("title") or None
    for number, (entry, body) in enumerate(zip(entries, bodies), start=1):
        where = f"{origin}#{number}"
        if not body.strip():
            yield IngestError(where, "feed entry has no content or summary")
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = datetime(*stamp[:6], tzinfo=timezone.utc) if stamp else None
        link = entry.get("link") or None
        yield RawDocument(
            content=body.encode("utf-8"),
            origin=where,
            format="feed",
            name=link or entry.get("id") or where,
            url=link,
            title=entry.get("title") or None,
            **defaults.fields(published=published, published_from="feed", source=feed_title),
        )


def _entry_body(entry) -> str:
    body = ""
    if entry.get("content"):
        body = max((c.get("value") or "" for c in entry["content"]), key=len)
    return body if body.strip() else (entry.get("summary") or "")


def parse_datetime(value: str) -> datetime:
    """ISO 8601 (``2025-09-02``, ``2025-09-02T10:10``, ``...Z``); raises ValueError otherwise."""
    value = value.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    return datetime.fromisoformat(value)
