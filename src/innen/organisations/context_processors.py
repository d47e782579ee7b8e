from django.http import HttpRequest


def current_organisation(request: HttpRequest) -> dict[str, object]:
    return {"organisation": getattr(request, "organisation", None)}
