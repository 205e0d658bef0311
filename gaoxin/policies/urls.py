from django.urls import path

from . import views

app_name = "policies"

urlpatterns = [
    path("", views.library, name="library"),
    path("load/", views.load, name="load"),
    path("run/", views.run, name="run"),
    path("check/", views.check, name="check"),
    path("<int:pk>/", views.policy_detail, name="policy"),
    path("<int:pk>/status/", views.policy_status, name="policy_status"),
    path("clause/<int:pk>/edit/", views.clause_edit, name="clause_edit"),
    path("matches/", views.matches, name="matches"),
    path("matches/export/", views.match_export, name="match_export"),
    path("matches/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("mine/", views.mine, name="mine"),
    path("pending/", views.pending, name="pending"),
    path("claims/", views.claims, name="claims"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/review/", views.claim_review, name="claim_review"),
    path("claims/<int:pk>/pay/", views.claim_pay, name="claim_pay"),
    path("claims/publicity/", views.publicity, name="publicity"),
    path("claims/approve/", views.approve, name="approve"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/export/", views.ledger_export, name="ledger_export"),
    path("funds/", views.funds, name="funds"),
    path("sandbox/", views.sandbox, name="sandbox"),
]
