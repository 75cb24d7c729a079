from django.shortcuts import render


def bad_request(request, exception):
    """Say what was wrong with the request, not just that something was."""
    return render(request, "400.html", {"message": str(exception)}, status=400)
