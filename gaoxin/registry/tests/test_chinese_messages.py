"""Issue 10 item 13: English and machine-made Chinese in forms — Django 6's empty choice "- Select an option -"
and its unique error "具有 统一社会信用代码 的 企业 已存在" — read in 规范用语."""

import pytest
from django.core.exceptions import ValidationError

from gaoxin.registry.models import Enterprise

pytestmark = pytest.mark.django_db


def test_a_duplicate_code_names_the_value_in_plain_chinese(enterprises):
    taken = enterprises[0]
    twin = Enterprise(uscc=taken.uscc, name="另一家公司", established_on=taken.established_on)
    with pytest.raises(ValidationError) as caught:
        twin.validate_unique()
    [message] = caught.value.message_dict["uscc"]
    assert message == f"统一社会信用代码为“{taken.uscc}”的企业已存在"


def test_empty_choices_are_in_chinese(client_for, enterprises):
    field = Enterprise._meta.get_field("hitech_domain")
    assert field.get_choices()[0] == ("", "请选择")
    html = client_for("staff1").get(f"/enterprises/{enterprises[0].pk}/edit/").content.decode()
    assert "Select an option" not in html
