"""The write door of the API: `POST /api/v1/documents` (multipart, one or more files) and
`DELETE /api/v1/documents/{id}` (uploads only). The same write policy, checks and per-file
report as the web app's Library tab; with `CROSSCHECK_API_KEY` set, the guard in front of
/api/ has already asked for the key."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, UploadFile

from assistant.config import Settings
from assistant.corpus.uploads import UploadResult, safe_name
from assistant.ledger.library import Library, add_upload, remove_upload
from assistant.serve.guards import error_response, presented_key
from assistant.serve.policy import upload_refusal
from assistant.serve.schemas import ErrorOut

DOCUMENTS = "/api/v1/documents"
_REFUSED: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "No files were sent."},
    403: {"model": ErrorOut, "description": "Adding or removing documents is not allowed."},
    404: {"model": ErrorOut, "description": "No such document."},
}


def upload_json(r: UploadResult) -> dict[str, Any]:
    return {"name": r.name, "doc_id": r.doc_id, "status": r.status or "refused",
            "error": r.error, "chunks": r.chunks}  # fmt: skip


def add_write_routes(app: FastAPI, library: Library, settings: Settings) -> None:
    @app.post(DOCUMENTS, responses=_REFUSED, tags=["documents"])
    def add_documents(request: Request, files: list[UploadFile]) -> Any:
        """Add files (txt, md, html, pdf) to the corpus's uploads and index them; one result
        per file: `status` added / replaced / unchanged, or `refused` with the `error`."""
        refusal = upload_refusal(settings, presented_key(request.headers))
        if refusal is not None:
            return error_response(403, "writes_closed", refusal)
        if not files:
            return error_response(400, "no_files", "Send one or more files as multipart 'files'.")
        with tempfile.TemporaryDirectory(prefix="crosscheck-upload-") as tmp:
            results = [_add_one(f, Path(tmp), library, settings) for f in files]
        return {"documents": [upload_json(r) for r in results]}

    @app.delete(f"{DOCUMENTS}/{{doc_id:path}}", responses=_REFUSED, tags=["documents"])
    def delete_document(request: Request, doc_id: str) -> Any:
        """Remove an uploaded document (its file and its rows); the corpus's own documents
        cannot be removed through the API."""
        refusal = upload_refusal(settings, presented_key(request.headers))
        if refusal is not None:
            return error_response(403, "writes_closed", refusal)
        problem = remove_upload(library, doc_id, settings.corpus_dir)
        if problem is None:
            return {"removed": doc_id}
        status = 404 if problem.startswith("No document") else 403
        return error_response(status, "not_found" if status == 404 else "not_an_upload", problem)


def _add_one(upload: UploadFile, tmp: Path, library: Library, settings: Settings) -> UploadResult:
    """Write one received file under its cleaned name in a private folder, then add it."""
    name = safe_name(upload.filename or "")
    target = tmp / name
    size = 0
    with target.open("wb") as out:
        while chunk := upload.file.read(1 << 16):
            size += len(chunk)
            if size > settings.max_upload_bytes:
                return UploadResult(name, error=f"larger than {settings.max_upload_bytes:,} bytes")
            out.write(chunk)
    return add_upload(target, library, settings.corpus_dir)
