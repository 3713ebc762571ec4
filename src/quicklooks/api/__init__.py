"""The read API (django-ninja), versioned under ``/api/v1/``, schema at ``/api/openapi.json``."""
