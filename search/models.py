"""Search models (see the search issue)."""
