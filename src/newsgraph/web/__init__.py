"""The web UI: static HTML, CSS and JavaScript served by ``newsgraph serve``
and inlined by ``newsgraph report``.  No CDN: everything ships in ``static/``.
"""
