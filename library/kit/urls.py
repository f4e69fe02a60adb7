app_name = "kit"
urlpatterns = []
