import pytest

pytestmark = pytest.mark.django_db


def test_story_page_renders_comment_panel(client, story, reader):
    html = client.get(story.get_absolute_url()).content.decode()
    assert "You must" in html and "Register</a>" in html
    client.force_login(reader)
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<textarea" in html
    r = client.post(f"/comments/story/{story.slug}/post/", {"text": "Hello <b>world</b> https://example.org/x.", "idempotency_key": "6f1c2c7e-7c2e-4a43-9a39-2b8e3a0b8a11"})
    assert r.status_code == 302, r.content.decode()[:2000]
    html = client.get(story.get_absolute_url()).content.decode()
    print(html[html.find('id="comments"') - 200:][:4000])
