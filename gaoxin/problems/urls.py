app_name = "problems"

urlpatterns: list = []
