"""The spaCy pipeline: attrib's components (paragraphs, attribution, sources, claims) and the rows analysis stores."""
