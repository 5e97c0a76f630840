"""The error tree: issues print as FILE:LINE:COL, OS errors in plain words."""

from __future__ import annotations

from facilitate.errors import CatalogError, Issue, UserError, cannot


def test_catalog_errors_are_user_errors_with_one_line_per_issue() -> None:
    error = CatalogError([Issue("f.yaml", 2, 3, "bad")])
    assert isinstance(error, UserError)
    assert error.lines() == ["f.yaml:2:3: bad"]


def test_os_errors_in_plain_words() -> None:
    assert cannot(OSError(28, "No space left on device")) == "no space left on device"
