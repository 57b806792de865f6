"""Names from everywhere: folding, search keys and German collation."""

from __future__ import annotations

import pytest

from lotsen_desktop.domain import names


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("İlkay Şahin", "ilkay sahin"),
        ("Nguyễn Thị Ánh", "nguyen thi anh"),
        ("Łukasz Żółkiewski", "lukasz zolkiewski"),
        ("Jörg Weiß", "jorg weiss"),
        ("Олена Шевченко", "олена шевченко"),
        ("  Ana   <b> ", "ana <b>"),
        ("ØSTERGÅRD", "ostergard"),
        ("Đặng", "dang"),
    ],
)
def test_fold(name: str, folded: str) -> None:
    assert names.fold(name) == folded


def test_sort_key_orders_umlauts_with_base_letters() -> None:
    family = [
        "Zander",
        "Özdemir",
        "Ober",
        "Müller",
        "Mueller",
        "Mutlu",
        "Çelik",
        "Cordes",
        "Шевченко",
        "Łukasik",
    ]
    ordered = sorted(family, key=lambda f: names.sort_key(f, ""))
    assert ordered.index("Özdemir") < ordered.index("Zander")
    assert ordered.index("Ober") < ordered.index("Özdemir")  # ober < ozdemir
    assert ordered.index("Çelik") < ordered.index("Cordes")
    assert ordered.index("Łukasik") < ordered.index("Müller")
    assert ordered[-1] == "Шевченко"  # other scripts after Latin


def test_search_terms_and_like_escaping() -> None:
    assert names.search_terms(" Şahin  İLKAY ") == ["sahin", "ilkay"]
    assert names.escape_like("50%_a\\b") == "50\\%\\_a\\\\b"
