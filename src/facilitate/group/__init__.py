"""The group: its workspace, history, ground rules, safety checks, doctor and set-up."""
