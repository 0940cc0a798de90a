"""The upload report shown in the Library tab, as a pure function of the per-file results."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.corpus.uploads import UploadResult
from assistant.ui.render import esc


def render_upload_report(results: Sequence[UploadResult]) -> str:
    if not results:
        return '<p class="cc-note">Choose files first.</p>'
    items = []
    for r in results:
        if r.error:
            items.append(
                f'<li class="cc-up-error"><b>{esc(r.name)}</b> was not added: {esc(r.error)}</li>'
            )
        else:
            what = f"{r.chunks} passages" if r.chunks else "already indexed, same content"
            items.append(
                f'<li class="cc-up-ok"><b>{esc(r.name)}</b> {esc(r.status)} as '
                f"<code>{esc(r.doc_id)}</code> ({what}); you can ask about it now.</li>"
            )
    return f'<ul class="cc-upload-report">{"".join(items)}</ul>'
