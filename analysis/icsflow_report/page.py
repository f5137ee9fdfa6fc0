"""What every page shares: the style sheet, sections with a table of contents, embedded figures, the HTML frame."""
from __future__ import annotations

import datetime as _dt

from .figures import Figures
from .formatting import esc

CSS = """
:root { --ink:#1d2329; --muted:#5b6670; --rule:#d5dadf; --band:#f4f6f8; --accent:#0072B2;
        --down:#0b5e8e; --down-bg:#e3f0f8; --up:#8a4b00; --up-bg:#fcefd9; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); margin: 0; line-height: 1.45; font-size: 15px; background: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 1.75em; margin: 0.2em 0 0.1em; }
h2 { font-size: 1.3em; margin-top: 2.2em; padding-bottom: 0.2em; border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.08em; margin-top: 1.6em; }
p.lede { color: var(--muted); margin-top: 0; }
nav { background: var(--band); padding: 10px 14px; border-radius: 6px; font-size: 0.92em; }
nav a { color: var(--accent); margin-right: 1.1em; text-decoration: none; }
/* A table wider than the page (many scenarios) scrolls inside itself; the page never scrolls sideways. */
table { border-collapse: collapse; margin: 0.8em 0 1.2em; font-size: 0.9em; display: block; max-width: 100%;
        overflow-x: auto; }
th, td { padding: 5px 9px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { text-align: left; background: var(--band); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { white-space: normal; }
th.span { text-align: center; border-bottom: 1px solid var(--rule); }
td.label { min-width: 16em; }
tr.group td { background: #fafbfc; font-weight: 600; color: var(--muted); font-size: 0.92em; }
span.ci { display: block; color: var(--muted); font-size: 0.85em; }
td.clear-down { background: var(--down-bg); color: var(--down); font-weight: 600; }
td.clear-up { background: var(--up-bg); color: var(--up); font-weight: 600; }
td.reading { font-size: 0.88em; color: var(--muted); }
td.clear-down.reading, td.clear-up.reading { font-size: 0.88em; }
table.settings td, table.settings th { font-size: 0.95em; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.88em; }
pre { background: var(--band); padding: 8px 10px; white-space: pre-wrap; word-break: break-word; }
figure { margin: 1em 0 1.6em; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { color: var(--muted); font-size: 0.9em; margin-top: 0.4em; }
.box { background: var(--band); border-left: 4px solid var(--accent); padding: 10px 14px; margin: 1em 0; }
ul.findings li { margin: 0.25em 0; }
.note { color: var(--muted); font-size: 0.9em; }
footer { color: var(--muted); font-size: 0.85em; margin-top: 3em; border-top: 1px solid var(--rule);
         padding-top: 0.8em; }
details summary { cursor: pointer; color: var(--accent); }
.box.warning { border-left-color: #D55E00; background: var(--up-bg); }
@media print { nav { display: none; } h2 { page-break-before: auto; } figure { page-break-inside: avoid; } }
"""


class Page:
    """What every report shares: sections with a table of contents, embedded figures, the HTML frame."""

    def __init__(self, figures: Figures, input_name: str):
        self.figures = figures
        self.input_name = input_name
        self.parts: list[str] = []
        self.toc: list[tuple[str, str]] = []

    def section(self, anchor: str, title: str):
        self.toc.append((anchor, title))
        self.parts.append(f'<h2 id="{anchor}">{esc(title)}</h2>')

    def add(self, text: str):
        self.parts.append(text)

    def figure(self, png_b64: str | None, alt_text: str, caption: str):
        if png_b64 is None:
            self.add(f'<p class="note">{esc(alt_text)}: no data in the file for this plot.</p>')
            return
        self.add(f'<figure><img src="data:image/png;base64,{png_b64}" alt="{esc(alt_text)}">'
                 f"<figcaption>{caption}</figcaption></figure>")

    def html_document(self, title: str, lede: str, version: str, layout_doc: str, before_nav: str = "") -> str:
        """The whole page; lede and before_nav are HTML, title and version plain text."""
        nav = "".join(f'<a href="#{a}">{esc(t)}</a>' for a, t in self.toc)
        now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        return ("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>icsflow report: {esc(title)}</title><style>{CSS}</style></head><body><main>"
                f"<h1>icsflow report: {esc(title)}</h1>"
                f'<p class="lede">{lede}</p>{before_nav}<nav>{nav}</nav>' + "\n".join(self.parts) +
                f"<footer>Written {esc(now)} by analysis/icsflow_report from <code>{esc(self.input_name)}</code> "
                f"(icsflow {esc(version)}). All figures are model outputs, not observed data. "
                f"See docs/report.md for how the report is made and {layout_doc} for the file."
                "</footer></main></body></html>\n")
