"""facilitate: meeting material for peer support group facilitators."""

__version__ = "0.1.0"
