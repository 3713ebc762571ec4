"""quicklooks: a news platform that publishes every story as Quick Looks and a Deep Look."""

__version__ = "0.1.0"
