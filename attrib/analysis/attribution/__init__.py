"""Finding attributions: the rule finder, the cue lexicon and the learned cue decision."""
