"""The report template's stylesheet: colour contrast meets WCAG AA (Danish web accessibility law)."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "src" / "dap_reports" / "templates" / "dap" / "report.css").read_text(
    encoding="utf-8"
)
VARIABLES = dict(re.findall(r"--([a-z]+):\s*(#[0-9a-fA-F]{6})", CSS))


def _luminance(hex_colour: str) -> float:
    if len(hex_colour) == 4:  # #fff
        hex_colour = "#" + "".join(c * 2 for c in hex_colour[1:])
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rule_colours(selector: str) -> tuple[str, str]:
    body = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", CSS).group(1)
    background = re.search(r"background:\s*(var\(--[a-z]+\)|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})", body).group(1)
    colour = re.search(r"(?<![-a-z])color:\s*(var\(--[a-z]+\)|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})", body).group(1)
    resolve = lambda v: VARIABLES[v[6:-1]] if v.startswith("var(") else v  # noqa: E731
    return resolve(colour), resolve(background)


@pytest.mark.parametrize("selector", [".rag-red", ".rag-yellow", ".rag-green", ".rag-none"])
def test_rag_badges_meet_aa(selector):
    text, background = _rule_colours(selector)
    assert contrast(text, background) >= 4.5, (selector, text, background)


@pytest.mark.parametrize("name", ["ink", "muted", "accent", "red", "green"])
def test_text_colours_on_white_and_band_meet_aa(name):
    assert contrast(VARIABLES[name], "#ffffff") >= 4.5
    assert contrast(VARIABLES[name], VARIABLES["band"]) >= 4.5


def test_no_web_fonts_or_external_resources():
    assert "@import" not in CSS and "url(" not in CSS
