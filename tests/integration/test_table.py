# The engine's table (plugin/engine/rstan-table.h) against what the plugin
# registers, the field contract in docs/fields.md, the README's core fields and
# preferences, and the value sets of tools/rstan-report: adding a field, a value
# or an evidence bit fails here until docs/fields.md says it too, and a row
# there for something the plugin does not register fails as well.
#
# SPDX-License-Identifier: GPL-2.0-or-later

import re

from rstan_testlib import ROOT, names, rules, table, tshark

README = (ROOT / "README.md").read_text()
FIELDS_DOC = (ROOT / "docs" / "fields.md").read_text()
# Rows listing a field's values, and the table kind that defines them.
VALUE_ROWS = {"rstan.phase": "phase", "rstan.cause": "cause", "rstan.origin": "origin",
              "rstan.verdict": "verdict", "rstan.seq_status": "seq_status", "rstan.shape": "shape",
              "rstan.reason_kind": "reason_kind", "rstan_conn.ended_by": "origin",
              "rstan_conn.end_verdict": "verdict", "rstan.grounds": "grounds"}
# The type column's first word, and the field type tshark -G fields gives for it.
TYPES = {"string": "FT_STRING", "boolean": "FT_BOOLEAN", "frame": "FT_FRAMENUM",
         "time": "FT_RELATIVE_TIME", "uint8": "FT_UINT8", "uint16": "FT_UINT16",
         "uint32": "FT_UINT32"}
ROW = r"^\| `(rstan(?:_conn)?\.[a-z0-9_.]+)` \| ([^|]*)\|(.*)\|$"

_registered = None


def registered():
    """{abbrev: (type, blurb)} of every rstan and rstan_conn field the plugin registers."""
    global _registered
    if _registered is None:
        _registered = {}
        for line in tshark("-G", "fields").splitlines():
            f = line.split("\t")
            if f[0] == "F" and re.match(r"rstan(_conn)?\.", f[2]):
                _registered[f[2]] = (f[3], f[-1])
    return _registered


def section(text, title):
    text = text[text.index(f"\n## {title}\n"):]
    end = text.find("\n## ", 1)
    return text if end < 0 else text[:end]


def doc_rows(text):
    """{field: (type cell, last cell)} of the table rows naming a field."""
    rows = {}
    for field, typ, rest in re.findall(ROW, text, re.M):
        assert field not in rows, f"{field} has two rows"
        rows[field] = (typ.strip(), rest)
    return rows


def field_rows():
    """The rows of docs/fields.md for fields (every section but the expert items)."""
    expert = section(FIELDS_DOC, "Expert items")
    return doc_rows(FIELDS_DOC.replace(expert, "\n"))


def value_table(header):
    """The first-column words of the docs/fields.md table whose header is `header`."""
    text = FIELDS_DOC[FIELDS_DOC.index(header + "\n"):]
    text = text[:text.index("\n\n")]
    return re.findall(r"^\| `([^`]+)` \|", text, re.M)


def test_every_kind_listed():
    t = table()
    for kind in ("phase", "cause", "origin", "verdict", "seq_status", "shape", "reason_kind", "evidence",
                 "family", "evidence_family", "grounds", "rule", "rule_cause", "rule_source"):
        assert t.get(kind), f"the table lists no {kind}"


def test_evidence_fields_are_the_table():
    """One rstan.evidence.<name> field per evidence bit, its blurb the bit's text."""
    reg = {k[len("rstan.evidence."):]: v[1] for k, v in registered().items() if k.startswith("rstan.evidence.")}
    want = {n: text for n, _w, text in table()["evidence"]}
    assert reg == want


def test_fields_doc_is_what_the_plugin_registers():
    """Every registered field has a row in docs/fields.md, every row there is registered."""
    documented = set(field_rows())
    reg = {k for k in registered() if not k.startswith("rstan.expert.")}
    assert not documented - reg, f"docs/fields.md documents unregistered fields: {sorted(documented - reg)}"
    assert not reg - documented, f"docs/fields.md lacks registered fields: {sorted(reg - documented)}"


def test_fields_doc_types_are_what_the_plugin_registers():
    reg = registered()
    for field, (typ, _rest) in field_rows().items():
        word = re.split(r"[ ,]", typ)[0]
        assert word in TYPES, f"docs/fields.md {field}: unknown type '{typ}'"
        assert TYPES[word] == reg[field][0], f"docs/fields.md {field}: '{typ}', registered {reg[field][0]}"


def test_fields_doc_expert_items_are_what_the_plugin_registers():
    documented = set(doc_rows(section(FIELDS_DOC, "Expert items")))
    reg = {k for k in registered() if k.startswith("rstan.expert.")}
    assert documented == reg and reg, f"differ: {sorted(documented ^ reg)}"


