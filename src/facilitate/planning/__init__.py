"""Pure planning logic: prompt selection, agenda composition and timing, series plans."""
