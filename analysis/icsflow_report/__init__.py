"""icsflow report: one self-contained HTML report from an icsflow results file (HDF5).

Reads the layout of docs/results-schema.md (/scenarios/<name>/summary, /daily, /replications and, for files
written by `icsflow compare`, the /comparison table) or, for files written by `icsflow sweep` or `icsflow merge`,
the layout of docs/sweeps.md (/sweep and /sensitivity), and writes one HTML file with every plot embedded as a
base64 PNG, inline CSS and no external links, so that it opens offline. The report is written to a
temporary file in the output's folder and renamed only when complete.

Only Debian's python3-h5py, python3-numpy, python3-matplotlib and the standard library are used.
See docs/report.md.

Differences and their 95% intervals are read from /comparison as `icsflow compare` wrote them, and what each metric
is (label, unit, display, headline order) from the file's /metrics table. The intervals it computes are Student t
intervals over replications (student_t.py), as icsflow computes its own: the population's residents at the start of
each year (population.py), month by month (by_month.py) and planned care (elective.py), whose differences at the last
census, which /comparison does not hold, are paired by replication as icsflow compare pairs them.

Modules, in the order data flows through them (docs/report.md, "The package"):
  hdf5, metrics, elective, results_file, sweep_file   reading the file (schema checks raise errors.ReportError)
  formatting, student_t, figures, sweep_figures, page
  headline, comparison_page, population, scenario_sections, planned_care, sweep_page   the two kinds of page
  cli                              the command line (`python3 analysis/icsflow_report ...` runs __main__)
"""
from .errors import ReportError

__all__ = ["ReportError", "main"]


def main(argv=None) -> int:
    from .cli import main as run
    return run(argv)
