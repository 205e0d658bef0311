app_name = "demo"

urlpatterns: list = []
