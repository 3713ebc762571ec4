"""A NUL in a query parameter never reaches the database (PostgreSQL refuses it)."""

import pytest
from django.urls import reverse

from quicklooks.stories.demo import load_demo

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url, query",
    [
        ("/api/v1/stories", "section=*%00E&author=%00&topic=%60"),
        ("/api/v1/search", "q=drones%00"),
        ("/search/", "q=drones%00&section=%00world"),
    ],
)
def test_nul_in_a_query_parameter_is_answered_normally(client, url, query):
    load_demo()
    response = client.get(f"{url}?{query}")
    assert response.status_code == 200


def test_search_with_a_nul_finds_what_it_would_without_it(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the search index is written after commit
        story = load_demo().story
    html = client.get(reverse("stories:search") + "?q=drone%00s").content.decode()
    assert story.get_absolute_url() in html
