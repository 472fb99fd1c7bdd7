"""Signal handlers of the org structure (connected in OfficesConfig.ready)."""
