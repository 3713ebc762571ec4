"""Topics stored: clustering on publish and rebuild, editors' merge/split/rename, topic pages."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from quicklooks.stories.models import Story
from quicklooks.topics import clustering
from quicklooks.topics.models import Topic, TopicStory
from quicklooks.topics.similarity import pair_scores

pytestmark = pytest.mark.django_db


def _grouping(truth):
    slugs = sorted(truth)
    links = dict(TopicStory.objects.values_list("story__slug", "topic_id"))
    return pair_scores([links[s] for s in slugs], [truth[s] for s in slugs])


def test_rebuild_groups_the_fixture_set(load_topic_stories):
    precision, recall = _grouping(load_topic_stories)
    assert precision >= 0.9 and recall >= 0.9
    assert Topic.objects.with_published().count() == 5


def test_publishing_places_each_story_as_it_arrives(db, django_capture_on_commit_callbacks):
    from tests.readers import store_topic_stories

    with django_capture_on_commit_callbacks(execute=True):
        truth = store_topic_stories(rebuild=False)
    # No rebuild: the signal placed each story when its import committed.
    precision, recall = _grouping(truth)
    assert precision >= 0.9 and recall >= 0.9


def test_topic_names_come_from_shared_names(load_topic_stories):
    names = set(Topic.objects.values_list("name", flat=True))
    assert any("Cedar Ridge Fire" in name for name in names)
    assert any("Camila Rojas" in name for name in names)


def test_rebuild_keeps_topic_addresses(load_topic_stories):
    before = set(Topic.objects.values_list("slug", flat=True))
    summary = clustering.rebuild()
    assert summary == {"stories": 31, "topics": 5, "created": 0}
    assert set(Topic.objects.values_list("slug", flat=True)) == before


def _topic_of(slug_start):
    return Story.objects.get(slug__startswith=slug_start).topic_link.topic


def test_merge_pins_stories_and_survives_rebuild(load_topic_stories):
    fire, storm = _topic_of("cedar-ridge-fire-forces"), _topic_of("tropical-storm-marisol")
    clustering.merge(fire, [storm])
    assert not Topic.objects.filter(pk=storm.pk).exists()
    assert fire.links.count() == 12
    clustering.rebuild()
    assert fire.links.count() == 12  # editors' decisions stand


def test_split_moves_chosen_stories_and_rename_locks_the_name(load_topic_stories):
    chile = _topic_of("camila-rojas-wins")
    markets = list(Story.objects.filter(slug__in=["chiles-peso-rises-after-rojas-victory"]))
    new = clustering.split(chile, markets, "Chile’s markets")
    assert new.name == "Chile’s markets" and new.name_locked
    assert list(new.links.values_list("story__slug", flat=True)) == ["chiles-peso-rises-after-rojas-victory"]
    clustering.rename(chile, "Chile’s 2026 election")
    clustering.rebuild()
    chile.refresh_from_db()
    assert chile.name == "Chile’s 2026 election"
    assert chile.links.count() == 5


@pytest.mark.parametrize(
    "stories, name, message",
    [([], "New", "at least one story"), (None, "", "name")],
)
def test_split_refuses_what_it_cannot_do(load_topic_stories, stories, name, message):
    chile = _topic_of("camila-rojas-wins")
    chosen = stories if stories is not None else [Story.objects.get(slug="chiles-peso-rises-after-rojas-victory")]
    with pytest.raises(ValueError, match=message):
        clustering.split(chile, chosen, name)


def test_unpublishing_takes_a_story_out_of_its_topic(load_topic_stories, django_capture_on_commit_callbacks):
    story = Story.objects.get(slug__startswith="cedar-ridge-fire-forces")
    with django_capture_on_commit_callbacks(execute=True):
        story.status = Story.Status.DRAFT
        story.save()
    assert not TopicStory.objects.filter(story=story).exists()


def test_topic_page_shows_timeline_newest_first_with_quick_looks(client, load_topic_stories):
    topic = _topic_of("russia-launches-142")
    page = client.get(topic.get_absolute_url()).content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in page[: page.index("</head>")]
    html = page[page.index('id="timeline-heading"') :]
    kyiv, chernihiv = html.index("Russia Launches 142 Drones"), html.index("Chernihiv Without Power")
    assert chernihiv < kyiv  # newest first
    assert "Russia launched 142 drones at Ukraine overnight" in html  # the Quick Looks


def test_topic_page_draws_the_drones_series(client, load_topic_stories):
    topic = _topic_of("russia-launches-142")
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "By the numbers" in html
    chart = html[html.index('<figure class="series-chart"') : html.index("</figure>")]
    assert "<svg" in chart and "<title" in chart and "<desc" in chart and 'role="img"' in chart
    assert "Drones" in chart
    # The table alternative lists every night's count in date order.
    cells = [int(c.split("<")[0].replace(",", "")) for c in chart.split('<td class="num">')[1:]]
    assert cells == [142, 98, 175, 120, 131, 88, 156]


def test_topic_without_recurring_figures_has_no_chart(client, load_topic_stories):
    topic = _topic_of("camila-rojas-wins")
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "By the numbers" not in html


def test_story_page_links_its_topic_and_related_stories(client, load_topic_stories):
    story = Story.objects.get(slug__startswith="russia-launches-142")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Part of a running story" in html
    related = html[html.index('id="related-heading"') :]
    assert "Chernihiv Without Power" in related
    assert "Hurricane Marisol" not in related[: related.index("</section>")]


def test_topic_list_shows_running_events(client, load_topic_stories):
    html = client.get(reverse("topics:list")).content.decode()
    assert html.count('class="topic-count"') == 5


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("edna", "edna@example.org", "correct horse battery")
    try:
        from django.contrib.auth.models import Group

        from quicklooks.accounts.roles import EDITOR

        group, _ = Group.objects.get_or_create(name=EDITOR)
        user.groups.add(group)
    except ImportError:
        user.is_staff = True
        user.save()
    return user


def test_editing_topics_is_for_editors_only(client, load_topic_stories):
    topic = _topic_of("camila-rojas-wins")
    # An anonymous visitor is sent to log in (the desk's rule for staff pages), and nothing changes.
    page = client.get(reverse("topics:edit", args=[topic.slug]))
    assert page.status_code == 302 and reverse("account_login") in page["Location"]
    response = client.post(reverse("topics:rename", args=[topic.slug]), {"name": "Hijacked"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    topic.refresh_from_db()
    assert topic.name != "Hijacked"


def test_editor_renames_merges_and_splits_from_the_edit_page(client, load_topic_stories, editor):
    client.force_login(editor)
    chile, fed = _topic_of("camila-rojas-wins"), _topic_of("federal-reserve-holds")
    page = client.get(reverse("topics:edit", args=[chile.slug]))
    assert page.status_code == 200 and b"csrfmiddlewaretoken" in page.content
    client.post(reverse("topics:rename", args=[chile.slug]), {"name": "Chile votes"})
    chile.refresh_from_db()
    assert chile.name == "Chile votes"
    client.post(reverse("topics:merge", args=[chile.slug]), {"merge": [fed.slug]})
    assert chile.links.count() == 12
    fed_slugs = list(Story.objects.filter(slug__contains="fed").values_list("slug", flat=True)[:2])
    response = client.post(reverse("topics:split", args=[chile.slug]), {"stories": fed_slugs, "name": "Fed"})
    new = Topic.objects.get(name="Fed")
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert new.links.count() == 2


def test_editor_pages_refuse_empty_split_with_a_message(client, load_topic_stories, editor):
    client.force_login(editor)
    chile = _topic_of("camila-rojas-wins")
    response = client.post(reverse("topics:split", args=[chile.slug]), {"name": "x"}, follow=True)
    assert "Choose at least one story" in response.content.decode()


def test_cli_rebuild_reports_its_work(load_topic_stories):
    from click.testing import CliRunner

    from quicklooks.cli import main

    result = CliRunner().invoke(main, ["topics", "rebuild", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "31 stories in 5 topics" in result.output
