from ninja import Router

router = Router(tags=["创新积分与白名单"])
