"""The command line: `icsflow report RESULTS.h5 -o REPORT.html [--figures-dir DIR]`, exit status 0, 1 or 2."""
from __future__ import annotations

import argparse
import os
import pathlib
import sys
import tempfile

from .comparison_page import Report
from .errors import ReportError
from .figures import Figures
from .results_file import read_results
from .sweep_file import SweepResults
from .sweep_page import SweepReport

PROG = "icsflow report"

# The help reads like the other icsflow commands' (Usage, what it does, Example, Options).
DESCRIPTION = """\
Writes one self-contained HTML report (tables and embedded plots, no external links) from an icsflow
results file written by `icsflow run`, `icsflow compare` or `icsflow sweep` (docs/report.md).

Example:
  icsflow report compare.h5 -o compare.html"""

MORE = """\
More examples:
  icsflow run scenarios/siloed.toml -o siloed.h5 --replications 5
  icsflow report siloed.h5 -o siloed.html

  icsflow compare scenarios/siloed.toml ALT.toml -o compare.h5 --replications 10
  icsflow report compare.h5 -o compare.html --figures-dir compare-figures

  icsflow sweep scenarios/sweeps/partnership_uncertainty.toml -o uncertainty.h5
  icsflow report uncertainty.h5 -o uncertainty.html

  # the same without the icsflow program:
  /usr/bin/python3 analysis/icsflow_report compare.h5 -o compare.html

Exit status: 0 report written; 2 bad input (missing, unreadable or not an icsflow results file) or
bad output path; 1 unexpected internal error. Nothing is left behind unless the report is complete."""


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="Usage: ")


def command_parser(prog: str, usage: str, description: str, epilog: str | None = None) -> argparse.ArgumentParser:
    """A parser whose help and usage errors read like the other icsflow commands': Usage, what it does, Example,
    Options; a usage error is one line naming the command and pointing to --help, exit 2."""
    class Parser(argparse.ArgumentParser):
        def error(self, message):
            self.exit(2, f"{prog}: {message} (see {prog} --help)\n")

    parser = Parser(prog=prog, usage=usage, formatter_class=_HelpFormatter, description=description, epilog=epilog)
    parser._positionals.title = "Arguments"
    parser._optionals.title = "Options"
    return parser


def finish(prog: str, work, nothing_written: str) -> int:
    """Runs work(), which returns the line to print when it succeeds: exit 0; bad input exit 2 with one line;
    interrupted exit 130."""
    try:
        done = work()
    except ReportError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{prog}: interrupted; {nothing_written}", file=sys.stderr)
        return 130
    print(done)
    return 0


def check_output(path: pathlib.Path):
    if path.is_dir():
        raise ReportError(f"output '{path}' is a directory")
    folder = path.parent
    if not folder.is_dir():
        raise ReportError(f"cannot write '{path}': folder '{folder}' does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ReportError(f"cannot write '{path}': folder '{folder}' is not writable")


def write_atomically(path: pathlib.Path, text: str):
    """Write to a temporary file in the same folder, then rename over the target: never a partial report."""
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.tmp-", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def parse_args(argv):
    parser = command_parser(PROG, f"{PROG} RESULTS.h5 [-o REPORT.html] [options]", DESCRIPTION, MORE)
    parser.add_argument("results", metavar="RESULTS.h5", help="icsflow results file (HDF5)")
    parser.add_argument("-o", "--output", metavar="REPORT.html",
                        help="report to write (default: RESULTS with .html instead of .h5)")
    parser.add_argument("--figures-dir", metavar="DIR",
                        help="also save every plot as a PNG file in DIR (for slides or checking)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    source = pathlib.Path(args.results)
    output = pathlib.Path(args.output) if args.output else source.with_suffix(".html")

    def work():
        check_output(output)
        if output.resolve() == source.resolve():
            raise ReportError("the output would overwrite the results file")
        results = read_results(source)
        figures = Figures(pathlib.Path(args.figures_dir) if args.figures_dir else None)
        page = SweepReport if isinstance(results, SweepResults) else Report
        write_atomically(output, page(results, figures, source.name).build())
        return f"Report written to {output}"

    return finish(PROG, work, "no report written")


if __name__ == "__main__":
    sys.exit(main())
