# The integration tests' session fixture: fail loudly when the plugin does not load.
# Their helpers are tests/rstan_testlib.py (shared with the triage tests).
#
# SPDX-License-Identifier: GPL-2.0-or-later

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from rstan_testlib import assert_plugin_loads  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def plugin_loaded():
    assert_plugin_loads()
