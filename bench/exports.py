"""Take-home files: how long each takes to build, and the memory it needs.

    .venv/bin/python bench/exports.py [--runs N] [--skip-all] [--json PATH]

In one process, on this machine, with the shipped data: one map picture (PNG and SVG, each map), the ten slides as
PPTX and as PDF, one factsheet, and all 355 factsheets (as `python -m kansrijke.exports.factsheets` writes them).
Each figure is printed next to a floor measured in the same run with the same library: an empty 1920x1080
matplotlib figure saved as PNG (the cost of the canvas alone), and a one-page PDF with the same three embedded
fonts and one line of text (the cost of fpdf2 and the fonts alone); the ratio says what our content adds.
Peak memory is the process's maximum resident set size after each step. Prints figures; never fails on time.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kansrijke.data.tables import load_tables  # noqa: E402
from kansrijke.exports import factsheet, factsheets, pdf, pictures, presentation, style  # noqa: E402

T = TypeVar("T")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(function: Callable[[], T], runs: int) -> tuple[float, T]:
    """Median seconds over `runs` calls (after one warm-up call whose result is returned)."""
    result = function()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def empty_png() -> bytes:
    figure = style.new_figure(pictures.WIDTH_PX, pictures.HEIGHT_PX, pictures.DPI)
    return style.figure_bytes(figure, "png")


def bare_pdf() -> bytes:
    document = pdf.new_pdf(210, 297, "floor", "nl", "2020")
    document.add_page()
    for face in ("", "B", "I"):
        document.set_font(pdf.FAMILY, face, 10)
        document.cell(100, 5, "Kansrijke Start € 0,86", new_x="LMARGIN", new_y="NEXT")
    return pdf.pdf_bytes(document)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-all", action="store_true", help="skip the run over all 355 factsheets")
    parser.add_argument("--json", type=Path, default=ROOT / "artifacts" / "exports" / "bench.json")
    args = parser.parse_args(argv)

    figures: dict[str, float] = {}
    tables = load_tables()
    figures["peak_mb_after_loading"] = peak_mb()
    print(f"machine: {platform.machine()}, python {platform.python_version()}; runs per figure: {args.runs}")
    print(f"{'what':48} {'seconds':>9} {'floor':>9} {'x floor':>8} {'bytes':>10}")

    def line(key: str, seconds: float, floor: float | None, size: int | None) -> None:
        figures[key] = round(seconds, 4)
        ratio = f"{seconds / floor:8.1f}" if floor else " " * 8
        print(f"{key:48} {seconds:9.3f} {floor if floor else float('nan'):9.3f} {ratio} {size or 0:10,}")

    png_floor, _ = timed(empty_png, args.runs)
    figures["floor_empty_png"] = round(png_floor, 4)
    builders = {
        "kaart": lambda: pictures.coalition_map_data(tables, "2020-07-01", "nl"),
        "financiering": lambda: pictures.funding_map_data(tables, "totaal", "nl"),
        "nnz": lambda: pictures.nnz_map_data(tables, "2020-07-01", "nl"),
    }
    for kind, build in builders.items():
        for fmt in ("png", "svg"):
            seconds, data = timed(lambda: pictures.map_picture(build(), fmt), args.runs)
            line(f"map picture {kind} ({fmt}, incl. its data)", seconds, png_floor, len(data))
    figures["peak_mb_after_maps"] = peak_mb()

    seconds, data = timed(lambda: presentation.pptx_bytes(tables, "nl"), max(1, args.runs // 2))
    line("slides as PPTX (10 slides)", seconds, None, len(data))
    seconds, data = timed(lambda: presentation.pdf_bytes(tables, "nl"), max(1, args.runs // 2))
    line("slides as PDF (10 pages)", seconds, None, len(data))
    figures["peak_mb_after_slides"] = peak_mb()

    pdf_floor, _ = timed(bare_pdf, args.runs)
    figures["floor_bare_pdf"] = round(pdf_floor, 4)
    seconds, data = timed(lambda: factsheet.factsheet_pdf(tables, "GM0363", "nl"), args.runs)
    line("one factsheet (Amsterdam)", seconds, pdf_floor, len(data))
    one = seconds
    if not args.skip_all:
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            written = factsheets.write_all(tables, Path(folder), "nl", progress=False)
            total = time.perf_counter() - started
            size = sum(p.stat().st_size for p in written)
        line(f"all {len(written)} factsheets (one process)", total, pdf_floor * len(written), size)
        print(f"{'':48} {total / len(written):9.3f} per factsheet ({total / len(written) / one:.2f} x one factsheet)")
    figures["peak_mb"] = peak_mb()
    print(
        f"peak memory (max resident set): after loading {figures['peak_mb_after_loading']:.0f} MB, after maps "
        f"{figures['peak_mb_after_maps']:.0f} MB, after slides {figures['peak_mb_after_slides']:.0f} MB, "
        f"at the end {figures['peak_mb']:.0f} MB"
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
