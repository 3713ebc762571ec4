"""Stories: the published two-tier story (Quick Looks and Deep Look) and its pages."""
