"""Messages the views send the app: one vocabulary, so views stay independent."""
from __future__ import annotations

from textual.message import Message


class OpenClaim(Message):
    """Show this claim in its article (view 1), selected."""

    def __init__(self, claim_id: str, article_id: str | None = None) -> None:
        super().__init__()
        self.claim_id = claim_id
        self.article_id = article_id


class ClaimHighlighted(Message):
    """The claim under the cursor changed (the app's review keys act on it)."""

    def __init__(self, claim_id: str | None) -> None:
        super().__init__()
        self.claim_id = claim_id


class DataChanged(Message):
    """A verdict was recorded or the database changed: views reload what they show."""
