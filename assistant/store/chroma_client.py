"""The one place that connects to Chroma: a persistent client on disk, or a server."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def chroma_client(path: Path, url: str) -> Any:
    """A Chroma client: on disk at `path`, or the server at `url` (http://host:port[/database],
    one corpus per database; the first instance to use a database creates it)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    if url:
        from urllib.parse import urlparse

        parsed = urlparse(url)
        host, port, ssl = (
            parsed.hostname or "127.0.0.1",
            parsed.port or 8000,
            parsed.scheme == "https",
        )
        database = parsed.path.strip("/")  # http://host:port/<database>: one corpus per database
        if not database:
            return chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=settings)
        admin = chromadb.AdminClient(
            ChromaSettings(
                chroma_api_impl="chromadb.api.fastapi.FastAPI",
                chroma_server_host=host,
                chroma_server_http_port=port,
                chroma_server_ssl_enabled=ssl,
                anonymized_telemetry=False,
            )
        )
        try:
            admin.get_database(database)
        except Exception:  # not found: the first instance to use the URL creates it
            admin.create_database(database)
        return chromadb.HttpClient(
            host=host, port=port, ssl=ssl, database=database, settings=settings
        )
    return chromadb.PersistentClient(path=str(path), settings=settings)
