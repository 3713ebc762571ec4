"""The facts on the site: story panels, person and place pages."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from quicklooks.facts.charts import locator
from quicklooks.facts.models import Person, Place
from quicklooks.stories.importing import import_story
from quicklooks.stories.models import Story
from quicklooks.text.storyformat import parse_story

pytestmark = pytest.mark.django_db


def _panel(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def _block_texts(html: str) -> dict[str, str]:
    """Every Deep Look block's id and its text as a reader sees it."""
    blocks = re.findall(r'<(?:p|h3|ul)[^>]* id="(block-\d+)">(.*?)</(?:p|h3|ul)>', html, re.S)
    return {block_id: unescape(re.sub(r"<[^>]+>", "", body)) for block_id, body in blocks}


def test_who_said_what_lists_each_speaker_with_quotes_linked_to_their_blocks(client, sample, gold):
    html = client.get(sample.get_absolute_url()).content.decode()
    panel = _panel(html, "who-said-what-heading")
    speakers = [unescape(re.sub(r"<[^>]+>", "", s)).split(",")[0] for s in re.findall(r'<h3 class="facts-speaker-name">(.*?)</h3>', panel)]
    quoted = [s for s in speakers if s in {q["speaker"] for q in gold["quotes"]}]
    assert quoted == list(dict.fromkeys(q["speaker"] for q in gold["quotes"]))
    # Paraphrases sit with their speaker, marked, never inside quotation marks.
    assert "(paraphrase)" in panel
    assert not re.search(r'<q>[^<]*</q> <span class="facts-note">\(paraphrase\)', panel)
    blocks = _block_texts(html)
    links = re.findall(r'<q>(.*?)</q>.*?href="#(block-\d+)"', panel, re.S)
    assert len(links) == 7
    for quote, block_id in links:
        assert unescape(quote) in blocks[block_id], f"“{quote}” is not in {block_id}"
    assert 'href="/people/dmitry-peskov/"' in panel
    assert "told Argumenty i Fakty" in panel


def test_by_the_numbers_tabulates_figures_with_claimants_and_draws_comparable_ones(client, sample):
    html = client.get(sample.get_absolute_url()).content.decode()
    panel = _panel(html, "by-the-numbers-heading")
    rows = re.findall(r"<tr>\s*<td class=\"num\">(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", panel, re.S)
    assert [r[0] for r in rows] == ["26", "35", "157", "7", "121", "15", "92", "200 km"]
    claims = {r[1]: unescape(re.sub(r"<[^>]+>", "", r[2])) for r in rows}
    assert claims["strike and decoy drones"] == "Ukraine’s Air Force"
    assert claims["drones"] == "Not stated"
    blocks = _block_texts(html)
    for value, _counts, _claim, link in rows:
        block_id = re.search(r'href="#(block-\d+)"', link).group(1)
        assert value.split()[0] in blocks[block_id]
    # Drones launched, intercepted and shot down compare; nations and kilometres do not.
    svgs = re.findall(r"<svg[^>]*role=\"img\"[^>]*>(.*?)</svg>", panel, re.S)
    assert len(svgs) == 1
    assert "<title" in svgs[0] and "<desc" in svgs[0]
    assert re.findall(r'class="facts-bar-value">([\d,]+)<', svgs[0]) == ["157", "121", "92"]


def test_people_and_places_are_linked_from_the_story(client, sample):
    html = client.get(sample.get_absolute_url()).content.decode()
    assert f'href="{Place.objects.get(name="Ryazan").get_absolute_url()}"' in html
    assert f'href="{Person.objects.get(name="Pavel Malkov").get_absolute_url()}"' in html
    assert 'href="/static/facts/facts.css"' in html or "facts/facts.css" in html


def test_unknown_speaker_is_shown_as_unknown(client, ferry):
    html = client.get(ferry.get_absolute_url()).content.decode()
    panel = _panel(html, "who-said-what-heading")
    unknown = panel[panel.index("Unknown speaker") :]
    assert "No refunds on season tickets bought before March." in unknown
    assert "a tax on the island" in unknown
    assert "We carried 412 passengers" not in unknown  # Joan Pike's, above
    assert panel.index("Joan Pike") < panel.index("Unknown speaker")


