from ninja import Router

router = Router(tags=["资质评估与梯度培育"])
