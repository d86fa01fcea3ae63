"""Documents: ingest (upload or URL), list with filters, one document with all its layers."""
from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from lagebild.api import models as m
from lagebild.api import queries as q
from lagebild.api.auth import can_ingest, can_read
from lagebild.api.routers.common import EntityId, Limit, Offset, Since, Source, Until
from lagebild.api.service import doc_summary, document_out, engine_of, load_document, not_found, store_of
from lagebild.document import DocumentKind

log = logging.getLogger("lagebild.api")
router = APIRouter(prefix="/api/documents", tags=["documents"])
# one ingest at a time: the pipeline's models are shared and SQLite has one writer anyway
_ingest_lock = threading.Lock()


@router.get("", response_model=m.Page[m.DocumentSummaryOut], dependencies=[can_read])
def list_documents(
    request: Request,
    limit: Limit = 20,
    offset: Offset = 0,
    since: Since = None,
    until: Until = None,
    source: Source = None,
    kind: DocumentKind | None = None,
    entity: EntityId = None,
):
    """Stored reports, newest first (publication time, else ingest time)."""
    repo = store_of(request).documents
    filters = dict(since=since, until=until, source=q.clean(source), kind=kind, entity_id=q.clean(entity))
    rows = repo.list(limit=limit, offset=offset, **filters)
    return m.Page(total=repo.count(**filters), limit=limit, offset=offset,
                  items=[doc_summary(r.model_dump()) for r in rows])


@router.get("/{doc_id}", response_model=m.DocumentOut, responses={404: {"model": m.ErrorOut}}, dependencies=[can_read])
def get_document(request: Request, doc_id: str):
    doc = load_document(store_of(request), doc_id)
    if doc is None:
        raise not_found("document", doc_id)
    return document_out(doc)


def _connect(request: Request, report, errors: list[str]) -> list[str]:
    """Assign the newly stored documents to stories (lagebild.connect through the Engine), so
    that what was ingested over HTTP shows up in stories at once. The documents are stored
    either way; a failure here is reported, not raised."""
    new = [d for d in report.documents if d.id in set(report.stored)]
    if not new:
        return []
    try:
        return list(engine_of(request).update_stories(new).touched)
    except Exception as exc:  # noqa: BLE001 - stored is stored; say what did not happen
        log.exception("assigning ingested documents to stories failed")
        errors.append(f"stored, but not assigned to stories: {type(exc).__name__}: {exc}")
        return []


def _report_out(request: Request, report, connect: bool = True) -> m.IngestOut:
    """The Engine's IngestReport as a response; 422 when nothing at all could be ingested."""
    errors = [f"{origin}: {reason}" for origin, reason in report.errors]
    if not report.stored and not report.present and errors:
        raise HTTPException(422, detail="; ".join(errors)[:2000])
    stories = _connect(request, report, errors) if connect else []
    by_id = {d.id: d for d in report.documents}
    with store_of(request).db.connect() as conn:
        rows = q.document_summaries(conn, [*report.stored, *report.present])
    out = []
    for doc_id in [*report.stored, *report.present]:
        if doc_id in rows:
            out.append(m.IngestedDocumentOut(**doc_summary(rows[doc_id]).model_dump(), stored=doc_id in report.stored))
        elif doc_id in by_id:
            d = by_id[doc_id]
            out.append(m.IngestedDocumentOut(id=d.id, name=d.name, title=d.meta.title, source=d.meta.source,
                                             kind=d.meta.kind, published=d.meta.published, url=d.meta.url,
                                             stored=doc_id in report.stored))
    return m.IngestOut(documents=out, errors=errors, stories=stories)


def _ingest_upload(request: Request, content: bytes, filename: str, source: str | None, published,
                   connect: bool) -> m.IngestOut:
    # the readers' own splitting (feeds and JSONL hold many documents) and format sniffing
    from lagebild.ingest import readers

    settings = request.app.state.settings
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    fmt = readers._format_from_suffix(suffix) or readers.sniff_format(content)
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "upload"
    items = readers._split(content, f"upload:{filename}", fmt, stem, settings, readers._Defaults(published, source))
    with _ingest_lock:
        return _report_out(request, engine_of(request).ingest_raw(items), connect)


def _ingest_url(request: Request, url: str, source: str | None, connect: bool) -> m.IngestOut:
    with _ingest_lock:
        return _report_out(request, engine_of(request).ingest(url, source=source), connect)


@router.post(
    "",
    response_model=m.IngestOut,
    status_code=201,
    responses={401: {"model": m.ErrorOut}, 403: {"model": m.ErrorOut}, 413: {"model": m.ErrorOut}, 422: {"model": m.ErrorOut}},
)
async def ingest_upload(
    request: Request,
    file: Annotated[UploadFile, File(description="a text, HTML, RSS/Atom or JSONL file")],
    source: Annotated[str | None, Form(max_length=256)] = None,
    published: Annotated[datetime | None, Form(description="publication time, when the file does not say")] = None,
    connect: Annotated[bool, Form(description="assign the new documents to stories right away")] = True,
    token=can_ingest,
):
    """Ingest one uploaded file (text, HTML, feed or JSONL) and, unless ``connect`` is false,
    assign the new documents to stories. Needs a token (any role)."""
    limit = request.app.state.settings.max_document_bytes
    content = await file.read(limit + 1)
    if len(content) > limit:
        raise HTTPException(413, detail=f"upload larger than {limit} bytes")
    if not content.strip():
        raise HTTPException(422, detail="the uploaded file is empty")
    filename = (file.filename or "upload").replace("\x00", "")[:256] or "upload"
    if published is not None and published.tzinfo is not None:
        # the same instant as naive local wall-clock, like every time read from feeds, pages and
        # texts (lagebild.connect compares them and cannot mix naive with offset times)
        try:
            published = published.astimezone(ZoneInfo(request.app.state.settings.timezone)).replace(tzinfo=None)
        except OverflowError:  # year 1 or 9999 shifted past the calendar's end
            raise HTTPException(422, detail="published: out of range") from None
    return await run_in_threadpool(_ingest_upload, request, content, filename, source or None, published, connect)


@router.post(
    "/url",
    response_model=m.IngestOut,
    status_code=201,
    responses={401: {"model": m.ErrorOut}, 403: {"model": m.ErrorOut}, 422: {"model": m.ErrorOut}},
)
async def ingest_url(request: Request, body: m.IngestUrlIn, token=can_ingest):
    """Fetch a web page or feed and ingest it (then assign new documents to stories unless
    ``connect`` is false). Needs a token (any role). 422 with the reason when the address
    cannot be fetched (unknown host, refused connection, HTTP error, not a document)."""
    return await run_in_threadpool(_ingest_url, request, body.url, body.source, body.connect)