def test_person_page_lists_stories_and_quotes(client, sample):
    peskov = Person.objects.get(name="Dmitry Peskov")
    response = client.get(reverse("facts:person", args=[peskov.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1 id=\"person-name\">Dmitry Peskov</h1>" in html
    assert "Kremlin spokesperson" in html
    assert sample.headline in html
    assert "Of course, you can’t just take anybody’s word for something" in html
    anchors = re.findall(r'href="(/story/[^"#]+/)#(block-\d+)"', html)
    assert anchors and all(path == sample.get_absolute_url() for path, _ in anchors)


def test_person_page_shows_quotes_that_name_them(client, db, django_capture_on_commit_callbacks):
    story_text = (
        "Mayor Answers Critics/ Newslooks/ LEEDS/ A. Writer/ Morning Edition/ A story.\n\n"
        "Deep Look: Mayor Answers Critics\n"
        "LEEDS, England — Mayor Ana Ruiz defended the budget on Monday.\n"
        "“Ruiz has not listened to anyone,” said council member Tom Hale.\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_story(parse_story(story_text, name="mayor"), source="mayor")
    html = client.get(reverse("facts:person", args=[Person.objects.get(name="Ana Ruiz").slug])).content.decode()
    assert "Quotes that name Ana Ruiz" in html
    assert "Ruiz has not listened to anyone" in html
    assert 'href="/people/tom-hale/"' in html


def test_place_page_lists_stories_and_draws_a_locator(client, sample):
    ryazan = Place.objects.get(name="Ryazan")
    html = client.get(ryazan.get_absolute_url()).content.decode()
    assert "<h1 id=\"place-name\">Ryazan</h1>" in html and "Russia" in html
    assert sample.headline in html
    svg = re.search(r"<svg[^>]*role=\"img\".*?</svg>", html, re.S).group()
    dot = locator(ryazan.lat, ryazan.lon)
    assert f'cx="{dot.x}" cy="{dot.y}"' in svg
    assert "54.63° N, 39.70° E" in svg


def test_a_country_page_says_its_dot_is_a_city(client, sample):
    russia = Place.objects.get(name="Russia")
    html = client.get(russia.get_absolute_url()).content.decode()
    standfirst = re.search(r'<p class="standfirst">(.*?)</p>', html, re.S).group(1)
    assert standfirst.startswith("A country") and "capital or largest city" in standfirst
    assert "Where Russia’s capital or largest city is" in html


def test_locator_puts_the_dot_where_the_coordinates_say():
    assert (locator(0, 0).x, locator(0, 0).y) == (180.0, 90.0)
    assert (locator(90, -180).x, locator(90, -180).y) == (0.0, 0.0)
    assert (locator(-90, 180).x, locator(-90, 180).y) == (360.0, 180.0)
    assert "33.87° S, 151.21° E" in locator(-33.87, 151.21).description


def test_people_named_only_in_drafts_have_no_page(client, sample):
    Story.objects.filter(pk=sample.pk).update(status=Story.Status.DRAFT)
    assert client.get(reverse("facts:person", args=["vladimir-putin"])).status_code == 404
    assert client.get(reverse("facts:place", args=[Place.objects.get(name="Ryazan").slug])).status_code == 404
    assert client.get(reverse("facts:person", args=["no-such-person"])).status_code == 404


def test_quote_text_is_escaped(client, db, django_capture_on_commit_callbacks):
    story_text = (
        "Markup Story/ Newslooks/ LEEDS/ A. Writer/ Morning Edition/ A story.\n\n"
        "Deep Look: Markup Story\n"
        "LEEDS, England — “<script>alert(1)</script> is not news,” said Mayor Ana Ruiz.\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        story = import_story(parse_story(story_text, name="markup"), source="markup").story
    assert story.quotes.filter(kind="direct").count() == 1
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_story_without_facts_shows_no_empty_panels(client, db, django_capture_on_commit_callbacks):
    story_text = (
        "Quiet Day/ Newslooks/ LEEDS/ A. Writer/ Morning Edition/ A story.\n\n"
        "Deep Look: Quiet Day\n"
        "nothing much happened today and nobody said anything about it\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        story = import_story(parse_story(story_text, name="quiet"), source="quiet").story
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Who said what" not in html and "By the numbers" not in html
