"""What every view (tab) offers the app.

A view is a Textual widget mounted in one tab. The app calls `reload()` after a verdict
or when the database changed (reads must be quick, or run in a worker), `focus_main()`
when the tab is shown (focus on the main list, first row selected), and
`current_claim_id()` to know which claim the review keys (y n e x u) act on.
`export_rows()` gives the rows the command palette's "Export view to CSV" writes.
"""
from __future__ import annotations

from typing import Any, Protocol


class ReviewView(Protocol):
    def reload(self) -> None: ...

    def focus_main(self) -> None: ...

    def current_claim_id(self) -> str | None: ...

    def export_rows(self) -> list[dict[str, Any]]: ...
