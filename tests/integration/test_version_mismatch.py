# A plugin built for another Wireshark version: what the user sees.
#
# Builds rstan from these sources declaring another Wireshark version than the
# one installed (the CMake cache variable RSTAN_DECLARE_WS_VERSION), stages it
# where the installed tshark looks,
# and checks that the refusal is said out loud rather than failing silently
# (docs/robustness.md, "Built for another Wireshark version").
#
# SPDX-License-Identifier: GPL-2.0-or-later

import os
import re
import subprocess

import pytest

from rstan_testlib import CAPTURES, ROOT, TOOL


def installed_version():
    out = subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout
    m = re.match(r"TShark \(Wireshark\) (\d+\.\d+)\.", out)
    assert m, out
    return m.group(1)


INSTALLED = installed_version()
# A release other than the installed one, deliberately.
DECLARED = "4.2" if INSTALLED != "4.2" else "4.0"


@pytest.fixture(scope="module")
def foreign_plugin(tmp_path_factory):
    build = tmp_path_factory.mktemp("build-ws42")
    cfg = subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build),
                          f"-DRSTAN_DECLARE_WS_VERSION={DECLARED}"],
                         capture_output=True, text=True)
    assert cfg.returncode == 0, cfg.stdout + cfg.stderr
    assert f"rstan declares Wireshark {DECLARED}" in cfg.stderr
    out = subprocess.run(["cmake", "--build", str(build), "--target", "rstan", "-j2"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    so = build / "rstan.so"
    assert so.is_file()
    os.chmod(build, 0o755)
    return so


def run(plugin, *args, skip_check=True):
    env = dict(os.environ, RSTAN_PLUGIN=str(plugin))
    env.pop("RSTAN_SKIP_LOAD_CHECK", None)
    if skip_check:
        env["RSTAN_SKIP_LOAD_CHECK"] = "1"
    return subprocess.run([str(TOOL), *args], capture_output=True, text=True, env=env, timeout=300)


def test_tshark_names_the_version_it_refused(foreign_plugin):
    res = run(foreign_plugin, "-G", "plugins")
    assert res.returncode == 0
    assert f"The plugin 'rstan.so' was compiled for Wireshark version {DECLARED}" in res.stderr
    assert not any(line.startswith("rstan.so") for line in res.stdout.splitlines())


def test_reading_goes_on_without_rstan(foreign_plugin):
    cap = str(CAPTURES / "abort-server.v4.client.pcap")
    plain = run(foreign_plugin, "-n", "-r", cap)
    assert plain.returncode == 0, plain.stderr
    assert "RST" in plain.stdout and "rstan" not in plain.stdout
    assert f"compiled for Wireshark version {DECLARED}" in plain.stderr
    asked = run(foreign_plugin, "-n", "-r", cap, "-Y", "rstan")
    assert asked.returncode != 0
    # 4.0's wording (4.2.2 quotes the name), then 4.4's and later.
    assert re.search(r'"?rstan"? is (neither a field nor a protocol name|not a valid protocol or protocol field)',
                     asked.stderr), asked.stderr


def test_wrapper_says_what_to_do(foreign_plugin):
    res = run(foreign_plugin, "-G", "plugins", skip_check=False)
    assert res.returncode == 69
    err = res.stderr
    assert "tshark did not load rstan" in err
    assert f"compiled for Wireshark version {DECLARED}" in err
    assert "\tdissector\t" not in err, "the list of loaded plugins is noise here"
    assert f"rstan-tshark: this tshark is Wireshark {INSTALLED}." in err
    assert "cmake -S . -B build && cmake --build build" in err
