"""Ingest: bring stories in from web pages, feeds and folders, politely and safely."""
