"""Rendering: the one Jinja2 environment and its sandbox, filters, formats, PDF, iCalendar and
the card layout. Nothing here reads YAML."""
