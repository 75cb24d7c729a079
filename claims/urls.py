from django.urls import path

from . import views

app_name = "claims"
urlpatterns = [
    path("", views.question_list, name="index"),
    path("questions/<slug:slug>/", views.question_detail, name="question"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
]
