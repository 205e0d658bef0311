"""统一社会信用代码 (GB 32100-2015): check character, each error's own message, division warning."""

from hypothesis import given
from hypothesis import strategies as st

from gaoxin.registry import uscc
from gaoxin.registry.reference import divisions

VALID = "91350100M000100Y43"  # a published example code


def test_known_valid_code():
    assert uscc.check(VALID).ok
    assert uscc.check(" 91350100m000100y43 ").ok  # trimmed, upper-cased


def test_wrong_length():
    assert uscc.check(VALID[:17]).errors == ["统一社会信用代码应为 18 位，当前为 17 位"]


def test_forbidden_letter():
    [message] = uscc.check(VALID[:8] + "O" + VALID[9:]).errors
    assert "不得含有字母 I、O、S、V、Z" in message and "第 9 位" in message


def test_wrong_check_character():
    [message] = uscc.check(VALID[:17] + "0").errors
    assert "校验码" in message


def test_unknown_division_is_only_a_warning():
    code = uscc.make("429999", "MA4K00001")
    result = uscc.check(code)
    assert result.ok and len(result.warnings) == 1 and "429999" in result.warnings[0]


CHARS = st.sampled_from(uscc.CHARSET)
DIVISIONS = st.sampled_from(sorted(divisions()))
BODY = st.text(alphabet=uscc.CHARSET, min_size=9, max_size=9)


@given(division=DIVISIONS, body=BODY, dept=st.sampled_from("123456789ABCDEFGY"), cat=CHARS)
def test_any_generated_code_passes(division, body, dept, cat):
    result = uscc.check(uscc.make(division, body, dept, cat))
    assert result.ok and not result.warnings


@given(division=DIVISIONS, body=BODY, pos=st.integers(0, 17), data=st.data())
def test_changing_one_character_fails(division, body, pos, data):
    code = uscc.make(division, body)
    replacement = data.draw(CHARS.filter(lambda c: c != code[pos]))
    corrupted = code[:pos] + replacement + code[pos + 1 :]
    assert not uscc.check(corrupted).ok
