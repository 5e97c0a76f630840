"""Pure planning logic: timing, prompt choice, the agenda, the season, themes, privacy checks
and which situation cards fit."""
