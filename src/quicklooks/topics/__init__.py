"""Topics: stories about the same running event, linked automatically and curated by editors."""
