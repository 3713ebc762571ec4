"""Reader comments on stories, and their moderation."""
