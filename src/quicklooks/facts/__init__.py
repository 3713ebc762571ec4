"""Facts of stored stories: quotes with speakers, figures with claimants, people, places, organisations.

The text core (``quicklooks.text.facts``) extracts them from a story's Deep
Look; this app keeps them per story, re-extracts them when the Deep Look
changes, and shows them: the "Who said what" and "By the numbers" panels on
story pages, and a page for every person and place.
"""
