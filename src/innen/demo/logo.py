"""The demo organisation's logo: a wholesaler's mark, drawn as SVG for its letters."""

DEMO_LOGO = b"""<svg xmlns="http://www.w3.org/2000/svg" width="230" height="60"
 viewBox="0 0 230 60">
<rect x="0" y="4" width="52" height="52" rx="8" fill="#1f6f5c"/>
<text x="26" y="39" font-family="DejaVu Sans, sans-serif" font-size="22" font-weight="bold"
 fill="#fff" text-anchor="middle">VdB</text>
<text x="62" y="28" font-family="DejaVu Sans, sans-serif" font-size="18" font-weight="bold"
 fill="#1f6f5c">GROOTHANDEL</text>
<text x="62" y="50" font-family="DejaVu Sans, sans-serif" font-size="16"
 fill="#1f6f5c">VAN DER BERG</text>
</svg>"""
