from .scopes import unread_count


def unread(request):
    """The header's message-centre badge."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
