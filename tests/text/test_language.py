"""Golden table: which texts read as English news prose."""

from __future__ import annotations

import pytest

from quicklooks.text.language import reads_as_english

ROWS = [
    pytest.param(
        "The city council approved the new bridge on Tuesday after a two-year dispute with residents, "
        "who said the plan would bring more traffic to the old town.", True, id="english-news",
    ),
    pytest.param(
        "Die Regierung hat am Dienstag einen neuen Haushalt beschlossen. Der Finanzminister sprach von "
        "einem schwierigen Jahr. In Berlin protestierten tausende Menschen.", False, id="german",
    ),
    pytest.param(
        "Le gouvernement a adopté mardi un nouveau budget. Le ministre des Finances a parlé d'une année "
        "difficile. À Paris, des milliers de personnes ont manifesté.", False, id="french",
    ),
    pytest.param(
        "El gobierno aprobó el martes un nuevo presupuesto. El ministro de Hacienda habló de un año "
        "difícil. En Madrid, miles de personas protestaron contra el plan.", False, id="spanish",
    ),
    pytest.param(
        "Президент России Владимир Путин предупредил, что любые иностранные войска на Украине станут "
        "законными целями. Об этом он заявил на форуме во Владивостоке в пятницу.", False, id="russian",
    ),
    pytest.param(
        "Putin told the forum: “Если там появятся какие-то войска, мы будем исходить из того, что это "
        "законные цели.” He said the West had been warned and that the remarks were meant for Paris.",
        True, id="english-quoting-russian",
    ),
    pytest.param("Council OKs bridge. Mayor hails vote.", True, id="too-short-to-judge"),
]


@pytest.mark.parametrize(("text", "english"), ROWS)
def test_reads_as_english(text: str, english: bool) -> None:
    assert reads_as_english(text) is english
