"""icsflow serve's JSON API (docs/serve.md): what the page relies on, and bad requests answered with a 4xx and a
message, never a crash of the server."""
import io
import pathlib
import subprocess
import zipfile

import h5py
import numpy as np
import pytest

from conftest import start_server, stop_server

ROOT = pathlib.Path(__file__).resolve().parents[2]
TINY = {"scale": 0.02, "replications": 2, "seed": 3, "years": 0.1}


def test_the_page_and_its_assets_are_served(server):
    status, body, headers = server.request("GET", "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"/app.js" in body and b"http" not in body.replace(b"http-equiv", b"").replace(b"http://www.w3.org", b"")
    for asset in ("/app.js", "/style.css"):
        assert server.request("GET", asset)[0] == 200


def test_levers_give_every_key_with_evidence(server, icsflow):
    status, schema, _ = server.request("GET", "/api/levers")
    assert status == 200
    tables = {g["table"]: g for g in schema["groups"]}
    assert {"capacity", "levers.handoffs", "levers.admission_avoidance", "levers.discharge_to_assess",
            "levers.timing"} <= set(tables)
    vw = tables["levers.admission_avoidance"]
    assert "virtual ward" in vw["evidence"]
    keys = {k["path"]: k for g in schema["groups"] for k in g["keys"]}
    assert keys["levers.discharge_to_assess.assessment_moved_share"]["baseline"] == {"low": 0.1, "mode": 0.3, "high": 0.6}
    assert keys["levers.discharge_to_assess.enabled"]["baseline"] is False
    assert keys["levers.discharge_to_assess.enabled"]["partnership"] is True
    assert keys["levers.timing.years_to_full_effect"]["type"] == "number"
    assert keys["capacity.ga_beds"]["baseline"] == 1.0 and keys["capacity.ga_beds"]["max"] == 10


def test_validate_reports_line_column_and_key(server):
    good = 'extends = "siloed.toml"\nname = "d2a"\n[levers.discharge_to_assess]\nenabled = true\n'
    status, body, _ = server.request("POST", "/api/validate", good, "application/toml")
    assert status == 200 and body["valid"] and body["levers_on"] == ["discharge_to_assess"]

    bad = 'extends = "siloed.toml"\nname = "d2a"\n[levers.discharge_to_assess]\nassessment_moved_share = 1.5\n'
    status, body, _ = server.request("POST", "/api/validate", bad, "application/toml")
    assert status == 422
    error = body["errors"][0]
    assert (error["line"], error["column"]) == (4, 26)
    assert error["key"] == "levers.discharge_to_assess.assessment_moved_share"
    assert "[0, 1]" in error["message"]

    status, body, _ = server.request("POST", "/api/validate", "[levers.handofs]\nenabled = true\n", "application/toml")
    assert status == 422 and "did you mean 'handoffs'" in body["errors"][0]["message"]
    status, body, _ = server.request("POST", "/api/validate", "name = \n", "application/toml")
    assert status == 422 and body["errors"][0]["line"] == 1


@pytest.mark.parametrize("base", ["../../../etc/passwd", "/etc/passwd", "levers/../../CMakeLists.txt"])
def test_no_path_from_a_request_reaches_the_filesystem(server, base):
    status, body, _ = server.request("POST", "/api/validate", f'extends = "{base}"\n', "application/toml")
    assert status == 422 and body["errors"][0]["key"] == "extends" and "not a shipped scenario" in body["errors"][0]["message"]
    for path in ("/api/scenarios/..%2Fsiloed.toml", "/api/scenarios/../../etc/passwd.toml", "/api/jobs/1/..%2F..%2Fx",
                 "/api/jobs/../../etc/passwd", "/../../etc/passwd"):
        status, body, _ = server.request("GET", path)
        assert 400 <= status < 500, path


def test_saved_scenarios_are_listed_and_kept(server):
    text = 'extends = "siloed.toml"\nname = "mutual_aid_only"\n[levers.mutual_aid]\nenabled = true\n'
    status, body, _ = server.request("POST", "/api/scenarios", text, "application/toml")
    assert status == 201 and body == {"name": "mutual_aid_only"}
    assert (server.folder / "scenarios" / "mutual_aid_only.toml").read_text() == text
    status, listing, _ = server.request("GET", "/api/scenarios")
    assert [s["name"] for s in listing["saved"]] == ["mutual_aid_only"]
    assert listing["saved"][0]["levers_on"] == ["mutual_aid"]
    status, body, _ = server.request("GET", "/api/scenarios/mutual_aid_only.toml")
    assert status == 200 and body.decode() == text
    # Shipped names are not overwritten; a name must be a file name.
    status, body, _ = server.request("POST", "/api/scenarios", 'extends = "siloed.toml"\nname = "siloed"\n',
                                     "application/toml")
    assert status == 409
    status, body, _ = server.request("POST", "/api/scenarios", 'extends = "siloed.toml"\nname = "a.b"\n',
                                     "application/toml")
    assert status == 400 and body["errors"][0]["key"] == "name"


@pytest.mark.parametrize("request_body, words", [
    ("not json", "not JSON"),
    ({"alternatives": ["partnership"]}, "base is missing"),
    ({"base": "siloed"}, "alternatives is missing"),
    ({"base": "siloed", "alternatives": ["nothing"]}, "no scenario named 'nothing'"),
    ({"base": "siloed", "alternatives": ["partnership"], "scale": 2}, "scale"),
    ({"base": "siloed", "alternatives": ["partnership"], "scale": "big"}, "scale must be a number"),
    ({"base": "siloed", "alternatives": ["partnership"], "replications": 1000}, "at most 100"),
    ({"base": "siloed", "alternatives": ["partnership"], "replications": -1}, "replications must be a whole number"),
    ({"base": "siloed", "alternatives": ["partnership"], "years": 11}, "at most 10"),
    ({"base": "siloed", "alternatives": ["partnership"], "sede": 1}, "unknown field 'sede'"),
    ({"base": "siloed", "alternatives": ["siloed"]}, "two scenarios are named 'siloed'"),
    ({"base": "siloed", "alternatives": ["partnership"] * 9}, "at most 8"),
    ({"base": "siloed", "alternatives": ["partnership", "mutual_aid"], "attribution": True}, "attribution"),
    ({"base": "partnership", "alternatives": ["siloed"], "attribution": True}, "switches on no lever"),
])
def test_bad_comparisons_are_refused_with_a_message(server, request_body, words):
    status, body, _ = server.request("POST", "/api/compare", request_body)
    assert status == 400, body
    assert words in body["errors"][0]["message"]


def test_too_large_and_unknown_requests(server):
    status, body, _ = server.request("POST", "/api/validate", "# " + "x" * (300 << 10), "application/toml")
    assert status == 413 and "too large" in body["errors"][0]["message"]
    assert server.request("GET", "/api/nothing")[0] == 404
    assert server.request("GET", "/api/jobs/12345")[0] == 404
    assert server.request("POST", "/api/jobs/12345/cancel")[0] == 404
    assert server.request("DELETE", "/api/levers")[0] in (404, 405)
    assert server.request("GET", "/api/levers")[0] == 200  # still serving


def test_a_comparison_runs_as_a_job_and_matches_icsflow_compare(server, icsflow, tmp_path):
    status, body, _ = server.request("POST", "/api/compare", {"base": "siloed", "alternatives": ["mutual_aid"], **TINY})
    assert status == 202
    job = body["job"]
    end = server.wait(job)
    assert end["state"] == "done" and end["progress"] == 1.0, end
    assert end["request"]["base"] == "siloed" and end["request"]["replications"] == 2

    status, page, _ = server.request("GET", f"/api/jobs/{job}/results.json")
    assert status == 200 and page["settings"]["alternatives"] == ["mutual_aid"]
    assert any("quick look" in w for w in page["warnings"])  # 2% of SEL is no result, and says so

    # The same comparison from the command line gives the same numbers, bit for bit.
    status, raw, headers = server.request("GET", f"/api/jobs/{job}/comparison.h5")
    assert status == 200 and "attachment" in headers["Content-Disposition"]
    served = tmp_path / "served.h5"
    served.write_bytes(raw)
    cli = tmp_path / "cli.h5"
    subprocess.run([icsflow, "compare", "scenarios/siloed.toml", "scenarios/levers/mutual_aid.toml", "-o", str(cli),
                    "--scale", "0.02", "--replications", "2", "--seed", "3", "--years", "0.1", "--quiet"],
                   check=True, cwd=ROOT, capture_output=True)
    with h5py.File(served) as a, h5py.File(cli) as b:
        for column in ("diff_mean", "diff_ci_low", "diff_ci_high", "base_mean"):
            assert np.array_equal(a["comparison"][column][:], b["comparison"][column][:], equal_nan=True), column

    status, csv, headers = server.request("GET", f"/api/jobs/{job}/comparison.csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    header = csv.decode().splitlines()[0].split(",")
    assert {"metric", "label", "unit", "diff_mean"} <= set(header)
    status, xlsx, _ = server.request("GET", f"/api/jobs/{job}/comparison.xlsx")
    assert status == 200 and "comparison" in zipfile.ZipFile(io.BytesIO(xlsx)).read("xl/workbook.xml").decode()
    status, html, _ = server.request("GET", f"/api/jobs/{job}/report.html")
    assert status == 200 and b"mutual_aid" in html
    assert server.request("GET", f"/api/jobs/{job}/secrets.txt")[0] == 404


def test_a_running_job_can_be_cancelled_and_the_next_runs(server):
    long = {"base": "siloed", "alternatives": ["partnership"], "scale": 0.05, "replications": 4, "years": 5}
    first = server.request("POST", "/api/compare", long)[1]["job"]
    second = server.request("POST", "/api/compare", {"base": "siloed", "alternatives": ["handoffs"], **TINY})[1]["job"]
    assert server.request("GET", f"/api/jobs/{second}")[1]["state"] == "queued"
    assert server.request("GET", f"/api/jobs/{second}/results.json")[0] == 409  # not finished
    status, body, _ = server.request("POST", f"/api/jobs/{first}/cancel")
    assert status == 200
    assert server.wait(first)["state"] == "cancelled"
    assert server.request("POST", f"/api/jobs/{first}/cancel")[0] == 409
    assert server.wait(second)["state"] == "done"


def test_a_failed_job_says_why(icsflow, tmp_path, monkeypatch):
    # The report package missing: the comparison runs, the page's data cannot be made, the job says so.
    monkeypatch.setenv("ICSFLOW_REPORT_SCRIPT", str(tmp_path / "no_package"))
    s = start_server(icsflow, tmp_path / "serve")
    try:
        job = s.request("POST", "/api/compare", {"base": "siloed", "alternatives": ["handoffs"], **TINY})[1]["job"]
        end = s.wait(job)
        assert end["state"] == "failed" and "results page" in end["error"], end
        assert s.request("GET", "/api/levers")[0] == 200
    finally:
        stop_server(s)


def test_binding_elsewhere_warns(icsflow, tmp_path):
    s = start_server(icsflow, tmp_path / "serve", "--host", "0.0.0.0")
    stop_server(s)
    assert "warning" in s.process.stderr.read()


def test_bad_options(icsflow, tmp_path):
    done = subprocess.run([icsflow, "serve", "--port", "70000"], capture_output=True, text=True)
    assert done.returncode == 2 and "--port" in done.stderr
    done = subprocess.run([icsflow, "serve", "--scenarios", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 2 and "siloed.toml" in done.stderr
