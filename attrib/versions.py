"""Versions of what the stages produce, kept apart from the stages themselves so that
checking whether work is pending does not load spaCy or torch."""

# Bump when analysis output changes: stored articles are then analyzed again.
PIPELINE_VERSION = "claims-7"  # claims-3: invisible characters split off words; claims-4: figure keys;
# claims-5: learned cues beyond the lexicon, datelines, speaker lines; claims-6: a known title
# decides the headline, negated and believed facts, spokespeople of named bodies (issue 15);
# claims-7: the calibrated news head over sentence vectors decides claims (issue 18)


# Bump when the model mode's own output changes (the span tagger, the encoder score).
MODEL_MODE_VERSION = "model-3"  # model-2: the encoder's states scored check-worthiness too;
# model-3: no longer (the news head scores claims alike in both modes)


def analysis_version() -> str:
    """PIPELINE_VERSION and the attribution mode: switching ATTRIB_ATTRIBUTION between
    `rules` and `model` changes the spans, so stored articles are analyzed again."""
    from attrib.config import attribution_mode

    mode = attribution_mode()
    return PIPELINE_VERSION if mode == "rules" else f"{PIPELINE_VERSION}+{MODEL_MODE_VERSION}"


# Bump when linking output changes: the next run links again even if no claim changed.
LINK_VERSION = "link-2"
