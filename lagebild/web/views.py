"""The web UI: server-rendered pages over the same read queries as the API, plus the
review screen whose forms post with the editor's token (kept in an HttpOnly cookie)."""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime, timezone
from zoneinfo import ZoneInfo
from pathlib import Path
from typing import Annotated
from urllib.parse import quote as urlquote

from fastapi import APIRouter, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markdown_it import MarkdownIt
from markupsafe import Markup

from lagebild.api import queries as q
from lagebild.api.auth import COOKIE_NAME, REVIEW_ROLES
from lagebild.api.review import ReviewRefused, publish, review_from_draft
from lagebild.api.routers.search import run_search
from lagebild.api.routers.stories import story_detail
from lagebild.api.models import SummarizeIn
from lagebild.api.routers.summaries import draft, summary_detail
from lagebild.api.service import add_headlines, load_document, store_of
from lagebild.ingest.decode import local_naive
from lagebild.store.stories import story_time_from_db
from lagebild.display import INDIRECT_MARK, one_line, quote_parts, source_label, speaker_label
from lagebild.web import charts
from lagebild.web.highlight import highlighted_html
from lagebild.tell.labels import STATUS_DE, note_de
from lagebild.tell.review import is_editor_note

WEB_DIR = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(WEB_DIR / "templates"))
templates.env.globals["colour_for"] = charts.colour_for


@lru_cache(maxsize=8192)
def _urlq(value: str) -> str:
    # a story page links the same few dozen document ids hundreds of times
    return urlquote(value, safe="")


templates.env.filters["urlq"] = lambda v: _urlq(str(v))


LOCAL = ZoneInfo("Europe/Berlin")


def _fmt_dt(value: datetime | None, with_time: bool = True, naive_is_local: bool = False) -> str:
    """German local time. Stored columns are naive UTC; a document's own meta times are
    German local time when they carry no offset (``naive_is_local``). Midnight stays a bare
    date (day-precision times are stored at 00:00)."""
    if value is None:  # a report without a publication time: never invented (nor the ingest time)
        return "unbekannt"
    if value.tzinfo is None and not naive_is_local:
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%d.%m.%Y")
        value = value.replace(tzinfo=timezone.utc)
    value = local_naive(value, LOCAL.key)
    return value.strftime("%d.%m.%Y %H:%M" if with_time and (value.hour or value.minute) else "%d.%m.%Y")


def _stored_to_local(value: datetime | None) -> datetime | None:
    """A stored column time (naive UTC; a bare date at 00:00) as naive German local time, the
    convention of the times inside documents (liveblog entries, claim references), so that
    both sit on one chart axis. A bare date stays that date."""
    if value is not None and value.tzinfo is not None:
        return local_naive(value, LOCAL.key)
    return story_time_from_db(value)  # the stores' own rule for their UTC columns


templates.env.filters["dt"] = _fmt_dt
templates.env.filters["localdt"] = lambda v: _fmt_dt(v, naive_is_local=True)
# published summaries are Markdown; raw HTML in them is not rendered (html=False)
_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True})
templates.env.filters["markdown"] = lambda text: Markup(_markdown.render(text or ""))
templates.env.filters["status_de"] = lambda s: STATUS_DE.get(s, s)  # one mapping: lagebild.tell.labels
templates.env.filters["note_de"] = note_de
templates.env.tests["editor_note"] = is_editor_note


def _quote_words(qt, limit: int | None = None) -> Markup:
    """A quote as a reader expects it: a direct or partial quote in „…“; indirect speech
    ("sagte, Russland werde …") without quotation marks, marked as paraphrase, because those
    are the reporter's words, not the speaker's."""
    kind, text = (qt.get("kind"), qt.get("text")) if isinstance(qt, dict) else (qt.kind, qt.text)
    words, indirect = quote_parts(kind, text, limit)  # the CLI's rule too (lagebild.display)
    if indirect:
        return Markup('{} <span class="muted small">{}</span>').format(words, INDIRECT_MARK)
    return Markup("{}").format(words)


