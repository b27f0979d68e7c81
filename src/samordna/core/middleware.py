"""Security headers: a strict Content-Security-Policy (no inline script or style)."""


class SecurityHeadersMiddleware:
    POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
              "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.POLICY)
        return response
