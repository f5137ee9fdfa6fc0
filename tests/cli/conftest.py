import os
import pathlib

import pytest


@pytest.fixture(scope="session")
def icsflow():
    """Path of the icsflow program under test (set by ctest)."""
    path = os.environ.get("ICSFLOW_BIN")
    if not path or not pathlib.Path(path).exists():
        pytest.fail("ICSFLOW_BIN must point to the built icsflow program")
    return path


@pytest.fixture(scope="session")
def repo():
    return pathlib.Path(__file__).resolve().parents[2]
