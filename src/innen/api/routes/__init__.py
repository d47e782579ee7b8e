"""One router per resource; each reads and writes only the token's organisation."""
