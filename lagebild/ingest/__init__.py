"""Ingest: inputs -> RawDocument (readers) -> Document (decode); the "metadata" stage.

    for item in iter_raw_documents(["feed.xml", "folder/", "-"], settings):
        if isinstance(item, IngestError): report(item); continue
        try:
            doc = to_document(item, settings)
        except IngestError as err: report(err); continue
"""
from lagebild.ingest.decode import document_id, to_document
from lagebild.ingest.readers import iter_raw_documents

__all__ = ["document_id", "iter_raw_documents", "to_document"]
