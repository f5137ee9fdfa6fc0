"""The scenario explorer in a real browser (headless Chromium through Selenium: Debian's chromium, chromium-driver
and python3-selenium, which scripts/setup installs): build a scenario with the switches and sliders, see a
validation error with its line, save it, run a small comparison, read the headline and download the CSV. With
ICSFLOW_SCREENSHOTS=<folder> it also saves a screenshot of each page there (docs/serve.md's come from it)."""
import csv
import os
import pathlib
import shutil
import time

import pytest

from conftest import start_server, stop_server

webdriver = pytest.importorskip("selenium.webdriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
NAME = "d2a_and_mutual_aid"


@pytest.fixture(scope="module")
def site(icsflow, tmp_path_factory):
    s = start_server(icsflow, tmp_path_factory.mktemp("browser-serve"))
    yield s
    stop_server(s)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if CHROMIUM is None or DRIVER is None:
        pytest.fail("chromium and chromium-driver are needed (scripts/setup installs them)")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,1000"):
        options.add_argument(argument)
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    downloads = tmp_path_factory.mktemp("downloads")
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


def wait_for(condition, timeout=60, what="the page"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def screenshot(driver, name, element_id=None):
    folder = os.environ.get("ICSFLOW_SCREENSHOTS")
    if not folder:
        return
    if element_id:
        driver.execute_script(f"document.getElementById('{element_id}').scrollIntoView()")
    else:
        driver.execute_script("window.scrollTo(0, 0)")
    time.sleep(0.3)
    driver.save_screenshot(str(pathlib.Path(folder) / f"serve-{name}.png"))


def test_build_run_read_download(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    d = browser
    d.get(site.url)
    toml = d.find_element(By.ID, "toml")
    validation = d.find_element(By.ID, "validation")
    wait_for(lambda: len(d.find_elements(By.CSS_SELECTOR, ".lever")) >= 10, what="the lever cards")
    wait_for(lambda: "Valid" in validation.text, what="the first validation")

    # Build: two levers switched on, one slider moved with the keyboard, a name typed.
    for lever in ("discharge_to_assess", "mutual_aid"):
        d.find_element(By.CSS_SELECTOR, f'input[data-key="levers.{lever}.enabled"]').click()
    wait = d.find_element(By.CSS_SELECTOR, 'input[type=range][data-key="levers.mutual_aid.wait_hours_before_transfer"]')
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", wait)
    wait.click()  # the middle of the slider
    for _ in range(4):
        wait.send_keys(Keys.ARROW_LEFT)
    chosen = float(wait.get_attribute("value"))
    name = d.find_element(By.ID, "scenario-name")
    name.clear()
    name.send_keys(NAME)
    text = wait_for(lambda: f'name = "{NAME}"' in toml.get_attribute("value") and toml.get_attribute("value"),
                    what="the TOML to follow the settings")
    assert "[levers.discharge_to_assess]\nenabled = true" in text
    assert f"wait_hours_before_transfer = {chosen:.1f}" in text, text
    assert 1 <= chosen <= 72 and chosen != 4.0
    wait_for(lambda: "discharge_to_assess, mutual_aid" in validation.text, what="the levers on")
    screenshot(d, "build")

    # A mistake typed into the file: the error names its line and key, and the gutter marks the line.
    toml.send_keys(Keys.CONTROL, Keys.END)
    toml.send_keys("\ntransfer_hour = 3\n")
    bad_line = toml.get_attribute("value").rstrip("\n").count("\n") + 1
    wait_for(lambda: f"Line {bad_line}, column 1" in validation.text, what="the validation error")
    assert "unknown key 'transfer_hour'" in validation.text and "did you mean 'transfer_hours'" in validation.text
    assert d.find_element(By.CSS_SELECTOR, "#toml-lines .error").text == str(bad_line)
    screenshot(d, "validation-error", "toml-panel")
    d.find_element(By.ID, "from-sliders").click()  # back to what the sliders say
    wait_for(lambda: "Valid" in validation.text, what="valid again")

    d.find_element(By.ID, "save").click()
    wait_for(lambda: f"Saved as '{NAME}'" in d.find_element(By.ID, "save-status").text, what="the save")
    assert (site.folder / "scenarios" / f"{NAME}.toml").read_text() == toml.get_attribute("value")

    # Run: siloed against the saved scenario, a small quick look.
    d.find_element(By.ID, "tab-run").click()
    for box in d.find_elements(By.CSS_SELECTOR, "#alternatives input"):
        if box.is_selected() != (box.get_attribute("value") == NAME):
            box.click()
    from selenium.webdriver.support.ui import Select
    Select(d.find_element(By.ID, "base")).select_by_value("siloed")
    Select(d.find_element(By.ID, "scale")).select_by_value("0.05")
    replications = d.find_element(By.ID, "replications")
    replications.clear()
    replications.send_keys("3")
    screenshot(d, "run")
    d.find_element(By.ID, "start").click()
    wait_for(lambda: d.find_elements(By.CSS_SELECTOR, "#jobs tbody tr"), what="the job in the list")

    # Results: the page opens them when the job is done.
    headline = wait_for(lambda: d.find_elements(By.ID, f"headline-{NAME}"), timeout=180, what="the results")[0]
    rows = headline.find_elements(By.CSS_SELECTOR, "tbody tr[data-metric]")
    assert len(rows) >= 10
    emergency = headline.find_element(By.CSS_SELECTOR, 'tr[data-metric="emergency_admissions"]')
    cells = [c.text for c in emergency.find_elements(By.TAG_NAME, "td")]
    assert cells[0].startswith("Emergency admissions") and " to " in cells[4], cells
    warning = d.find_element(By.CSS_SELECTOR, ".warning").text
    assert "quick look, not a result" in warning  # a twentieth of SEL, said plainly
    assert d.find_elements(By.ID, "lever-shares") == []  # not asked for
    for chart in ("occupancy", "delays", "spend", f"boroughs-{NAME}"):
        assert d.find_element(By.ID, chart).find_elements(By.TAG_NAME, "svg"), chart
    # Month by month: calendar months along x, and each scenario's 95% band behind its line.
    for chart in ("occupancy", "delays"):
        texts = [t.text for t in d.find_element(By.ID, chart).find_elements(By.TAG_NAME, "text")]
        assert "Apr" in texts and "month" in texts, texts
        assert len(d.find_element(By.ID, chart).find_elements(By.TAG_NAME, "polygon")) == 2, chart
    screenshot(d, "results")
    screenshot(d, "results-charts", "occupancy")

    # Download the CSV as a user would: the file lands in the browser's download folder.
    d.find_element(By.ID, "download-csv").click()
    saved = wait_for(lambda: [p for p in d.downloads.glob("comparison*.csv")], timeout=60, what="the CSV download")[0]
    with open(saved, newline="", encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    metrics = {row["metric"] for row in table}
    assert {"emergency_admissions", "acsc_admissions"} <= metrics
    assert {row["scenario"] for row in table} == {NAME}

    # Nothing fetched from anywhere but the server; no script errors.
    resources = d.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(r.startswith(site.url) or r.startswith("blob:") or r.startswith("data:") for r in resources), resources
    # (the refused validation of the mistake above is the one failed request, and meant)
    errors = [e for e in d.get_log("browser") if e["level"] == "SEVERE" and "/api/validate - " not in e["message"]]
    assert errors == [], errors


def test_a_job_is_cancelled_from_the_page(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    d = browser
    d.get(site.url + "#run")
    wait_for(lambda: d.find_elements(By.CSS_SELECTOR, "#alternatives input"), what="the scenarios")
    for box in d.find_elements(By.CSS_SELECTOR, "#alternatives input"):
        if box.is_selected() != (box.get_attribute("value") == "partnership"):
            box.click()
    Select(d.find_element(By.ID, "scale")).select_by_value("0.25")
    years = d.find_element(By.ID, "years")
    years.clear()
    years.send_keys("10")
    d.find_element(By.ID, "start").click()
    # The list is redrawn as the job progresses: find the button afresh until a click lands.
    wait_for(lambda: click_cancel(d), what="the Cancel button")
    wait_for(lambda: job_states(d) and job_states(d)[0] == "cancelled", what="the job cancelled")


def click_cancel(d):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    try:
        buttons = [b for b in d.find_elements(By.CSS_SELECTOR, "#jobs button") if b.text == "Cancel"]
        if buttons:
            buttons[0].click()
            return True
    except StaleElementReferenceException:
        pass
    return False


def job_states(d):
    """The state column of the job list, newest first."""
    return d.execute_script("return [...document.querySelectorAll('#jobs tbody tr td:nth-child(4)')]"
                            ".map(td => td.firstChild.textContent)")


def test_save_and_compare_in_one_click(site, browser):
    """The meeting's shortcut: with the run tab's settings (a small quick look here), the scenario being built is
    saved and compared with today's SEL, and its results open."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    d = browser
    d.get(site.url + "#run")
    wait_for(lambda: d.find_elements(By.CSS_SELECTOR, "#alternatives input"), what="the scenarios")
    Select(d.find_element(By.ID, "scale")).select_by_value("0.05")
    replications = d.find_element(By.ID, "replications")
    replications.clear()
    replications.send_keys("2")
    d.find_element(By.ID, "tab-build").click()
    wait_for(lambda: d.find_elements(By.CSS_SELECTOR, 'input[data-key="levers.handoffs.enabled"]'), what="the levers")
    d.find_element(By.CSS_SELECTOR, 'input[data-key="levers.handoffs.enabled"]').click()
    name = d.find_element(By.ID, "scenario-name")
    name.clear()
    name.send_keys("handoffs_quick")
    wait_for(lambda: "handoffs" in d.find_element(By.ID, "validation").text, what="valid")
    d.find_element(By.ID, "save-and-compare").click()
    wait_for(lambda: d.find_elements(By.ID, "headline-handoffs_quick"), timeout=180, what="the results")
    assert (site.folder / "scenarios" / "handoffs_quick.toml").exists()
    settings = d.find_element(By.ID, "result-settings").text
    assert "5% of South East London simulated, 2 replications" in settings
