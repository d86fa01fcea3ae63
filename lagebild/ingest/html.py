"""HTML to text with paragraph breaks, plus the metadata an HTML page states.

Main-text extraction is trafilatura's job. Two of its habits are corrected here,
because news pages depend on them (see STACK.md): it drops the short "Stand: ..."
line and the entry times of liveblogs (they sit in ``<time>`` elements or
elements with "meta"/"date" classes that its boilerplate filter discards). Such
elements are turned into plain ``<p>`` elements before extraction, so the lines
reach the text and the metadata/clean/segment stages treat them like plain text.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

import lxml.etree
import lxml.html

# a whole element that only says when something was published / updated
_TIME_LINE = re.compile(
    r"^\s*(?:(?:Stand|Aktualisiert|Zuletzt aktualisiert|Veröffentlicht)\s*(?:am)?\s*:?\s*)?"
    r"\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\s*(?:[•·|,\-–]\s*)?(?:um\s*)?\d{1,2}[:.]\d{2}\s*(?:Uhr)?\s*$"
    r"|^\s*\d{1,2}:\d{2}\s*Uhr\s*$",
    re.IGNORECASE,
)
_BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "section", "article",
    "header", "footer", "tr", "figcaption", "pre", "dd", "dt", "time", "ul", "ol", "table",
}
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe")


@dataclass
class HtmlMeta:
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    published_from: str | None = None  # "html:json-ld", "html:meta", "html:trafilatura"
    source: str | None = None  # site name
    url: str | None = None
    liveblog: bool = False  # JSON-LD says LiveBlogPosting
    extra: dict = field(default_factory=dict)


class HtmlError(ValueError):
    pass


def parse_html(html: str) -> lxml.html.HtmlElement:
    if not html.strip():
        raise HtmlError("empty HTML")
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise HtmlError(f"malformed HTML: {exc}") from exc
    return tree


def html_to_text(html: str) -> tuple[str, HtmlMeta]:
    """Main text of a whole page (paragraphs separated by blank lines) and its metadata."""
    import trafilatura

    tree = parse_html(html)
    meta = read_html_meta(tree, html)
    _keep_time_lines(tree)
    serialised = lxml.html.tostring(tree, encoding="unicode")
    extracted = trafilatura.extract(
        serialised, output_format="xml", include_comments=False, include_tables=True,
        include_images=False, deduplicate=False,
    )
    paragraphs = _paragraphs_from_trafilatura_xml(extracted) if extracted else []
    if not paragraphs:  # short fragments: trafilatura gives up, take every block
        paragraphs = _paragraphs_from_tree(tree.find("body") if tree.find("body") is not None else tree)
    # the headline belongs to the text (entities, quotes in it); trafilatura sometimes drops it
    if meta.title and _norm(meta.title) not in {_norm(p) for p in paragraphs[:3]}:
        paragraphs.insert(0, meta.title)
    return "\n\n".join(paragraphs), meta


def fragment_to_text(html: str) -> str:
    """Text of an HTML fragment (feed entry content): every block element its own paragraph."""
    try:
        tree = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError) as exc:
        raise HtmlError(f"malformed HTML: {exc}") from exc
    return "\n\n".join(_paragraphs_from_tree(tree))


def _keep_time_lines(tree: lxml.html.HtmlElement) -> None:
    entry_times = []
    for el in list(tree.iter()):
        if not isinstance(el.tag, str) or el.tag in _DROP_TAGS or el.tag in ("html", "body", "head"):
            continue
        text = el.text_content()
        if len(text) <= 80 and _TIME_LINE.match(text):
            el.tag = "p"
            for attr in list(el.attrib):
                del el.attrib[attr]
            for child in list(el):
                child.drop_tag()
            if not text.strip().lower().startswith(("stand", "aktualisiert", "zuletzt", "veröffentlicht")):
                entry_times.append(el)
    if len(entry_times) >= 2:
        _unmark_entry_containers(entry_times)


def _unmark_entry_containers(entry_times: list) -> None:
    """Liveblog entries often sit in ``div.post`` / ``div.entry``: classes trafilatura takes
    for *the* article body, so it keeps the first entry and loses or reorders the rest.
    The wrappers between each entry time and the element holding all entries lose their
    class/id, so the page's article container is extracted as a whole, in order."""
    marked = set(map(id, entry_times))
    for el in entry_times:
        wrapper = el.getparent()
        while wrapper is not None and wrapper.tag not in ("body", "html"):
            holds = sum(1 for d in wrapper.iter() if id(d) in marked)
            if holds > 1:
                break  # the list of entries: keep it as it is
            for attr in ("class", "id", "itemprop"):
                wrapper.attrib.pop(attr, None)
            wrapper = wrapper.getparent()


