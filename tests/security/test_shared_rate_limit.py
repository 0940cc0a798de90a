"""The web app's questions count against the same per-client rate limit as the API's: a
visitor cannot go around `CROSSCHECK_RATE_LIMIT` by asking through the UI."""

from __future__ import annotations

from pathlib import Path

import httpx
from gradio_client import Client

from assistant.config import Settings
from assistant.store.embedders import Embedder
from tests.security.helpers import crosscheck

QUESTION = "How long did the Quillon ferry strike last?"


def test_ui_and_api_share_one_rate_limit(
    tmp_path: Path, embedder: Embedder, settings: Settings
) -> None:
    with crosscheck(tmp_path, embedder, settings, rate_limit="3/minute") as served:
        ui = Client(served.url, verbose=False)
        _, shown, _ = ui.predict(QUESTION, [], "extractive", 4, False, api_name="/respond")
        assert "nineteen days" in str(shown[-1]["content"])
        api = [
            httpx.post(f"{served.url}/api/v1/ask", json={"question": QUESTION}, timeout=60)
            for _ in range(2)
        ]
        assert [r.status_code for r in api] == [200, 200]
        _, shown, _ = ui.predict(QUESTION, [], "extractive", 4, False, api_name="/respond")
        assert "Too many questions" in str(shown[-1]["content"])
        refused = httpx.post(f"{served.url}/api/v1/ask", json={"question": QUESTION}, timeout=60)
        assert refused.status_code == 429
