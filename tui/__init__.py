"""attrib's review interface (Textual). The library in attrib/ never imports this package;
`attrib tui` loads it by name."""