def _paragraphs_from_trafilatura_xml(xml: str) -> list[str]:
    root = lxml.etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    if main is None:
        return []
    paragraphs: list[str] = []
    for el in main:
        if el.tag == "list":
            paragraphs.extend(_norm(" ".join(item.itertext())) for item in el.iter("item"))
        else:
            paragraphs.append(_norm(" ".join(el.itertext())))
    return [p for p in paragraphs if p]


def _paragraphs_from_tree(root) -> list[str]:
    for bad in root.iter(*_DROP_TAGS):
        bad.drop_tree()
    parts: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            parts.append("\n")
        elif tag in _BLOCK_TAGS:
            parts.append("\n\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
        if tag in _BLOCK_TAGS:
            parts.append("\n\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    text = "".join(parts)
    return [p for p in (_norm(block) for block in re.split(r"\n\s*\n", text)) if p]


def read_html_meta(tree: lxml.html.HtmlElement, html: str) -> HtmlMeta:
    meta = HtmlMeta()
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "")
        except (json.JSONDecodeError, ValueError):
            continue
        for node in _json_ld_nodes(data):
            types = node.get("@type") or []
            types = [types] if isinstance(types, str) else types
            if not any(t.endswith(("Article", "Posting", "Report")) for t in types if isinstance(t, str)):
                continue
            meta.liveblog = meta.liveblog or "LiveBlogPosting" in types
            meta.title = meta.title or _text(node.get("headline"))
            meta.author = meta.author or _name(node.get("author"))
            meta.source = meta.source or _name(node.get("publisher"))
            meta.url = meta.url or _text(node.get("url"))
            # a liveblog's headline date is its last update; an article's its first publication
            for key in (("dateModified", "datePublished") if meta.liveblog else ("datePublished", "dateModified")):
                when = _parse_when(node.get(key))
                if when and meta.published is None:
                    meta.published, meta.published_from = when, f"html:json-ld {key}"
    props = {}
    for el in tree.xpath("//meta[@content]"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        if key and key not in props:
            props[key] = el.get("content").strip()
    if meta.published is None:
        for key in ("article:published_time", "og:article:published_time", "date", "dc.date", "datepublished",
                    "article:modified_time"):
            when = _parse_when(props.get(key))
            if when:
                meta.published, meta.published_from = when, f"html:meta {key}"
                break
    meta.title = meta.title or props.get("og:title") or None
    meta.author = meta.author or props.get("author") or None
    meta.source = meta.source or props.get("og:site_name") or None
    meta.url = meta.url or props.get("og:url") or None
    if meta.title is None or meta.published is None or meta.author is None:
        try:
            import trafilatura

            found = trafilatura.extract_metadata(tree)
        except Exception:  # metadata is a bonus: a page it cannot read still yields text
            found = None
        if found is not None:
            meta.title = meta.title or found.title or None
            meta.author = meta.author or found.author or None
            meta.source = meta.source or found.sitename or None
            if meta.published is None and found.date:
                when = _parse_when(found.date)
                if when:
                    meta.published, meta.published_from = when, "html:trafilatura"
    return meta


def _json_ld_nodes(data):
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_nodes(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity"):
            if key in data:
                yield from _json_ld_nodes(data[key])


def _text(value) -> str | None:
    return _norm(value) or None if isinstance(value, str) else None


def _name(value) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _parse_when(value) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _norm(text: str) -> str:
    return " ".join(text.split())
