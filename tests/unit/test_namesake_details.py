"""Namesakes are told apart by the shortest detail that differs (issue 11, item 5)."""

from __future__ import annotations

from lotsen_desktop.domain.names import Namesake, distinguishing_details, short_id, with_detail

A = "0a1b2c3d-0000-4000-8000-000000000001"
B = "9f8e7d6c-0000-4000-8000-000000000002"
C = "5e5e5e5e-0000-4000-8000-000000000003"


def test_a_name_alone_gets_no_detail() -> None:
    assert distinguishing_details([Namesake(A, 1985, "Hannover")]) == {}
    assert with_detail("Al-Hassan, Omar", "") == "Al-Hassan, Omar"


def test_birth_year_first_then_place_then_short_id() -> None:
    assert distinguishing_details(
        [Namesake(A, 1985, "Hannover"), Namesake(B, 1990, "Hannover")]
    ) == {
        A: "1985",
        B: "1990",
    }
    assert distinguishing_details([Namesake(A, 1985, "Hannover"), Namesake(B, 1985, "Celle")]) == {
        A: "Hannover",
        B: "Celle",
    }
    same = distinguishing_details(
        [Namesake(A, 1985, "Celle"), Namesake(B, 1985, "celle"), Namesake(C)]
    )
    assert same == {A: "1985, #0a1b2c", B: "1985, #9f8e7d", C: "#5e5e5e"}
    assert short_id(A) == "0a1b2c"
    assert with_detail("Haile, Saida", "1990") == "Haile, Saida (1990)"
