"""Display names that only look like a staff member's, or like the site's own voice, are refused."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from quicklooks.accounts import names
from quicklooks.accounts.models import display_name_problem
from tests.comments.conftest import make_reader

pytestmark = pytest.mark.django_db
PASSWORD = "plum orchard lantern 42"


@pytest.fixture
def staff(db):
    make_reader("dana@example.org", name="Dana Whitfield", roles=("moderator",))
    return make_reader("eddie@example.org", name="Eddie Editor", roles=("editor",))


# Golden table: name -> refused?
NAMES = [
    ("Мo Dеrator", True),  # Cyrillic М and е
    ("Moderator", True),
    ("mo derator", True),
    ("The_Moderators", True),
    ("rnoderator", True),  # rn looks like m
    ("Newslooks Staff", True),
    ("NEWSL00KS", True),
    ("Staff", True),
    ("Jane (Admin)", True),
    ("Site Support", True),
    ("Dаna Whitfiеld", True),  # a staff member's name in Cyrillic letters
    ("Dana Whitfie1d", True),  # ... with a one for an l
    ("Eddie  Editor", True),  # the same name: taken
    ("Stafford Reader", False),
    ("Badminton Fan", False),
    ("Dana Whitford", False),
    ("Олена Марченко", False),  # a Cyrillic name of one's own
    ("Moritz Dietrich", False),
]


@pytest.mark.parametrize(("name", "refused"), NAMES)
def test_signup_refuses_names_confusable_with_staff_or_the_site(client, staff, name, refused):
    data = {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD, "display_name": name}
    response = client.post(reverse("account_signup"), data)
    if refused:
        assert response.status_code == 200, "the form comes back with an error"
        page = response.content.decode()
        assert any(escape(message) in page for message in (names.LIKE_STAFF, names.LIKE_THE_SITE, names.TAKEN))
    else:
        assert response.status_code == 302, response.content.decode()[:2000]


def test_the_account_page_refuses_them_too(client, staff):
    me = make_reader("me@example.org", name="Someone Else")
    client.force_login(me)
    response = client.post(reverse("accounts:settings"), {"display_name": "Мo Dеrator"})
    assert escape(names.LIKE_THE_SITE) in response.content.decode()
    response = client.post(reverse("accounts:settings"), {"display_name": "Dаna Whitfiеld"})
    assert escape(names.LIKE_STAFF) in response.content.decode()


def test_staff_may_sign_as_what_they_are(staff):
    mod = make_reader("mod@example.org", name="Mod One", roles=("moderator",))
    assert display_name_problem("Site Moderator", user_id=mod.pk) is None


@pytest.mark.parametrize(("a", "b"), [("Мo Dеrator", "Mo Derator"), ("ＭＯＤＥＲＡＴＯＲ", "moderator"), ("Dаna", "Dana")])
def test_skeletons_of_lookalikes_are_equal(a, b):
    assert names.skeleton(a) == names.skeleton(b)
