"""checker: find where two language editions of an article disagree on facts."""

__version__ = "0.1.0"
