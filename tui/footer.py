"""The footer, fitted to the terminal's width.

Textual's Footer docks the command-palette key on the right, over the other keys: when
they do not fit (80 columns), the last ones show through or under it ("^p palettep"). This
one keeps what fits: the review keys and help first (help lists everything else), then the
others in footer order while they fit beside the palette key. Recomposed on resize."""
from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

KEEP_FIRST = ("review.", "app.help")  # binding ids (prefixes) shown whenever they fit


def key_width(key: FooterKey, compact: bool) -> int:
    """Cells a key takes in the footer, its margin included (Footer's CSS)."""
    text = key.key_display + (f" {key.description}" if key.description else "")
    if not compact:
        text = f" {text} "
    return cell_len(text) + 1


class FittingFooter(Footer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._composed_width = 0

    def _width(self) -> int:
        return self.size.width or self.screen.size.width or self.app.size.width

    def compose(self) -> ComposeResult:
        items = list(super().compose())
        self._composed_width = width = self._width()
        palette = [w for w in items if isinstance(w, FooterKey) and w.has_class("-command-palette")]
        keys = [w for w in items if isinstance(w, FooterKey) and w not in palette]
        if len(keys) != len([w for w in items if w not in palette]):
            yield from items  # binding groups: leave Textual's layout alone
            return
        room = width - sum(key_width(w, self.compact) for w in palette)
        active = self.screen.active_bindings

        def first(w: FooterKey) -> bool:
            binding = active.get(w.key)
            bid = (binding[1].id if binding else None) or ""
            return any(bid.startswith(p) for p in KEEP_FIRST)

        kept: set[int] = set()
        for w in sorted(keys, key=lambda w: not first(w)):  # stable: footer order within each rank
            need = key_width(w, self.compact)
            if need <= room:
                kept.add(id(w))
                room -= need
        yield from (w for w in keys if id(w) in kept)
        yield from palette

    def on_resize(self, event: Resize) -> None:
        if self._bindings_ready and self._width() != self._composed_width:
            self.call_after_refresh(self.recompose)
