"""What a reader sees: each HTML report opened in a real browser (headless Chromium).

Uses Debian's Chromium through Playwright's ``executable_path``; nothing is downloaded.
Without a browser the tests are skipped — except in CI, where a missing browser fails.

Every HTML report is also run through axe-core (WCAG 2.0/2.1 A and AA rules), as the Danish
web accessibility law asks (EN 301 549 / WCAG 2.1 AA). axe-core comes from the npm registry,
pinned in tests/axe/package-lock.json and installed by ``make test`` (``npm ci --prefix tests/axe``);
without it that test is skipped, except in CI.
"""

import itertools
import json
import os
import shutil
from pathlib import Path

import pytest

MEETING = "2026-03-11"
CHROMIUM = os.environ.get("DAP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
AXE = Path(os.environ.get("DAP_AXE_JS") or Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

if not CHROMIUM:
    if IN_CI:
        pytest.fail("CI needs Chromium for the browser tests: .ci/run installs Debian's chromium", pytrace=False)
    pytest.skip(
        "no Chromium on this machine (apt-get install chromium); browser tests skipped", allow_module_level=True
    )

from playwright.sync_api import sync_playwright  # noqa: E402

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.mark.parametrize(
    "stem,sections",
    [
        ("portefoljeoverblik", 11),
        ("risikorapport", 5),
        ("aarsrapport", 9),  # the demo follows no indicators, so section 10 and the appendix are absent
    ],
)
def test_report_in_a_browser(browser, demo_meeting_reports, demo_annual_report, stem, sections):
    path = demo_annual_report[0][1] if stem == "aarsrapport" else demo_meeting_reports[0] / f"{stem}-{MEETING}.html"
    page = browser.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")

    headings = page.locator("main h2").all_inner_texts()
    assert len([h for h in headings if h[:2].rstrip(".").isdigit()]) == sections, headings
    assert page.locator("h1").inner_text() in ("Porteføljeoverblik", "Risikorapport", "Årsrapport")
    text = page.locator("body").inner_text()
    for leak in ("Traceback", "ReportContext", "show(", "In [", "Out[", "Error"):
        assert leak not in text, leak
    code = ".jp-CodeCell .jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt, pre, .highlight, .cm-editor"
    assert page.locator(code).count() == 0  # no code, no prompts

    images = page.evaluate("""() => Array.from(document.images).map(i => ({
        ok: i.complete && i.naturalWidth > 0, alt: i.getAttribute('alt') || ''}))""")
    assert images and all(i["ok"] for i in images), images
    assert all(i["alt"].strip() for i in images), "every figure has alt text"
    # tables have header cells; headings go in order (h1, then h2/h3)
    assert page.locator("table.dap-table thead th").count() > 0
    levels = page.evaluate("() => Array.from(document.querySelectorAll('h1,h2,h3')).map(h => +h.tagName[1])")
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))

    external = [u for u in requests if not u.startswith(("file:", "data:"))]
    assert not external, external
    assert not errors, errors
    page.close()


@pytest.mark.parametrize("stem,title", [("dagsorden", "Dagsorden"), ("referat", "Referat")])
def test_paper_in_a_browser(browser, demo_papers, stem, title):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((demo_papers / f"{stem}-{MEETING}.html").as_uri())
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == title
    items = page.locator("section.dap-item h3").all_inner_texts()
    assert items[0] == "1. Porteføljeoverblik (status)" and items[-1].endswith("Eventuelt")
    text = page.locator("body").inner_text()
    for leak in ("Traceback", "ReportContext", "show(", "In [", "Out["):
        assert leak not in text, leak
    levels = page.evaluate("() => Array.from(document.querySelectorAll('h1,h2,h3,h4')).map(h => +h.tagName[1])")
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert not errors, errors
    page.close()


# ---------------------------------------------------------------------- axe-core: WCAG 2.1 AA


@pytest.fixture(scope="module")
def wheel_page(tmp_path_factory):
    """The annual wheel page (``dap-reports calendar``), also an HTML document readers get."""
    from dap_reports.contract.locate import DEMO_DIR
    from dap_reports.run.jobs import run_calendar

    folder = tmp_path_factory.mktemp("wheel")
    _, written = run_calendar(2027, data=DEMO_DIR, out=folder / "out", workspace=folder / "workspace")
    return written[-1]


def _axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    results = page.evaluate("options => axe.run(document, options)", options)
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": len(v["nodes"]),
            "targets": [n["target"] for n in v["nodes"][:3]],
        }
        for v in results["violations"]
    ]


@pytest.mark.parametrize(
    "stem", ["portefoljeoverblik", "risikorapport", "aarsrapport", "aarshjul", "dagsorden", "referat"]
)
def test_axe_finds_no_wcag_21_aa_violations(
    browser, demo_meeting_reports, demo_annual_report, wheel_page, demo_papers, stem
):
    if not AXE.is_file():
        message = f"axe-core missing ({AXE}): run `make test` or `npm ci --prefix tests/axe`"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    if stem == "aarshjul":
        path = wheel_page
    elif stem == "aarsrapport":
        path = demo_annual_report[0][1]
    elif stem in ("dagsorden", "referat"):
        path = demo_papers / f"{stem}-{MEETING}.html"
    else:
        path = demo_meeting_reports[0] / f"{stem}-{MEETING}.html"
    page = browser.new_page()
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    violations = _axe_violations(page)
    page.close()
    for violation in violations:
        print(json.dumps(violation, ensure_ascii=False))
    assert not violations, "\n".join(f"{v['id']} ({v['impact']}): {v['help']} {v['targets']}" for v in violations)
