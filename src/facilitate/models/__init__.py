"""Pydantic models: the catalog contract, the group workspace files and document contexts."""
