# The engine's table (plugin/engine/rstan-table.h) against what the plugin
# registers, the README's field tables and the value sets of tools/rstan-report:
# adding a value or an evidence bit fails here until the README says it too.
#
# SPDX-License-Identifier: GPL-2.0-or-later

import re

from rstan_testlib import ROOT, names, table, tshark

README = (ROOT / "README.md").read_text()
# README rows listing a field's values, and the table kind that defines them.
VALUE_ROWS = {"rstan.phase": "phase", "rstan.cause": "cause", "rstan.origin": "origin",
              "rstan.verdict": "verdict", "rstan.seq_status": "seq_status", "rstan.shape": "shape",
              "rstan.reason_kind": "reason_kind"}


def registered():
    """{abbrev: blurb} of every rstan and rstan_conn field the plugin registers."""
    out = {}
    for line in tshark("-G", "fields").splitlines():
        f = line.split("\t")
        if f[0] == "F" and re.match(r"rstan(_conn)?\.", f[2]):
            out[f[2]] = f[-1]
    return out


def section(title):
    text = README[README.index(f"\n## {title}\n"):]
    return text[:text.index("\n## ", 1)]


def readme_row(field):
    m = re.search(r"^\| `%s` \|[^|]*\|(.*)\|$" % re.escape(field), README, re.M)
    assert m, f"README has no row for {field}"
    return m.group(1)


def test_every_kind_listed():
    t = table()
    for kind in ("phase", "cause", "origin", "verdict", "seq_status", "shape", "reason_kind", "evidence"):
        assert t.get(kind), f"the table lists no {kind}"


def test_evidence_fields_are_the_table():
    """One rstan.evidence.<name> field per evidence bit, its blurb the bit's text."""
    reg = {k[len("rstan.evidence."):]: v for k, v in registered().items() if k.startswith("rstan.evidence.")}
    want = {n: text for n, _w, text in table()["evidence"]}
    assert reg == want


def test_readme_field_tables_are_what_the_plugin_registers():
    documented = set(re.findall(r"^\| `(rstan(?:_conn)?\.[a-z_.]+)` \|", section("Fields"), re.M))
    reg = {k for k in registered() if not k.startswith(("rstan.evidence.", "rstan.expert"))}
    assert documented == reg


def test_readme_expert_table_is_what_the_plugin_registers():
    documented = set(re.findall(r"^\| `(rstan\.expert\.[a-z_]+)` \|", section("Expert information"), re.M))
    reg = {k for k in registered() if k.startswith("rstan.expert.")}
    assert documented == reg and reg


def test_readme_values_are_the_table():
    for field, kind in VALUE_ROWS.items():
        listed = set(re.findall(r"`([^`]+)`", readme_row(field)))
        want = set(names(kind))
        if kind == "reason_kind":
            want.discard("none")   # no reason: the field is not drawn
        assert listed == want, f"README {field}: {sorted(listed ^ want)} differ from the table"


def test_readme_evidence_names_are_the_table():
    m = re.search(r"^Evidence names: (.*?)\.\n\n", README, re.M | re.S)
    assert m, "README has no 'Evidence names:' list"
    assert re.findall(r"`([a-z0-9_]+)`", m.group(1)) == names("evidence")


def test_report_value_sets_are_the_table():
    """Every value tools/rstan-report compares a field with is one the engine defines."""
    src = (ROOT / "tools" / "rstan-report").read_text()
    used = re.findall(r"\['(phase|cause|origin|verdict)'\]\s*[!=]=\s*'([^']+)'", src)
    assert used, "tools/rstan-report compares no field with a value: update this test"
    for kind, value in used:
        assert value in names(kind), f"tools/rstan-report uses {kind} '{value}', not in the table"


def test_readme_preferences_are_what_the_plugin_registers():
    """Every preference with its default, as the plugin registers it (tshark -G defaultprefs)."""
    # A string preference whose default is empty is documented as "(empty)".
    reg = {k: v or "(empty)" for k, v in re.findall(r"^#(rstan\.[a-z_]+): ?(\S*)$", tshark("-G", "defaultprefs"), re.M)}
    documented = dict(re.findall(r"^\| `(rstan\.[a-z_]+)` \| (\S+) \|", section("Preferences"), re.M))
    assert reg and documented == reg
