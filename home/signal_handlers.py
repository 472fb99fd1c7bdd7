"""Signal handlers of the home app (connected in HomeConfig.ready)."""
