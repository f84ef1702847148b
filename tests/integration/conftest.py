# The integration tests' session fixture: fail loudly when the plugin does not load.
#
# SPDX-License-Identifier: GPL-2.0-or-later

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rstan_itest import TOOL, plugin_path  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def plugin_loaded():
    """A load failure must fail loudly, never pass as empty output."""
    assert plugin_path().is_file(), f"no plugin at {plugin_path()}: build it first"
    env = dict(os.environ, RSTAN_PLUGIN=str(plugin_path()))
    out = subprocess.run([str(TOOL), "-G", "plugins"], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert any(line.startswith("rstan.so") for line in out.stdout.splitlines()), out.stdout