templates.env.filters["quote_words"] = _quote_words
MONTHS_DE = ("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.")


def _event_date(value: str | None) -> str:
    """A timeline date (ISO, as precise as the text: 2025-10-16, 2026-10, 2028) the German way."""
    parts = (value or "").split("T")[0].split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2]):02d}.{int(parts[1]):02d}.{parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS_DE[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return value or "?"


templates.env.filters["event_date"] = _event_date


def _story_span(story) -> str:
    """When a story ran: one date when it all happened on one day, else first – last report."""
    get = story.get if isinstance(story, dict) else lambda k: getattr(story, k)
    first, last = get("first_time"), get("last_time")
    if first is None and last is None:
        return "ohne Datum"
    if first is None or last is None or _fmt_dt(first, False) == _fmt_dt(last, False):
        return _fmt_dt(last or first)
    return f"{_fmt_dt(first, False)} – {_fmt_dt(last)}"


templates.env.filters["story_span"] = _story_span
EVIDENCE_DE = {"caller": "beim Einlesen angegeben", "feed": "aus dem Feed", "jsonl": "aus der JSONL-Zeile"}


def _time_evidence(value: str | None) -> str:
    """Where a document's publication time came from, in words (``DocumentMeta.published_from``)."""
    value = " ".join((value or "").split())
    if not value:
        return ""
    if value in EVIDENCE_DE:
        return EVIDENCE_DE[value]
    if value.startswith("html:"):
        return "aus den HTML-Metadaten"
    return f"laut Text: „{value}“"


templates.env.filters["time_evidence"] = _time_evidence
READING_DE = {"first": "erste Angabe", "update": "neuer Stand", "consistent": "bestätigt", "contradiction": "Widerspruch"}
templates.env.filters["reading_de"] = lambda s: READING_DE.get(s, s)
PAGE = 25
MAX_CHARTS = 8  # claim charts on a story page; further quantities are listed in a table
UNKNOWN_SOURCE = "Quelle unbekannt"

router = APIRouter(include_in_schema=False)


def current_user(request: Request):
    secret = request.cookies.get(COOKIE_NAME)
    if not secret:
        return None
    return store_of(request).tokens.verify(secret)


def render(request: Request, template: str, status_code: int = 200, **ctx) -> HTMLResponse:
    ctx.setdefault("user", current_user(request))
    return templates.TemplateResponse(request, template, ctx, status_code=status_code)


def error_page(request: Request, status_code: int, message: str, headers=None) -> HTMLResponse:
    resp = templates.TemplateResponse(
        request, "error.html", {"status": status_code, "message": message, "user": None}, status_code=status_code
    )
    if headers:
        for k, v in headers.items():
            if k.lower() != "www-authenticate":
                resp.headers[k] = v
    return resp


def _reads_allowed(request: Request) -> bool:
    return request.app.state.settings.read_open or current_user(request) is not None


class _LoginNeeded(Exception):
    pass


def _guard(request: Request):
    if not _reads_allowed(request):
        raise _LoginNeeded()


@router.get("/", response_class=HTMLResponse)
def story_list(request: Request, sort: str = "recent", page: Annotated[int, Query(ge=1, le=10_000)] = 1,
               source: Annotated[str | None, Query(max_length=256)] = None,
               entity: Annotated[str | None, Query(max_length=256)] = None):
    _guard(request)
    sort = sort if sort in ("recent", "size") else "recent"
    with store_of(request).db.connect() as conn:
        total, stories = q.list_stories(conn, limit=PAGE, offset=(page - 1) * PAGE, sort=sort,
                                        source=source or None, entity=entity or None)
        add_headlines(request, conn, stories)
        n_docs, _ = q.list_documents(conn, limit=1, offset=0)
        all_sources = q.sources(conn)
        entity_row = q.entity_row(conn, entity) if entity else None
    biggest = max((s["size"] for s in stories), default=1) or 1
    # the filters, kept across sorting and paging
    keep = "".join(f"&{k}={_urlq(v)}" for k, v in (("source", source), ("entity", entity)) if v)
    return render(request, "stories.html", stories=stories, total=total, sort=sort, page=page,
                  pages=max(1, -(-total // PAGE)), biggest=biggest, n_docs=n_docs, source=source or "",
                  entity=entity or "", entity_name=entity_row["name"] if entity_row else entity,
                  all_sources=all_sources, keep=keep)


def _timeline_points(detail, colours: dict[str, str]) -> tuple[str, list]:
    events = []
    for ev in detail.timeline:
        when = charts.parse_iso(ev.date)
        if when is None:
            continue
        src = ev.sources[0] if ev.sources else None
        href = f"/documents/{urlquote(src.doc_id)}?hl={src.start}-{src.end}#focus" if src else None
        events.append((ev, charts.Point(when=when, label=f"{ev.date}: {ev.text}", colour="#0072B2", href=href)))
    docs = [
        charts.Point(when=_stored_to_local(d.published), label=f"{_fmt_dt(d.published)} · {d.source or '?'} · {d.title or d.name}",
                     colour=colours.get(d.source or UNKNOWN_SOURCE), href=f"/documents/{urlquote(d.id)}")
        for d in detail.documents
        if d.published is not None
    ]
    svg = charts.timeline_svg([p for _, p in events], docs)
    return svg, [ev for ev, _ in events]


def _claim_boards(detail, colours: dict[str, str]) -> list[dict]:
    sources = {d.id: (d.source or UNKNOWN_SOURCE) for d in detail.documents}
    # ClaimRef.time is naive local (the document's own time); the stored column is UTC
    published = {d.id: _stored_to_local(d.published) for d in detail.documents}
    boards = []
    for group in detail.claim_groups:
        readings = []
        for rd in group.readings:
            ref = rd.ref
            # the time the figure was reported (not the time it refers to): undated reports are
            # listed, not plotted
            when = ref.time or published.get(ref.doc_id)
            src = source_label(ref.claim.source) or sources.get(ref.doc_id, ref.doc_id)
            readings.append(charts.Reading(
                when=when, value=ref.claim.value, value_high=ref.claim.value_high,
                source=sources.get(ref.doc_id, ref.doc_id), label=ref.claim.text, kind=rd.label,
                href=f"/documents/{urlquote(ref.doc_id)}?hl={ref.claim.start}-{ref.claim.end}#focus",
            ))
            readings[-1].attributed = src  # type: ignore[attr-defined]
        if not readings:
            continue
        dated = sum(1 for r in readings if r.when is not None)
        boards.append({"group": group, "readings": readings, "charted": dated >= 2, "svg": "",
                       "sources": sorted({r.source for r in readings}),
                       "contradictions": sum(1 for r in readings if r.kind == "contradiction")})
    boards.sort(key=lambda b: (not b["charted"], -b["contradictions"], -len(b["readings"])))
    # charts for the most telling quantities (contradictions, most readings); a big story has
    # dozens, and a wall of charts is neither clear nor fast; the rest go to the table
    for i, b in enumerate(boards):
        if b["charted"] and i < MAX_CHARTS:
            b["svg"] = charts.claim_chart_svg(b["readings"], colours=colours)
        else:
            b["charted"] = False
    return boards


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str):
    """The story page. Rendering a big story costs tens of milliseconds of CPU (hundreds of
    quotes, figures and events), so the HTML is kept for STORY_PAGE_TTL_S per story state and
    viewer: a new report, a new summary version, a review move or a publication shows at once;
    re-analysed documents after at most STORY_PAGE_TTL_S (like the timeline cache)."""
    _guard(request)
    user = current_user(request)
    with store_of(request).db.connect() as conn:
        state = q.story_state(conn, q.clean(story_id)) if len(story_id) <= 64 else None
    if state is None:
        return error_page(request, 404, f"Story {story_id!r} gibt es nicht.")
    key = (state, (user.name, user.role) if user else None)
    cache: OrderedDict = request.app.state.__dict__.setdefault("story_page_cache", OrderedDict())
    now = time.monotonic()
    with _page_lock:
        hit = cache.get(key)
        if hit is not None and now - hit[0] < STORY_PAGE_TTL_S:
            cache.move_to_end(key)
            return HTMLResponse(hit[1])
    response = _story_page(request, story_id, user)
    if response.status_code == 200:
        with _page_lock:
            cache[key] = (now, response.body)
            while len(cache) > STORY_PAGE_CACHE_SIZE:
                cache.popitem(last=False)
    return response


STORY_PAGE_TTL_S = 30.0
STORY_PAGE_CACHE_SIZE = 64
_page_lock = threading.Lock()


def _story_page(request: Request, story_id: str, user) -> HTMLResponse:
    detail = story_detail(request, story_id)
    if detail is None:
        return error_page(request, 404, f"Story {story_id!r} gibt es nicht.")
    colours = charts.colour_map(d.source for d in detail.documents)
    colours[UNKNOWN_SOURCE] = charts.UNKNOWN_COLOUR
    timeline_svg, events = _timeline_points(detail, colours)
    doc_ids = [d.id for d in detail.documents]
    with store_of(request).db.connect() as conn:
        _, quotes = q.list_quotes(conn, limit=300, offset=0, doc_ids=doc_ids)
        ent_rows = q.entities_in(conn, doc_ids, limit=40)
    speakers = quotes_by_speaker(quotes)
    sources = sorted({d.source for d in detail.documents if d.source})
    unknown_sources = sum(1 for d in detail.documents if not d.source)
    docs_by_id = {d.id: d for d in detail.documents}
    return render(
        request, "story.html", user=user, story=detail, timeline_svg=timeline_svg, events=events,
        quotes_shown=QUOTES_PER_SPEAKER,
        boards=_claim_boards(detail, colours), speakers=speakers, colours=colours, entities=ent_rows,
        sources=sources, unknown_sources=unknown_sources, docs_by_id=docs_by_id,
        summaries=detail.summaries, publications=list(reversed(store_of(request).reviews.publications(detail.id))),
    )


QUOTES_PER_SPEAKER = 6  # on a story page; the quotes page has them all


NO_SPEAKER = "ohne Sprecher"
# a quote is filed under its speaker's entity when that is a person or an organisation; a
# place linked to "der Polizei in Trier" or "Russland hat bestätigt" is not who spoke there,
# so such quotes stay under the words the report used
_GROUPED_TYPES = ("per:", "org:")


@dataclass
class SpeakerQuotes:
    label: str  # canonical name, else the speaker without its case ("Polizei" for "der Polizei")
    key: str  # what /quotes?speaker= filters by: the entity id, else the words
    forms: list[str]  # other ways the reports named this speaker ("Marquardt", "sie")
    quotes: list[dict]


def _filter_key(group_key: str, speaker: str | None) -> str:
    """What /quotes?speaker= filters a group by: its entity id, else the words of its first quote."""
    return (speaker or "") if group_key.startswith("words:") else group_key


def quotes_by_speaker(quotes: list[dict], merge_same_words: bool = True) -> list[SpeakerQuotes]:
    """Speakers (most quoted first) with their quotes. One speaker however the reports name
    them ("Helena Marquardt", "Marquardt", "sie"). With ``merge_same_words``, the same words in
    several reports (agency copies, updates) are one quote with several sources (``cites``)."""
    groups: dict[str, SpeakerQuotes] = {}
    seen: dict[tuple, dict] = {}
    for n, qt in enumerate(quotes):
        ent = qt.get("speaker_entity_id") or ""
        if ent.startswith(_GROUPED_TYPES) and qt.get("speaker_name"):
            key, label = ent, qt["speaker_name"]
        else:  # "nach Angaben der Polizei" and "sagte die Polizei": one speaker, "Polizei"
            label = speaker_label(qt["speaker"]) or NO_SPEAKER
            key = f"words:{label}"
        group = groups.setdefault(key, SpeakerQuotes(label=label, key=_filter_key(key, qt["speaker"]), forms=[], quotes=[]))
        form = qt["speaker"]
        if form and speaker_label(form) != group.label and form not in group.forms:
            group.forms.append(form)
        same = (key, one_line(qt["text"]).casefold() if merge_same_words else n)
        entry = seen.get(same)
        if entry is None:
            entry = seen[same] = {**qt, "cites": []}
            group.quotes.append(entry)
        entry["cites"].append(qt)
    return sorted(groups.values(), key=lambda g: (g.label == NO_SPEAKER, -len(g.quotes), g.label))


@router.post("/stories/{story_id}/draft")
def story_draft(request: Request, story_id: str):
    """A new machine draft of the story's summary, then straight to its review screen.
    Any signed-in role may ask for a draft; only editors move it through review."""
    user = current_user(request)
    if user is None:
        return RedirectResponse(f"/login?next=/stories/{urlquote(story_id, safe='')}", status_code=303)
    summary = draft(request, story_id, SummarizeIn(), actor=user.name) if len(story_id) <= 64 else None
    if summary is None:
        return error_page(request, 404, f"Story {story_id!r} gibt es nicht.")
    if not summary.sentences:
        return _back(summary.id, err="Die Berichte geben keinen zitierfähigen Satz her; der Entwurf ist leer.")
    return _back(summary.id, msg=f"Entwurf Version {summary.version} erstellt.")


@router.get("/documents", response_class=HTMLResponse)
def document_list(request: Request, page: Annotated[int, Query(ge=1, le=100_000)] = 1,
                  source: Annotated[str | None, Query(max_length=256)] = None,
                  entity: Annotated[str | None, Query(max_length=256)] = None,
                  kind: Annotated[str | None, Query(max_length=32)] = None):
    _guard(request)
    with store_of(request).db.connect() as conn:
        total, docs = q.list_documents(conn, limit=PAGE, offset=(page - 1) * PAGE, source=source or None,
                                       entity=entity or None, kind=kind or None)
        all_sources = q.sources(conn)
    return render(request, "documents.html", docs=docs, total=total, page=page, pages=max(1, -(-total // PAGE)),
                  source=source or "", entity=entity or "", kind=kind or "", all_sources=all_sources)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, hl: Annotated[str | None, Query(max_length=40)] = None):
    _guard(request)
    doc = load_document(store_of(request), doc_id)
    if doc is None:
        return error_page(request, 404, f"Dokument {doc_id!r} gibt es nicht.")
    focus = None
    if hl:
        try:
            a, b = (int(x) for x in hl.split("-", 1))
            if 0 <= a < b <= len(doc.text):
                focus = (a, b)
        except ValueError:
            focus = None
    counts = {"Personen/Orgs/Orte": len(doc.mentions), "Zitate": len(doc.quotes), "Zahlen": len(doc.claims),
              "Zeitangaben": len(doc.times)}
    return render(request, "document.html", doc=doc, body=highlighted_html(doc, focus), counts=counts,
                  heading=_heading(doc), entities=_doc_entities(doc))


def _heading(doc) -> str:
    """A title for documents without one: the first headline or sentence, shortened."""
    for seg in doc.segments:
        if seg.headline:
            return seg.headline
    first = doc.text[doc.sentences[0].start:doc.sentences[0].end] if doc.sentences else doc.text[:120]
    return (first[:90] + "…") if len(first) > 90 else (first or doc.name)


def _doc_entities(doc) -> list[dict]:
    counts: dict[tuple[str, str], dict] = {}
    for mt in doc.mentions:
        key = (mt.entity_id or mt.base, mt.label)
        entry = counts.setdefault(key, {"id": mt.entity_id or mt.base, "name": mt.base, "label": mt.label, "n": 0})
        entry["n"] += 1
    return sorted(counts.values(), key=lambda e: (-e["n"], e["name"]))[:40]


@router.get("/entities", response_class=HTMLResponse)
def entity_list(request: Request, type: Annotated[str | None, Query(max_length=8)] = None,
                name: Annotated[str | None, Query(alias="q", max_length=256)] = None,
                page: Annotated[int, Query(ge=1, le=100_000)] = 1):
    _guard(request)
    with store_of(request).db.connect() as conn:
        total, rows = q.list_entities(conn, limit=100, offset=(page - 1) * 100, type=type or None, q=name or None)
    return render(request, "entities.html", entities=rows, total=total, type=type or "", q=name or "",
                  page=page, pages=max(1, -(-total // 100)))


@router.get("/quotes", response_class=HTMLResponse)
def quote_list(request: Request, speaker: Annotated[str | None, Query(max_length=256)] = None,
               story: Annotated[str | None, Query(max_length=64)] = None):
    _guard(request)
    found = store_of(request).stories.get(q.clean(story)) if story else None
    doc_ids = list(dict.fromkeys(mb.doc_id for mb in found.members)) if found else None
    with store_of(request).db.connect() as conn:
        total, rows = q.list_quotes(conn, limit=500, offset=0, speaker=speaker or None, doc_ids=doc_ids)
    speakers = quotes_by_speaker(rows, merge_same_words=False)
    return render(request, "quotes.html", speakers=speakers, total=total, speaker=speaker or "",
                  story=found)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q_: Annotated[str | None, Query(alias="q", max_length=500)] = None,
                page: Annotated[int, Query(ge=1, le=10_000)] = 1):
    _guard(request)
    result = run_search(request, q_, PAGE, (page - 1) * PAGE) if q_ and q_.strip() else None
    return render(request, "search.html", q=q_ or "", result=result, page=page)


# --- review -----------------------------------------------------------------------------

def _citation_views(request: Request, summary) -> list[dict]:
    store = store_of(request)
    docs: dict[str, object] = {}
    rows = []
    for i, sent in enumerate(summary.sentences):
        cites = []
        for c in sent.citations:
            if c.doc_id not in docs:
                docs[c.doc_id] = load_document(store, c.doc_id)
            doc = docs[c.doc_id]
            if doc is None:
                cites.append({"doc_id": c.doc_id, "missing": True, "text": c.text or "", "before": "", "after": ""})
                continue
            text = doc.text[c.start:c.end] or (c.text or "")
            cites.append({
                "doc_id": c.doc_id, "start": c.start, "end": c.end, "text": text,
                "before": doc.text[max(0, c.start - 80):c.start], "after": doc.text[c.end:c.end + 80],
                "title": doc.meta.title or doc.name, "source": doc.meta.source,
                "published": doc.meta.published, "missing": False,
            })
        rows.append({"index": i, "sentence": sent, "citations": cites})
    return rows


@router.get("/review/{summary_id}", response_class=HTMLResponse)
def review_page(request: Request, summary_id: str, msg: Annotated[str | None, Query(max_length=300)] = None,
                err: Annotated[str | None, Query(max_length=300)] = None):
    _guard(request)
    detail = summary_detail(request, summary_id)
    if detail is None:
        return error_page(request, 404, f"Zusammenfassung {summary_id!r} gibt es nicht.")
    summary = detail.summary
    store = store_of(request)
    with store.db.connect() as conn:
        story = q.story_row(conn, summary.story_id)
        if story:
            add_headlines(request, conn, [story])
    versions = list(reversed(store.reviews.list(story_id=summary.story_id)))
    pubs = list(reversed(store.reviews.publications(summary.story_id)))
    user = current_user(request)
    return render(request, "review.html", summary=summary, events=detail.events, story=story, versions=versions,
                  rows=_citation_views(request, summary), can_review=bool(user and user.role in REVIEW_ROLES),
                  user=user, msg=msg, err=err, publications=pubs)


def _back(summary_id: str, msg: str | None = None, err: str | None = None) -> RedirectResponse:
    url = f"/review/{urlquote(summary_id, safe='')}"
    if msg:
        url += "?msg=" + urlquote(msg)
    elif err:
        url += "?err=" + urlquote(err)
    return RedirectResponse(url, status_code=303)


@router.post("/review/{summary_id}")
async def review_action(request: Request, summary_id: str):
    user = current_user(request)
    if user is None:
        return RedirectResponse(f"/login?next=/review/{urlquote(summary_id, safe='')}", status_code=303)
    if user.role not in REVIEW_ROLES:
        return _back(summary_id, err=f"Rolle {user.role!r} darf nicht prüfen (nur editor/admin).")
    form = await request.form()
    action = str(form.get("action", ""))
    note = (str(form.get("note", "")) or None)
    store = store_of(request)
    summary = store.reviews.get(q.clean(summary_id)) if len(summary_id) <= 64 else None
    if summary is None:
        return error_page(request, 404, f"Zusammenfassung {summary_id!r} gibt es nicht.")
    try:
        if action == "publish":
            publish(store, summary, actor=user.name)
            return RedirectResponse(f"/stories/{urlquote(summary.story_id, safe='')}?published=1#published",
                                    status_code=303)
        if action not in ("submit", "approve", "edit", "reject"):
            return _back(summary_id, err=f"unbekannte Aktion {action!r}")
        sentences = None
        if action == "edit":
            sentences = [str(form.get(f"s{i}", "")) for i in range(len(summary.sentences))]
            extra = str(form.get("s_new", "")).strip()
            if extra:
                sentences.append(extra)
        new_id = review_from_draft(store, summary, action, actor=user.name, note=note, sentences=sentences)
    except ReviewRefused as exc:
        return _back(summary_id, err=str(exc))
    labels = {"submit": "zur Prüfung gegeben", "approve": "freigegeben", "edit": "bearbeitet", "reject": "abgelehnt"}
    return _back(new_id, msg=f"Zusammenfassung {labels[action]}.")


# --- login ------------------------------------------------------------------------------

@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: Annotated[str | None, Query(max_length=500)] = None):
    return render(request, "login.html", next=_safe_next(next), err=None)


def _safe_next(value: str | None) -> str:
    # only local paths, so the login form cannot redirect elsewhere
    if value and value.startswith("/") and not value.startswith("//"):
        return value
    return "/"


@router.post("/login")
def login(request: Request, token: Annotated[str, Form(max_length=512)], next: Annotated[str, Form(max_length=500)] = "/"):
    info = store_of(request).tokens.verify(token.strip())
    if info is None:
        return render(request, "login.html", status_code=401, next=_safe_next(next),
                      err="Unbekanntes oder widerrufenes Token.", user=None)
    resp = RedirectResponse(_safe_next(next), status_code=303)
    resp.set_cookie(COOKIE_NAME, token.strip(), httponly=True, samesite="strict", max_age=12 * 3600)
    return resp


@router.post("/logout")
def logout():
    resp = RedirectResponse("/", status_code=303)
    resp.delete_cookie(COOKIE_NAME)
    return resp


def mount_web(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=str(WEB_DIR / "static")), name="static")

    @app.exception_handler(_LoginNeeded)
    async def _login_needed(request: Request, exc: _LoginNeeded):
        return RedirectResponse(f"/login?next={urlquote(request.url.path)}", status_code=303)

    app.include_router(router)
