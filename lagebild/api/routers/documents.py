"""Documents: ingest (upload or URL), list with filters, one document with all its layers."""
from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from lagebild.api import models as m
from lagebild.api import queries as q
from lagebild.api.auth import can_ingest, can_read
from lagebild.api.routers.common import Limit, Offset, ShortText, Since, Until
from lagebild.api.service import doc_summary, document_out, engine_of, load_document, not_found, store_of
from lagebild.document import DocumentKind, IngestError, InputFormat, RawDocument

router = APIRouter(prefix="/api/documents", tags=["documents"])

FETCH_TIMEOUT_S = 15.0


@router.get("", response_model=m.Page[m.DocumentSummaryOut], dependencies=[can_read])
def list_documents(
    request: Request,
    limit: Limit = 20,
    offset: Offset = 0,
    since: Since = None,
    until: Until = None,
    source: ShortText = None,
    kind: DocumentKind | None = None,
    entity: ShortText = None,
):
    with store_of(request).db.connect() as conn:
        total, rows = q.list_documents(
            conn, limit=limit, offset=offset, since=since, until=until, source=source, kind=kind, entity=entity
        )
    return m.Page(total=total, limit=limit, offset=offset, items=[doc_summary(r) for r in rows])


@router.get("/{doc_id}", response_model=m.DocumentOut, responses={404: {"model": m.ErrorOut}}, dependencies=[can_read])
def get_document(request: Request, doc_id: str):
    doc = load_document(store_of(request), doc_id)
    if doc is None:
        raise not_found("document", doc_id)
    return document_out(doc)


def _ingest(request: Request, raws: list[RawDocument]) -> m.IngestOut:
    engine = engine_of(request)
    out, errors = [], []
    for raw in raws:
        try:
            result = engine.ingest(raw)
        except IngestError as exc:
            errors.append(str(exc))
            continue
        docs = result if isinstance(result, list) else [result]
        for doc in docs:
            if isinstance(doc, IngestError):
                errors.append(str(doc))
                continue
            out.append(
                m.DocumentSummaryOut(
                    id=doc.id, name=doc.name, title=doc.meta.title, source=doc.meta.source, kind=doc.meta.kind,
                    published=doc.meta.published, url=doc.meta.url,
                )
            )
    if not out and errors:
        raise HTTPException(422, detail="; ".join(errors))
    return m.IngestOut(documents=out, errors=errors)


def _format_for(filename: str, content_type: str | None) -> InputFormat:
    name = filename.lower()
    if name.endswith((".html", ".htm")) or (content_type or "").startswith("text/html"):
        return "html"
    if name.endswith((".xml", ".rss", ".atom")) or "xml" in (content_type or ""):
        return "feed"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    return "text"


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
    token=can_ingest,
):
    """Ingest one uploaded file (text, HTML, feed or JSONL). Needs a token (any role)."""
    limit = request.app.state.settings.max_document_bytes
    content = await file.read(limit + 1)
    if len(content) > limit:
        raise HTTPException(413, detail=f"upload larger than {limit} bytes")
    if not content.strip():
        raise HTTPException(422, detail="the uploaded file is empty")
    filename = (file.filename or "upload").replace("\x00", "")[:256]
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "upload"
    raw = RawDocument(
        content=content, origin=f"upload:{filename}", format=_format_for(filename, file.content_type),
        name=stem, source=(source or None),
    )
    return await run_in_threadpool(_ingest, request, [raw])


@router.post(
    "/url",
    response_model=m.IngestOut,
    status_code=201,
    responses={401: {"model": m.ErrorOut}, 403: {"model": m.ErrorOut}, 422: {"model": m.ErrorOut}},
)
async def ingest_url(request: Request, body: m.IngestUrlIn, token=can_ingest):
    """Fetch a web page or feed and ingest it. Needs a token (any role)."""
    limit = request.app.state.settings.max_document_bytes
    try:
        async with httpx.AsyncClient(timeout=FETCH_TIMEOUT_S, follow_redirects=True) as client:
            async with client.stream("GET", body.url, headers={"User-Agent": "lagebild"}) as resp:
                if resp.status_code >= 400:
                    raise HTTPException(422, detail=f"fetching {body.url} gave HTTP {resp.status_code}")
                chunks, size = [], 0
                async for chunk in resp.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise HTTPException(422, detail=f"{body.url} is larger than {limit} bytes")
                    chunks.append(chunk)
                content_type = resp.headers.get("content-type", "")
    except httpx.HTTPError as exc:
        raise HTTPException(422, detail=f"could not fetch {body.url}: {type(exc).__name__}") from None
    except ValueError as exc:  # e.g. an URL httpx refuses
        raise HTTPException(422, detail=f"could not fetch {body.url}: {exc}") from None
    content = b"".join(chunks)
    fmt: InputFormat = "html" if "html" in content_type else ("feed" if "xml" in content_type else "text")
    raw = RawDocument(content=content, origin=body.url, format=fmt, url=body.url, source=body.source)
    return await run_in_threadpool(_ingest, request, [raw])
