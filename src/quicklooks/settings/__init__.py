"""Settings, split by environment: base, embedded (the default), test, production.

Every value that differs between a laptop and a newsroom's servers comes from
the environment; see ``docs/configuration.md`` for the full list.
"""
