"""The YAML reader: safe loading only, positions for every value, and refusals with a place."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from routekaart.content import loader as content
from routekaart.content import yamlsource
from routekaart.content.yamlsource import MAX_BYTES, Position, YamlError, location_key, parse
from routekaart.content.yamlsource import load as load_yaml

ROOT = Path(__file__).resolve().parent.parent


def refused(text: str) -> YamlError:
    with pytest.raises(YamlError) as info:
        parse(text, "f.yaml")
    return info.value


# --- no code execution, no bombs -------------------------------------------------------------


def test_python_tags_are_refused_and_never_run(tmp_path: Path):
    proof = tmp_path / "pwned"
    text = f"title: x\nrun: !!python/object/apply:os.system ['touch {proof}']\n"
    error = refused(text)
    assert error.position == Position("f.yaml", 2, 6)
    assert error.message == (
        "the tag !!python/object/apply:os.system is not allowed in content; remove it"
    )
    assert not proof.exists()


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/new:os.system",
        "!!python/name:os.system",
        "!!binary",
        "!!timestamp",
        "!!float",
        "!custom",
    ],
)
def test_every_other_tag_is_refused(tag: str):
    error = refused(f"a: 1\nb: {tag} x\n")
    assert error.position.line == 2
    assert "is not allowed in content" in error.message


def test_python_tag_in_a_content_file_is_a_checker_error(content_copy: Path, tmp_path: Path):
    proof = tmp_path / "pwned"
    path = content_copy / "settings.yaml"
    path.write_text(
        path.read_text().replace(
            "stale_after_days: 365",
            f"stale_after_days: !!python/object/apply:os.system ['touch {proof}']",
        )
    )
    loaded, messages = content.load(content_copy)
    assert loaded is None
    errors = [str(m) for m in messages if m.severity == "error"]
    assert errors == [
        "content/settings.yaml:9:19: error: "
        "the tag !!python/object/apply:os.system is not allowed in content; remove it"
    ]
    assert not proof.exists()


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
j: &j [*i,*i,*i,*i,*i,*i,*i,*i,*i]
k: &k [*j,*j,*j,*j,*j,*j,*j,*j,*j]
l: &l [*k,*k,*k,*k,*k,*k,*k,*k,*k]
m: &m [*l,*l,*l,*l,*l,*l,*l,*l,*l]
"""


def test_alias_bomb_is_refused_at_its_first_anchor():
    # 9**13 (2.5e12) strings if expanded: the test would never finish if anything were built.
    error = refused(BILLION_LAUGHS)
    assert error.position == Position("f.yaml", 1, 4)
    assert error.message == "anchors (&a) are not allowed in content; write the value out"


def test_alias_without_anchor_is_refused_at_the_alias():
    error = refused("a: 1\nb: *nothing\n")
    assert error.position == Position("f.yaml", 2, 4)
    assert "aliases (*nothing) are not allowed" in error.message


def test_merge_keys_are_not_special():
    # "<<" is just a key here; with anchors refused there is nothing to merge.
    assert parse("<<: 1\n", "f.yaml").data == {"<<": 1}


# --- size, encoding, structure ------------------------------------------------------------------


def test_file_over_2_mb_is_refused_before_it_is_read(tmp_path: Path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * (MAX_BYTES - 3) + b"\n" + b"a: 1\n")
    assert path.stat().st_size > MAX_BYTES

    def no_parsing(*args, **kwargs):
        raise AssertionError("a file over the limit must not be parsed")

    monkeypatch.setattr(yamlsource, "parse", no_parsing)
    monkeypatch.setattr(Path, "read_bytes", no_parsing)
    with pytest.raises(YamlError) as info:
        load_yaml(path, "big.yaml")
    assert info.value.position == Position("big.yaml", 1, 1)
    assert info.value.message == "file is larger than 2 MB; split it"


def test_file_of_exactly_2_mb_is_read(tmp_path: Path):
    path = tmp_path / "edge.yaml"
    body = b"a: 1\n# "
    path.write_bytes(body + b"x" * (MAX_BYTES - len(body) - 1) + b"\n")
    assert path.stat().st_size == MAX_BYTES
    assert load_yaml(path).data == {"a": 1}


