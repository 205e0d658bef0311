"""企业创新积分: configurable indicators → standard scores against a reference population → weights by
lifecycle stage, all vectorised; plus the bank whitelist candidates with reasons for exclusion."""

from gaoxin.engine.points.scoring import PointsResult, load_system, points, whitelist

__all__ = ["PointsResult", "load_system", "points", "whitelist"]
