"""Rendering: the one Jinja2 environment, output formats and PDF."""
