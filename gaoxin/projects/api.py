from ninja import Router

router = Router(tags=["重点项目"])
