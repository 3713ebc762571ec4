"""Production deployment: the nginx configuration and ``quicklooks deploy local``.

``nginx`` renders the site's nginx configuration; ``local`` starts the whole
production stack on one machine and supervises it. docs/deployment.md says
how the same pieces spread over several machines.
"""
