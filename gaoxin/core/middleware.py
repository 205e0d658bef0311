from .context import Actor, reset_actor, set_actor


class RequestContextMiddleware:
    """Makes the requesting user and IP the fallback actor for anything recorded during the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = "api" if request.path.startswith("/api/") else "web"
        token = set_actor(Actor.from_request(request, source=source))
        try:
            return self.get_response(request)
        finally:
            reset_actor(token)
