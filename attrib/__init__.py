"""attrib: who says so, through whom it reached the page, and which claims nobody is named for."""

__version__ = "0.1.0"
