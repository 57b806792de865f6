"""The best suggestions for a request: by score, then by name, whatever the number of ties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lotsen_desktop.domain import names
from lotsen_desktop.services.mentoring import Suggestion, _best

NAMES = ["Ayşe Şahin", "ayse sahin", "Łukasz Nowak", "Lukas Nowak", "Олена Коваль", "Ánh", "Anh"]


def _suggestion(number: int, name: str, score: int) -> Suggestion:
    return Suggestion(f"id{number}", name, score, (), False, "", 0)


@given(
    people=st.lists(st.tuples(st.sampled_from(NAMES), st.integers(-2, 4)), max_size=40),
    limit=st.integers(1, 25),
)
def test_only_names_near_the_last_place_are_folded_and_the_order_is_the_full_sort(
    people: list[tuple[str, int]], limit: int
) -> None:
    """``_best`` folds only the names that can still reach the list; the result must be what
    sorting everyone by score and folded name gives (ties keep the candidates' order)."""
    suggestions = [_suggestion(n, name, score) for n, (name, score) in enumerate(people)]
    expected = sorted(suggestions, key=lambda s: (-s.score, names.fold(s.name)))[:limit]
    assert _best(list(suggestions), limit) == expected


def test_a_cutoff_inside_a_tie_keeps_the_whole_tie_in_play() -> None:
    suggestions = [
        _suggestion(1, "Zeynep Yılmaz", 5),
        _suggestion(2, "Zoran Ilić", 3),
        _suggestion(3, "Anna Bäcker", 3),
        _suggestion(4, "Ömer Çelik", 3),
        _suggestion(5, "Aaron Abel", 1),
    ]
    shown = _best(suggestions, 2)
    assert [s.name for s in shown] == ["Zeynep Yılmaz", "Anna Bäcker"]
