"""Reader and staff accounts: allauth configuration, public profiles, staff roles."""
