"""How numbers and text appear in the report: about three significant figures, a real minus sign, an em dash
for a missing value, HTML escaped."""
from __future__ import annotations

import html
import math

MINUS = "\u2212"
DASH = "\u2014"


def decimals_for(values, minimum=0, maximum=2) -> int:
    """Decimals so that the largest magnitude shows about three significant figures (0 from 100 up)."""
    finite = [abs(v) for v in values if v is not None and math.isfinite(v)]
    m = max(finite) if finite else 0.0
    d = 0 if m >= 100 else 1 if m >= 1 else 2
    return max(minimum, min(maximum, d))


def fmt(value, decimals=0, signed=False) -> str:
    """Thousands separators, a real minus sign, an em dash for missing values."""
    if value is None or not math.isfinite(value):
        return DASH
    if round(value, decimals) == 0:
        value = 0.0
    text = f"{abs(value):,.{decimals}f}"
    if value < 0:
        return MINUS + text
    return ("+" + text) if signed and value > 0 else text


def fmt_money(millions, decimals=1, signed=False, suffix="m") -> str:
    """£ million with the sign in front of the pound sign: -£1.2m, +£0.35m (suffix "" for pounds)."""
    text = fmt(millions, decimals, signed)
    if text == DASH:
        return text
    sign = text[0] if text[0] in ("+", MINUS) else ""
    return f"{sign}£{text[len(sign):]}{suffix}"


def fmt_interval(low, high, decimals=0) -> str:
    if not (math.isfinite(low) and math.isfinite(high)):
        return DASH
    return f"{fmt(low, decimals, signed=True)} to {fmt(high, decimals, signed=True)}"


def fmt_coefficient(value) -> str:
    """SRC, PRCC: two decimals and a sign (+0.14, −0.98)."""
    return fmt(value, 2, signed=True)


def fmt_p(value) -> str:
    """A p-value to two significant figures, as `icsflow sweep` prints it; "< 0.001" below that."""
    if value is None or not math.isfinite(value):
        return DASH
    return "< 0.001" if value < 0.001 else f"{value:.2g}"


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def lower_first(label: str) -> str:
    """'Avoidable (ACSC) admissions' -> 'avoidable (ACSC) admissions'; 'A&E ...' and 'GP ...' stay."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def number_text(value) -> str:
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return str(value)


def slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-") or "x"
