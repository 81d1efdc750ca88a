"""Doc extensions the attrib components fill, registered once per process."""
from __future__ import annotations

from spacy.tokens import Doc


def register() -> None:
    for name in ("attrib_claims", "attrib_attributions"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
