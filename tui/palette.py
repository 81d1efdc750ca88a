"""The command palette's attrib commands (ctrl+p): switch views, export, refresh, help, quit."""
from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from tui.app import AttribApp


class AttribCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app: AttribApp = self.app  # type: ignore[assignment]
        out = []
        for n, (view_id, title) in enumerate(app.VIEW_TITLES.items(), 1):
            out.append((f"Show {title}", partial(app.action_show_view, view_id), f"Switch to view {n} ({title})"))
        out += [
            ("Export current view to CSV", app.action_export,
             "Write what the current view lists to a CSV file (asks where: your downloads folder by default)"),
            ("Refresh from the database", app.action_refresh, "Reload every view (another process may have written)"),
            ("Search claims", app.action_search, "Full-text search over every claim"),
            ("Help: keys", app.action_help, "Every key binding"),
            ("Quit", app.action_quit, "Leave attrib"),
        ]
        return out

    async def discover(self) -> Hits:
        for name, callback, help in self._commands():
            yield DiscoveryHit(name, callback, help=help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help)
