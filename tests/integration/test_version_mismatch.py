# A plugin built for another Wireshark version: what the user sees.
#
# Builds rstan from these sources declaring Wireshark 4.2 (the CMake cache
# variable RSTAN_DECLARE_WS_VERSION), stages it where the 4.0 tshark looks,
# and checks that the refusal is said out loud rather than failing silently
# (docs/robustness.md, "Built for another Wireshark version").
#
# SPDX-License-Identifier: GPL-2.0-or-later

import os
import subprocess

import pytest

from rstan_itest import CAPTURES, ROOT, TOOL

DECLARED = "4.2"


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
    res = subprocess.run([str(TOOL), *args], capture_output=True, text=True, env=env, timeout=300)
    if res.returncode == 4:
        pytest.skip("a system-wide rstan.so is installed: " + res.stderr.strip())
    return res


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
    assert "rstan is neither a field nor a protocol name" in asked.stderr


def test_wrapper_says_what_to_do(foreign_plugin):
    res = run(foreign_plugin, "-G", "plugins", skip_check=False)
    assert res.returncode == 3
    err = res.stderr
    assert "tshark did not load rstan" in err
    assert f"compiled for Wireshark version {DECLARED}" in err
    assert "\tdissector\t" not in err, "the list of loaded plugins is noise here"
    assert "rstan-tshark: this tshark is Wireshark 4.0." in err
    assert "cmake -S . -B build && cmake --build build" in err
