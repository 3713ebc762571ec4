"""The desk: staff screens to review, edit, schedule, correct and publish stories."""