def test_fields_doc_values_are_the_table():
    rows = field_rows()
    for field, kind in VALUE_ROWS.items():
        assert field in rows, f"docs/fields.md has no row for {field}"
        listed = set(re.findall(r"`([^`]+)`", rows[field][1]))
        want = set(names(kind))
        if kind == "reason_kind":
            want.discard("none")   # no reason: the field is not drawn
        assert listed == want, f"docs/fields.md {field}: {sorted(listed ^ want)} differ from the table"


def test_fields_doc_explains_every_phase_and_cause():
    for kind in ("phase", "cause"):
        listed = value_table(f"| {kind} | meaning |")
        assert sorted(listed) == sorted(names(kind)), f"docs/fields.md {kind} meanings: {sorted(set(listed) ^ set(names(kind)))}"


def test_fields_doc_evidence_rows_are_the_table():
    """The evidence bits, in the engine's filter-number order."""
    listed = [f[len("rstan.evidence."):] for f in field_rows() if f.startswith("rstan.evidence.")]
    assert listed == names("evidence")


def test_readme_core_fields_are_the_table():
    """The README's field table: registered fields only, their values the engine's, and the
    README points at docs/fields.md for the rest."""
    rows = doc_rows(section(README, "Filters and fields"))
    assert {"rstan.phase", "rstan.cause", "rstan.origin", "rstan.verdict", "rstan.confidence"} <= set(rows)
    reg = registered()
    for field, (typ, rest) in rows.items():
        assert field in reg, f"README documents {field}, which the plugin does not register"
        if field in VALUE_ROWS:
            want = set(names(VALUE_ROWS[field])) - ({"none"} if VALUE_ROWS[field] == "reason_kind" else set())
            listed = set(re.findall(r"`([^`]+)`", rest))
            assert listed == want, f"README {field}: {sorted(listed ^ want)} differ from the table"
    assert "docs/fields.md" in README


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
    documented = dict(re.findall(r"^\| `(rstan\.[a-z_]+)` \| (\S+) \|", section(README, "Preferences"), re.M))
    assert reg and documented == reg


def test_cause_rules_are_listed_by_identifier():
    """Both cause tables, each rule under a unique snake_case identifier with a cause of the
    table and a source; every cause comes from some rule but `injected`, which only the decision
    gives (rstan_decide: a device racing the endpoints), so that one is named here literally."""
    listed = rules()
    ids = [r["id"] for r in listed]
    assert len(ids) == len(set(ids)), f"identifiers used twice: {sorted(i for i in ids if ids.count(i) > 1)}"
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids), ids
    assert {r["table"] for r in listed} == {"genuine", "policy"}
    assert all(r["cause"] in names("cause") and len(r["source"]) >= 8 for r in listed), listed
    given = {r["cause"] for r in listed}
    assert set(names("cause")) - given == {"injected"}, sorted(set(names("cause")) - given)


# Fields whose values the engine's table defines, as filters in the docs, the GUI profile,
# the tools and the tests write them: VALUE_ROWS and the connection's cause.
FILTER_VALUES = dict(VALUE_ROWS, **{"rstan_conn.end_cause": "cause"})
FILTER = re.compile(r'\b(rstan(?:_conn)?\.[a-z_.]+)\s*(?:[!=]=\s*"([^"]+)"|in\s*\{([^}]*)\})')


def test_filters_written_anywhere_use_the_table_values():
    """The colouring rules (gui/colorfilters), the filters the README and docs/ show, and the
    filters tools/ and the tests run are literal text for users and tshark: every value they
    compare a field with is one of the engine's table, every field they name is registered,
    and every rstan.evidence.<name> they name is an evidence bit of the table."""
    files = [ROOT / "README.md", ROOT / "rstan-try", *sorted((ROOT / "docs").glob("*.md")),
             *sorted(p for p in (ROOT / "gui").rglob("*") if p.is_file()),
             *sorted(p for p in (ROOT / "tools").iterdir() if p.is_file()),
             *sorted((ROOT / "tests").rglob("*.py"))]
    reg, bad, seen = registered(), [], 0
    known = {kind: set(names(kind)) for kind in set(FILTER_VALUES.values()) | {"evidence"}}
    for path in files:
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        for e in re.findall(r"\brstan\.evidence\.([a-z_0-9]+)", text):
            seen += 1
            if e not in known["evidence"]:
                bad.append(f"{path.relative_to(ROOT)}: rstan.evidence.{e} is no evidence bit of the table")
        for m in FILTER.finditer(text):
            field, one, several = m.groups()
            if field not in FILTER_VALUES:
                continue
            seen += 1
            values = [one] if one is not None else re.findall(r'"([^"]+)"', several)
            where = f"{path.relative_to(ROOT)}: {m.group(0)}"
            if field not in reg:
                bad.append(f"{where}: {field} is not registered")
            bad += [f"{where}: '{v}' is no {FILTER_VALUES[field]} of the table" for v in values
                    if v not in known[FILTER_VALUES[field]]]
    assert seen >= 10, "found too few filters: update this test"
    assert not bad, "\n".join(bad)
