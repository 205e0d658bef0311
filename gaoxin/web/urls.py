from django.urls import path

from . import money, second_factor, tasks, views

app_name = "web"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.login_view, name="login"),
    path("login/code/", second_factor.second_factor, name="second_factor"),
    path("login/enrol/", second_factor.second_factor_enrol, name="second_factor_enrol"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("money/echo/", money.money_echo, name="money_echo"),
    path("tasks/<uuid:pk>/", tasks.task_progress, name="task_progress"),
]
