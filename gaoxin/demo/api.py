from ninja import Router

router = Router(tags=["演示数据"])