def test_text_over_2_mb_is_refused_by_parse_too():
    error = refused("a: 1\n#" + "\u00e9" * (MAX_BYTES // 2))  # 2 bytes per character
    assert error.message == "file is larger than 2 MB; split it"


def test_duplicate_key_is_refused_with_both_lines():
    error = refused("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n")
    assert error.position == Position("f.yaml", 5, 3)
    assert error.message == 'duplicate key "c" (first written at line 3)'


def test_same_key_in_different_mappings_is_fine():
    assert parse("a: {c: 1}\nb: {c: 2}\n", "f.yaml").data == {"a": {"c": 1}, "b": {"c": 2}}


def test_invalid_utf8_is_refused_with_line_and_column(tmp_path: Path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\nb: café\n".encode("latin-1"))
    with pytest.raises(YamlError) as info:
        load_yaml(path, "latin1.yaml")
    assert info.value.position == Position("latin1.yaml", 2, 7)
    assert info.value.message == "file is not valid UTF-8 text (byte 0xE9); save it as UTF-8"


def test_invalid_utf8_after_arabic_counts_characters(tmp_path: Path):
    path = tmp_path / "mixed.yaml"
    path.write_bytes("a: 1\nb: مرحبا".encode() + b"\xff\n")
    with pytest.raises(YamlError) as info:
        load_yaml(path, "mixed.yaml")
    assert info.value.position == Position("mixed.yaml", 2, 9)


def test_byte_order_mark_is_accepted(tmp_path: Path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml(path).data == {"a": 1}


@pytest.mark.parametrize(
    ("text", "line", "column", "code"),
    [
        ("a: 1\nb: x\x07y\n", 2, 5, 0x07),
        ("a: مرحبا\nb: مرحبا\x00\n", 2, 9, 0x00),
        ("a: 1\n\x1b[31mb: 2\n", 2, 1, 0x1B),
    ],
)
def test_control_characters_are_refused_with_position(text, line, column, code):
    error = refused(text)
    assert error.position == Position("f.yaml", line, column)
    assert error.message == f"the character U+{code:04X} is not allowed in content; remove it"


def test_second_document_is_refused():
    error = refused("a: 1\n---\nb: 2\n")
    assert error.position == Position("f.yaml", 2, 1)
    assert "only one document per file" in error.message


def test_complex_keys_are_refused():
    error = refused("a: 1\n? [x, y]\n: 2\n")
    assert error.position == Position("f.yaml", 2, 3)
    assert error.message == "a key must be a plain word or text"


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ('a: 1\nb: "open\nc: 2\n', 2, 4, "the quote or bracket that starts here is never closed"),
        ("a: 1\nb: [x, y\nc: 2\n", 3, 2, "flow sequence that starts at line 2"),
        ("a: 1\n b: 2\n", 2, 3, "mapping values are not allowed"),
        ("a: 1\nb: x: y\n", 2, 5, "mapping values are not allowed"),
        ("a: 1\n\tb: 2\n", 2, 1, "YAML syntax error"),
    ],
)
def test_syntax_errors_point_at_the_mistake(text, line, column, words):
    error = refused(text)
    assert (error.position.line, error.position.column) == (line, column)
    assert error.message.startswith("YAML syntax error: ")
    assert words in error.message


# --- scalars: YAML 1.1 surprises do not happen ---------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("9:00", "9:00"),  # YAML 1.1: the number 540
        ("09:00", "09:00"),
        ("12:30:00", "12:30:00"),
        ("no", "no"),  # YAML 1.1: false
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("0o17", "0o17"),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        ("2025-03-01", "2025-03-01"),  # the model parses dates
        (".inf", ".inf"),
        (".nan", ".nan"),
        ("1e3", "1e3"),
        ("12", 12),
        ("-3", -3),
        ("007", "007"),  # leading zero: text, so phone-like values never lose a digit
        ("1.5", 1.5),
        ("true", True),
        ("False", False),
        ("null", None),
        ("~", None),
        ("", None),
        ('"12"', "12"),
        ("'true'", "true"),
        ("!!str 12", "12"),
        ("! 12", "12"),
    ],
)
def test_scalars(written: str, value):
    data = parse(f"v: {written}\n", "f.yaml").data
    assert data == {"v": value}
    assert type(data["v"]) is type(value)


def test_block_scalars_are_text():
    assert parse("v: |\n  12\n", "f.yaml").data == {"v": "12\n"}


def test_unquoted_time_becomes_a_time_not_540(content_copy: Path):
    path = content_copy / "organisations.yaml"
    text = path.read_text()
    assert 'from: "09:00"\n        to: "17:00"' in text
    path.write_text(
        text.replace('from: "09:00"\n        to: "17:00"', "from: 9:00\n        to: 17:00")
    )
    loaded, messages = content.load(content_copy)
    assert loaded is not None, [str(m) for m in messages]
    slot = loaded.organisations["kredietbank"].hours[0]
    assert (slot.opens, slot.closes) == (time(9, 0), time(17, 0))


