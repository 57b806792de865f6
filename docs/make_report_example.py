"""Render the sample funding report (PDF, XLSX, 60 dpi PNG pages) into ``docs/examples/report/``.

    python docs/make_report_example.py

Demo data of 300 volunteers (seed 1, "today" 24.11.2026), the calendar year 2026, small counts
shown as "< 3" as in every exported file.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "docs" / "examples"))

from make_examples import logo  # noqa: E402

from lotsen_desktop.bootstrap import open_office_store  # noqa: E402
from lotsen_desktop.documents.report import report_pdf, report_xlsx  # noqa: E402
from lotsen_desktop.services import demo, reports, setup  # noqa: E402

OUT = ROOT / "docs" / "examples" / "report"
TODAY = date(2026, 11, 24)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("bericht-2026*"):
        old.unlink()
    with tempfile.TemporaryDirectory() as folder:
        store = open_office_store(Path(folder) / "demo.sqlite", user="example")
        demo.fill_demo(store, volunteers=300, seed=1, today=TODAY)
        setup.update_office(
            store,
            name="Volkshochschule Musterstadt",
            address="Am Markt 1\n30159 Musterstadt",
            place="Musterstadt",
        )
        report = reports.compute_report(store, reports.Period.year(2026), today=TODAY)
        store.close()
    pdf = OUT / "bericht-2026.pdf"
    pdf.write_bytes(report_pdf(report, logo=logo()))
    (OUT / "bericht-2026.xlsx").write_bytes(report_xlsx(report))
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(OUT / "bericht-2026")], check=True)
    print(sorted(p.name for p in OUT.iterdir()))


if __name__ == "__main__":
    main()
