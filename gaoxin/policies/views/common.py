from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils import timezone


def this_year() -> int:
    return timezone.localdate().year


def year_of(request) -> int:
    try:
        return int(request.GET.get("year") or request.POST.get("year") or this_year())
    except ValueError:
        return this_year()


def report(request, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)