# --- positions ------------------------------------------------------------------------------------


def test_positions_of_values_and_keys_count_characters():
    doc = parse(
        "title:\n  nl: Hallo\n  ar: مرحبا بك\nlist:\n  - مرحبا\n  - {x: 1, y: ja}\n", "f.yaml"
    )
    assert doc.position(("title",), key=True) == Position("f.yaml", 1, 1)
    assert doc.position(("title",)) == Position("f.yaml", 2, 3)
    assert doc.position(("title", "ar")) == Position("f.yaml", 3, 7)
    assert doc.position(("list", 0)) == Position("f.yaml", 5, 5)
    assert doc.position(("list", 1, "y")) == Position("f.yaml", 6, 15)
    assert doc.position(("list", 1, "y"), key=True) == Position("f.yaml", 6, 12)
    # A place that does not exist falls back to its nearest parent.
    assert doc.position(("list", 1, "z")) == Position("f.yaml", 6, 5)
    assert doc.position(("nothing", "here")) == Position("f.yaml", 1, 1)


@pytest.mark.parametrize("name", ["settings.yaml", "organisations.yaml", "routekaart.yaml"])
def test_libyaml_and_pure_python_parsers_agree(name: str, monkeypatch):
    text = (ROOT / "content" / name).read_text(encoding="utf-8")
    fast = parse(text, name)
    monkeypatch.setattr(yamlsource, "_LOADER", yaml.SafeLoader)
    slow = parse(text, name)
    assert fast.data == slow.data
    # Same places, same line and column for every value and every key.
    assert fast.values == slow.values
    assert fast.keys == slow.keys
    assert len(fast.values) > 40


def test_every_line_of_the_real_content_maps_back_to_its_text():
    """Each value's position holds that value (for plain one-line scalars)."""
    for name in ("organisations.yaml", "routekaart.yaml"):
        text = (ROOT / "content" / name).read_text(encoding="utf-8")
        lines = text.splitlines()
        doc = parse(text, name)
        checked = 0
        for loc in doc.locations():
            pos = doc.position(loc)
            value = _get(doc.data, loc)
            if isinstance(value, str) and "\n" not in value and len(value) > 3:
                line = lines[pos.line - 1]
                start = pos.column - 1
                assert line[start:].lstrip("\"'").startswith(value), (loc, pos)
                checked += 1
        assert checked > 100


def _get(data, loc):
    for part in loc:
        data = data[part]
    return data


# --- anything at all: only YamlError -------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_random_text_gives_data_or_yaml_error(text: str):
    try:
        doc = parse(text, "f.yaml")
    except YamlError as error:
        assert error.position.line >= 1 and error.position.column >= 1
        return
    for loc in doc.locations():
        pos = doc.position(loc)
        assert pos.line >= 1 and pos.column >= 1


_keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-_0123456789 ", min_size=1, max_size=12)
# PyYAML's writer folds the YAML 1.1 line breaks NEL, LS and PS (and a lone CR) into spaces
# in some styles; that is the writer's business, not the reader's, so they are left out.
_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\x85\u2028\u2029\r"),
    max_size=30,
)
_leaves = st.none() | st.booleans() | st.integers() | _TEXT
_data = st.recursive(
    _leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_keys, _data, min_size=1, max_size=5))
def test_what_safe_dump_writes_reads_back_the_same(data):
    """Text that YAML 1.1 would read as something else is quoted by a YAML writer, and our
    smaller rule set reads every such value back unchanged."""
    for flow in (False, True):
        text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
        assert parse(text, "f.yaml").data == data


def test_locations_and_their_keys():
    doc = parse("a:\n  - x\n  - {b: 1}\n'0': [y]\n", "f.yaml")
    assert sorted(doc.locations(), key=repr) == sorted(
        [(), ("a",), ("a", 0), ("a", 1), ("a", 1, "b"), ("0",), ("0", 0)], key=repr
    )
    assert location_key(("a", 1, "b")) == "\x1fa\x1f1\x1fb"
    assert doc.position(("0", 0)) == Position("f.yaml", 4, 7)


def test_garbage_collection_is_back_on_after_reading():
    import gc

    assert gc.isenabled()
    parse("a: [1, 2]\n", "f.yaml")
    assert gc.isenabled()
    with pytest.raises(YamlError):
        parse("a: &x 1\n", "f.yaml")
    assert gc.isenabled()
