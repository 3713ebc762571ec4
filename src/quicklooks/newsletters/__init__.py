"""Newsletters: a show's day of stories in readers' inboxes, as Quick Looks, sent once per reader."""
