# SPDX-License-Identifier: GPL-2.0-or-later
"""Session fixtures of the triage tests: tshark and tools/rstan-report run once
over the corpus, several captures at a time (helpers in triage_common.py)."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from triage_common import (PLUGIN, RST_FILTER, WORK, conn_rows,  # noqa: E402
                           last, parse_stats, per_capture, report_run, tshark)
import rstan_testlib  # noqa: E402  (on the path triage_common set)


@pytest.fixture(scope='session', autouse=True)
def plugin_loaded():
    """The plugin must load, or every test here fails loudly."""
    rstan_testlib.assert_plugin_loads(PLUGIN)


@pytest.fixture(scope='session')
def work():
    return WORK


@pytest.fixture(scope='session')
def report_two():
    """tools/rstan-report over the whole corpus in one command (-2, the default)."""
    return report_run([], 'two')


@pytest.fixture(scope='session')
def report_single():
    return report_run(['--single-pass'], 'single')


@pytest.fixture(scope='session')
def rst_frames():
    """Frame numbers of every reset rstan should analyse, per capture."""
    def frames(c):
        out = tshark('-n', '-r', c, '-Y', RST_FILTER, '-T', 'fields', '-e', 'frame.number')
        return [int(x) for x in out.split()]
    return per_capture(frames)


@pytest.fixture(scope='session')
def stats_single():
    return per_capture(lambda c: parse_stats(tshark('-n', '-r', c, '-q', '-z', 'rstan,tree')))


@pytest.fixture(scope='session')
def stats_two():
    return per_capture(lambda c: parse_stats(tshark('-n', '-r', c, '-2', '-q', '-z',
                                                    'rstan,tree')))


@pytest.fixture(scope='session')
def conn_two():
    return per_capture(lambda c: conn_rows(c, True))


@pytest.fixture(scope='session')
def conn_single():
    return per_capture(lambda c: conn_rows(c, False))


@pytest.fixture(scope='session')
def middlebox_streams():
    """Streams selected by -2 -Y 'rstan_conn.ended_by == "middlebox"', per capture."""
    def streams(c):
        out = tshark('-n', '-r', c, '-2', '-Y', 'rstan_conn.ended_by == "middlebox"',
                     '-T', 'fields', '-e', 'tcp.stream')
        return {int(last(x)) for x in out.split('\n') if last(x)}
    return per_capture(streams)
