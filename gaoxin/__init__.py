"""Gaoxin (高新区运营平台): the operations platform of a high-tech zone administrative committee."""

__version__ = "0.1.0"
