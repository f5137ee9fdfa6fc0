"""The report in a real browser (headless Chromium through Selenium, Debian's chromium, chromium-driver and
python3-selenium; skipped without them): every embedded plot decodes, nothing is wider than the window, the table of
contents leads to its sections, and the page asks for nothing from the network.

Run: /usr/bin/python3 -m pytest -q tests/analysis"""
import pathlib
import shutil

import pytest

import synthetic_results as syn
import synthetic_sweep as sweep
from test_report import report

webdriver = pytest.importorskip("selenium.webdriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
WIDTH = 1280


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None or DRIVER is None:
        pytest.skip("chromium and chromium-driver are not installed")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={WIDTH},900"):
        options.add_argument(argument)
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    yield driver
    driver.quit()


def pages(folder):
    comparison, sweep_file = folder / "compare.h5", folder / "sweep.h5"
    syn.build_comparison(comparison, alternatives=(("integrated", 0.9, 0.8), ("virtual_wards", 0.97, 1.0)),
                         replications=4, scale=0.5)
    sweep.build_sweep(sweep_file, design="sobol", base_samples=16)
    for source in (comparison, sweep_file):
        done = report(source, "-o", source.with_suffix(".html"))
        assert done.returncode == 0, done.stderr
    return comparison.with_suffix(".html"), sweep_file.with_suffix(".html")


@pytest.fixture(scope="module")
def html_pages(tmp_path_factory):
    return pages(tmp_path_factory.mktemp("browser"))


@pytest.mark.parametrize("which", [0, 1], ids=["comparison", "sweep"])
def test_page_in_a_browser(browser, html_pages, which):
    page = html_pages[which]
    browser.get(page.as_uri())
    images = browser.execute_script(
        "return Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.getBoundingClientRect().width])")
    assert len(images) >= 4
    for complete, natural, shown in images:
        assert complete and natural > 300, "a plot that does not decode"
        assert shown <= WIDTH, "a plot wider than the window"
    # Nothing wider than the window: no sideways scrolling on a laptop screen.
    assert browser.execute_script("return document.documentElement.scrollWidth") <= WIDTH
    # Every entry of the table of contents leads to a section heading.
    targets = browser.execute_script(
        "return Array.from(document.querySelectorAll('nav a')).map(a => "
        "[a.textContent, !!document.getElementById(a.getAttribute('href').slice(1))])")
    assert targets and all(found for _, found in targets), targets
    # Offline: the page loaded nothing but itself.
    resources = browser.execute_script("return performance.getEntriesByType('resource').map(r => r.name)")
    assert all(not name.startswith(("http:", "https:")) for name in resources), resources
    severe = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert not severe, severe


def screenshots(folder):
    """Full-page screenshots of both pages, to look at: python3 tests/analysis/test_browser.py FOLDER."""
    import base64
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    folder.mkdir(parents=True, exist_ok=True)
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={WIDTH},900"):
        options.add_argument(argument)
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        for page in pages(folder):
            driver.get(page.as_uri())
            height = driver.execute_script("return document.documentElement.scrollHeight")
            shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": WIDTH, "height": height, "scale": 1}})
            (folder / f"{page.stem}.png").write_bytes(base64.b64decode(shot["data"]))
            print(folder / f"{page.stem}.png")
    finally:
        driver.quit()


if __name__ == "__main__":
    import sys
    screenshots(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "report-screenshots"))
