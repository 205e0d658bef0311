from .navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"menu": menu_for(user), "watermark": watermark_text(user)}


def watermark_text(user) -> str:
    """园区设置 ``watermark`` (on unless turned off): pages seen by someone who reads personal data
    unmasked carry the viewer's name and the time, so a photographed or printed screen names its source."""
    if not user.may_see_personal_data:
        return ""
    from django.utils import timezone

    zone = user.zone if user.zone_id else None
    if zone is not None and not zone.setting("watermark", True):
        return ""
    return f"{user.display_name}（{user.username}） {timezone.localtime():%Y-%m-%d %H:%M}"
