from ninja import Router

router = Router(tags=["报表与通报"])
