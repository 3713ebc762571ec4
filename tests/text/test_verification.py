"""A bullet may reword its source, but never invent a number, a name or a quote."""

from __future__ import annotations

import pytest

from quicklooks.text.verification import check_bullet

SOURCE = (
    "Russia’s Defense Ministry claimed to have shot down 92 Ukrainian drones overnight, "
    "and Ryazan Governor Pavel Malkov said debris struck an “industrial enterprise” "
    "on 2,000 square metres."
)


@pytest.mark.parametrize(
    "bullet",
    [
        "Russia says it shot down 92 Ukrainian drones overnight.",
        "Malkov says debris struck an “industrial enterprise.”",
        "Debris hit 2000 square metres, Malkov says.",
        "ryazan governor reports debris.",  # the first word may differ in case only
    ],
)
def test_backed_bullets_pass(bullet: str) -> None:
    assert check_bullet(bullet, [SOURCE]) == []


@pytest.mark.parametrize(
    ("bullet", "kind", "token"),
    [
        ("Russia shot down 93 Ukrainian drones.", "number", "93"),
        ("Moscow shot down 92 Ukrainian drones.", "name", "Moscow"),
        ("Malkov says debris struck an “industrial site.”", "quote", "industrial site"),
        ("Malkov says debris struck an “industrial enterprise.", "quote", "“"),
        ("Peskov says 92 drones were downed.", "name", "Peskov"),
    ],
)
def test_unbacked_bullets_are_rejected(bullet: str, kind: str, token: str) -> None:
    problems = check_bullet(bullet, [SOURCE])
    assert (kind, token) in [(p.kind, p.token) for p in problems]
    assert all(p.message.endswith(".") and len(p.message) > 20 for p in problems)


def test_sources_are_checked_together() -> None:
    sources = ["Russian forces launched:", "- 157 strike and decoy drones"]
    assert check_bullet("Russian forces launched 157 strike and decoy drones.", sources) == []
    assert [p.kind for p in check_bullet("Russian forces launched 158 drones.", sources)] == ["number"]


def test_empty_bullet_and_missing_source() -> None:
    assert [p.kind for p in check_bullet("  ", [SOURCE])] == ["empty"]
    assert [p.kind for p in check_bullet("Russia shot down drones.", [])] == ["empty"]


def test_capitalised_name_must_keep_its_spelling() -> None:
    problems = check_bullet("Zelensky urges guarantees now.", ["Zelenskyy urged guarantees now."])
    assert [(p.kind, p.token) for p in problems] == [("name", "Zelensky")]
