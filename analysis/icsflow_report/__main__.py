"""Runs the report: `/usr/bin/python3 analysis/icsflow_report RESULTS.h5 -o REPORT.html` (what `icsflow report`
does) or, with analysis/ on the path, `python3 -m icsflow_report ...`; `--export ...` is `icsflow export` and
`--page-data RESULTS.h5 -o PAGE.json` the results page data of `icsflow serve` (page_data.py)."""
import pathlib
import sys

if __package__ in (None, ""):
    # Run as a folder: Python put this folder first on the path; put its parent there instead, so that the
    # package's modules are imported as icsflow_report.* and none of them can hide a standard module.
    here = pathlib.Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if pathlib.Path(p or ".").resolve() != here]
    sys.path.insert(0, str(here.parent))

if len(sys.argv) > 1 and sys.argv[1] == "--export":  # `icsflow export ...` (the report never takes --export)
    from icsflow_report.export import main as export  # noqa: E402
    sys.exit(export(sys.argv[2:]))
if len(sys.argv) > 1 and sys.argv[1] == "--page-data":  # the data of `icsflow serve`'s results page, as JSON
    from icsflow_report.page_data import main as page_data  # noqa: E402
    sys.exit(page_data(sys.argv[2:]))

from icsflow_report.cli import main  # noqa: E402

sys.exit(main())
